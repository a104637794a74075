'use strict';
// Usage: node write-ipc.cjs <out-dir>
// Builds deterministic record batches of every type with apache-arrow, writes them as an IPC stream
// (<out-dir>/js.arrows; compressed: js-lz4.arrows, js-zstd.arrows) and file (<out-dir>/js.arrow), and prints the
// canonical JSON of the in-memory table.
const fs = require('fs');
const path = require('path');
const A = require('apache-arrow');
const { renderTable } = require('./render.cjs');

const N = 7;
const DICT = new A.Dictionary(new A.Utf8(), new A.Int32(), 0);
// A dictionary sent in chunks: apache-arrow writes the first chunk as the dictionary and later chunks as deltas.
const DELTA = new A.Dictionary(new A.Utf8(), new A.Int16(), 1);
const CHUNKS = [['alpha', 'beta'], ['gamma'], ['delta', 'epsilon']].map((c) => A.vectorFromArray(c, new A.Utf8()).data[0]);
const validEvery = (skip) => Array.from({ length: N }, (_, i) => i % skip !== 1);
function bitmap(valid) {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => { if (v) bits[i >> 3] |= 1 << (i & 7); });
  return bits;
}
function prim(type, values, valid) {
  const nullCount = valid ? valid.filter((v) => !v).length : 0;
  return A.makeData({ type, length: values.length / (type.stride || 1), nullCount, nullBitmap: valid ? bitmap(valid) : null, data: values });
}
function vec(type, values) { return A.vectorFromArray(values, type).data[0]; }

