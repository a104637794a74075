'use strict';
// Usage: node read-ipc.cjs <file>   Reads an Arrow IPC stream or file with apache-arrow and prints canonical JSON.
const fs = require('fs');
const { tableFromIPC } = require('apache-arrow');
const { renderTable } = require('./render.cjs');
const table = tableFromIPC(fs.readFileSync(process.argv[2]));
process.stdout.write(JSON.stringify(renderTable(table)));
