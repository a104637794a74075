'use strict';
// Usage: node read-ipc.cjs <file>   Reads an Arrow IPC stream or file with apache-arrow and prints canonical JSON.
// LZ4_FRAME and ZSTD compressed bodies are decoded with the lz4/zstd command-line tools (codecs.cjs).
const fs = require('fs');
const { tableFromIPC } = require('apache-arrow');
const { renderTable } = require('./render.cjs');
require('./codecs.cjs').register();
const table = tableFromIPC(fs.readFileSync(process.argv[2]));
process.stdout.write(JSON.stringify(renderTable(table)));