function build(seed, sharedSchema) {
  const v = validEvery(3);
  const s = seed;
  const cols = {};
  const f = [];
  const add = (name, data, nullable = true, metadata) => { cols[name] = data; f.push(new A.Field(name, data.type, nullable, metadata)); };
  add('null', A.makeData({ type: new A.Null(), length: N }));
  add('bool', vec(new A.Bool(), [true, false, null, true, true, false, s % 2 === 0]));
  add('i8', prim(new A.Int8(), Int8Array.from([-128, 127, 0, -1, 5 + s, 6, 7]), v));
  add('i16', prim(new A.Int16(), Int16Array.from([-32768, 32767, 0, -1, 5 + s, 6, 7]), v));
  add('i32', prim(new A.Int32(), Int32Array.from([-2147483648, 2147483647, 0, -1, 5 + s, 6, 7]), v), false);
  add('i64', prim(new A.Int64(), BigInt64Array.from([-9223372036854775808n, 9223372036854775807n, 0n, -1n, BigInt(5 + s), 6n, 7n]), v));
  add('u8', prim(new A.Uint8(), Uint8Array.from([0, 255, 1, 2, 3 + s, 4, 5]), v));
  add('u16', prim(new A.Uint16(), Uint16Array.from([0, 65535, 1, 2, 3 + s, 4, 5]), v));
  add('u32', prim(new A.Uint32(), Uint32Array.from([0, 4294967295, 1, 2, 3 + s, 4, 5]), v));
  add('u64', prim(new A.Uint64(), BigUint64Array.from([0n, 18446744073709551615n, 1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('f16', prim(new A.Float16(), Uint16Array.from([0x3c00, 0xc000, 0x7c00, 0x0001, 0x3e00 + s, 0, 0x8000]), v));
  add('f32', prim(new A.Float32(), Float32Array.from([1.5, -2.25, Infinity, NaN, 3 + s, 0, -0]), v));
  add('f64', prim(new A.Float64(), Float64Array.from([1.5, -2.25, -Infinity, 1e300, 3 + s, 5e-324, -0]), v));
  add('dec128', prim(new A.Decimal(2, 10, 128), Uint32Array.from(Array.from({ length: N * 4 }, (_, k) => (k % 4 === 0 ? 12345 + k + s : (k % 4 === 3 && k > 20 ? 0xffffffff : 0)))), v));
  add('dec256', prim(new A.Decimal(3, 40, 256), Uint32Array.from(Array.from({ length: N * 8 }, (_, k) => (k % 8 === 0 ? 987 + k + s : 0))), v));
  add('date32', prim(new A.DateDay(), Int32Array.from([0, 19000, -1, 20000 + s, 1, 2, 3]), v));
  add('date64', prim(new A.DateMillisecond(), BigInt64Array.from([0n, 1641600000000n, -86400000n, 86400000n * BigInt(s), 1n, 2n, 3n]), v));
  add('time32s', prim(new A.TimeSecond(), Int32Array.from([0, 86399, 1, 2, 3 + s, 4, 5]), v));
  add('time32ms', prim(new A.TimeMillisecond(), Int32Array.from([0, 86399999, 1, 2, 3 + s, 4, 5]), v));
  add('time64us', prim(new A.TimeMicrosecond(), BigInt64Array.from([0n, 86399999999n, 1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('time64ns', prim(new A.TimeNanosecond(), BigInt64Array.from([0n, 86399999999999n, 1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('ts_us_utc', prim(new A.Timestamp(A.TimeUnit.MICROSECOND, 'UTC'), BigInt64Array.from([0n, 1700000000000000n, -1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('ts_ns', prim(new A.Timestamp(A.TimeUnit.NANOSECOND), BigInt64Array.from([0n, 1700000000000000000n, -1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('ts_s', prim(new A.Timestamp(A.TimeUnit.SECOND, '+07:30'), BigInt64Array.from([0n, 1700000000n, -1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('dur_ms', prim(new A.Duration(A.TimeUnit.MILLISECOND), BigInt64Array.from([0n, 1000n, -1n, 2n, BigInt(3 + s), 4n, 5n]), v));
  add('utf8', vec(new A.Utf8(), ['a', '', null, 'héllo wörld', 'x'.repeat(20 + s), '日本', null]), true, new Map([['comment', 'field metadata']]));
  add('large_utf8', vec(new A.LargeUtf8(), ['b', null, '', 'large', 'y'.repeat(13 + s), 'z', 'ü']));
  add('binary', vec(new A.Binary(), [Uint8Array.of(1, 2), null, Uint8Array.of(), Uint8Array.of(255), Uint8Array.of(s), Uint8Array.of(0, 0, 0), null]));
  add('large_binary', vec(new A.LargeBinary(), [Uint8Array.of(9), Uint8Array.of(), null, Uint8Array.of(8, 7), Uint8Array.of(s, s), null, Uint8Array.of(1)]));
  add('utf8_view', vec(new A.Utf8View(), ['short', null, 'a string longer than twelve bytes', '', 'v' + s, 'another long string value here!', null]));
  add('binary_view', vec(new A.BinaryView(), [Uint8Array.of(1), null, Uint8Array.from({ length: 20 }, (_, k) => k + s), Uint8Array.of(), Uint8Array.of(2, 3), null, Uint8Array.of(4)]));
  add('fsb3', vec(new A.FixedSizeBinary(3), [Uint8Array.of(1, 2, 3), null, Uint8Array.of(4, 5, 6), Uint8Array.of(s, 0, 0), Uint8Array.of(7, 8, 9), null, Uint8Array.of(0, 0, 1)]));
  add('list_i32', vec(new A.List(new A.Field('item', new A.Int32(), true)), [[1, 2, 3], null, [], [4, null, 6 + s], [7], null, [8, 9]]));
  add('large_list_utf8', vec(new A.LargeList(new A.Field('item', new A.Utf8(), true)), [['a'], [], null, ['b', null, 'c'], ['d' + s], null, ['e', 'f']]));
  add('fsl_i16', vec(new A.FixedSizeList(2, new A.Field('item', new A.Int16(), true)), [[1, 2], null, [3, null], [4, 5 + s], [6, 7], null, [8, 9]]));
  add('struct', vec(new A.Struct([new A.Field('a', new A.Int32(), true), new A.Field('b', new A.Utf8(), true)]),
    [{ a: 1, b: 'x' }, null, { a: null, b: 'y' }, { a: 3 + s, b: null }, { a: 4, b: 'w' }, null, { a: 5, b: 'v' }]));
  add('map', vec(new A.Map_(new A.Field('entries', new A.Struct([new A.Field('key', new A.Utf8(), false), new A.Field('value', new A.Int32(), true)]), false)),
    [new Map([['a', 1], ['b', null]]), null, new Map(), new Map([['c', 3 + s]]), new Map([['d', 4]]), null, new Map([['e', 5], ['f', 6]])]));
  add('dict', vec(DICT, ['red', 'green', null, 'red', 'blue', s === 0 ? 'green' : 'purple', null]));
  const deltaIndices = seed === 0 ? [0, 1, 2, null, 2, 1, 0] : [3, 4, 0, null, 2, 4, 3];
  add('dict_delta', A.makeData({ type: DELTA, length: N, nullCount: 1, nullBitmap: bitmap(deltaIndices.map((x) => x !== null)),
    data: Int16Array.from(deltaIndices.map((x) => x ?? 0)), dictionary: new A.Vector(CHUNKS.slice(0, seed === 0 ? 2 : 3)) }));
  const schema = new A.Schema(f, new Map([['origin', 'apache-arrow js']]));
  const use = sharedSchema || schema;
  return new A.RecordBatch(use, A.makeData({ type: new A.Struct(use.fields), length: N, children: f.map((x) => cols[x.name]) }));
}

const out = process.argv[2];
const b1 = build(0);
const b2 = build(1, b1.schema);
const table = new A.Table([b1, b2, b1.slice(0, 0)]);
fs.writeFileSync(path.join(out, 'js.arrows'), A.tableToIPC(table, 'stream'));
fs.writeFileSync(path.join(out, 'js.arrow'), A.tableToIPC(new A.Table([b1]), 'file'));
fs.writeFileSync(path.join(out, 'js-file.json'), JSON.stringify(renderTable(new A.Table([b1]))));
// The same stream with compressed bodies, encoded by the reference command-line codecs.
require('./codecs.cjs').register();
for (const [name, type] of [['lz4', A.CompressionType.LZ4_FRAME], ['zstd', A.CompressionType.ZSTD]]) {
  const writer = new A.RecordBatchStreamWriter({ compressionType: type });
  fs.writeFileSync(path.join(out, 'js-' + name + '.arrows'), writer.writeAll(table).toUint8Array(true));
}
process.stdout.write(JSON.stringify(renderTable(table)));
