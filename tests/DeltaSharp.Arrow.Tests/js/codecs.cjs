'use strict';
// Registers LZ4_FRAME and ZSTD body-compression codecs with apache-arrow, backed by the reference command-line
// tools (lz4 and zstd, from the Debian packages of the same names), so that apache-arrow can read and write
// compressed IPC independently of DeltaSharp's codec bindings.
const { execFileSync } = require('child_process');
const { compressionRegistry, CompressionType } = require('apache-arrow');

function run(tool, args, input) {
  return new Uint8Array(execFileSync(tool, args, { input: Buffer.from(input.buffer, input.byteOffset, input.byteLength), maxBuffer: 1 << 30 }));
}

function register() {
  compressionRegistry.set(CompressionType.LZ4_FRAME, {
    encode: (data) => run('lz4', ['-q', '-c', '-'], data),
    decode: (data) => run('lz4', ['-q', '-d', '-c', '-'], data),
  });
  compressionRegistry.set(CompressionType.ZSTD, {
    encode: (data) => run('zstd', ['-q', '-c', '-'], data),
    decode: (data) => run('zstd', ['-q', '-d', '-c', '-'], data),
  });
}

module.exports = { register };
