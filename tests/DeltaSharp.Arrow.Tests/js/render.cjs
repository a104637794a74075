'use strict';
// Canonical JSON rendering of Arrow data, read straight from the buffers (shared by read-ipc.cjs and write-ipc.cjs).
// Integers and 64-bit temporal values are decimal strings; floats are their IEEE bit patterns in hex; binary and
// decimals are lowercase hex of their bytes; lists are arrays; structs are objects; maps are [key, value] pairs;
// dictionary-encoded values render as the dictionary value they refer to.
const { Type } = require('apache-arrow');

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

function int64At(values, j, stride) {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return values[j].toString();
  if (stride === 2) {
    const lo = BigInt(values[2 * j] >>> 0), hi = BigInt(values[2 * j + 1]);
    return ((hi << 32n) | lo).toString();
  }
  return values[j].toString();
}

function isValid(data, j) {
  if (data.typeId === Type.Null) return false;
  if (!data.nullBitmap || data.nullBitmap.length === 0 || data.nullCount === 0) return true;
  return (data.nullBitmap[j >> 3] & (1 << (j & 7))) !== 0;
}

function typeName(t) {
  return t.toString();
}

function render(data, i) {
  const j = data.offset + i;
  if (!isValid(data, j)) return null;
  const t = data.type;
  const v = data.values;
  switch (data.typeId) {
    case Type.Bool: return (v[j >> 3] & (1 << (j & 7))) !== 0;
    case Type.Int: return t.bitWidth === 64 ? int64At(v, j, data.stride) : String(v[j]);
    case Type.Float: {
      if (t.precision === 0) return '0x' + v[j].toString(16).padStart(4, '0');
      const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
      if (t.precision === 1) return '0x' + dv.getUint32(j * 4, true).toString(16).padStart(8, '0');
      return '0x' + dv.getBigUint64(j * 8, true).toString(16).padStart(16, '0');
    }
    case Type.Decimal: {
      const words = t.bitWidth / 32;
      return hex(v.subarray(j * words, (j + 1) * words));
    }
    case Type.Date: return t.unit === 0 ? String(v[j]) : int64At(v, j, data.stride);
    case Type.Time: return t.bitWidth === 32 ? String(v[j]) : int64At(v, j, data.stride);
    case Type.Timestamp:
    case Type.Duration: return int64At(v, j, data.stride);
    case Type.FixedSizeBinary: return hex(v.subarray(j * t.byteWidth, (j + 1) * t.byteWidth));
    case Type.Binary:
    case Type.LargeBinary:
    case Type.Utf8:
    case Type.LargeUtf8: {
      const o = data.valueOffsets;
      const s = Number(o[j]), e = Number(o[j + 1]);
      const bytes = v.subarray(s, e);
      return (data.typeId === Type.Utf8 || data.typeId === Type.LargeUtf8) ? Buffer.from(bytes).toString('utf8') : hex(bytes);
    }
    case Type.BinaryView:
    case Type.Utf8View: {
      const { makeVector } = require('apache-arrow');
      const value = makeVector(data).get(i);
      return typeof value === 'string' ? value : hex(value);
    }
    case Type.List:
    case Type.LargeList:
    case Type.Map: {
      const o = data.valueOffsets;
      const s = Number(o[j]), e = Number(o[j + 1]);
      const child = data.children[0];
      const out = [];
      for (let k = s; k < e; k++) {
        if (data.typeId === Type.Map) {
          const entry = render(child, k);
          const names = child.type.children.map((f) => f.name);
          out.push([entry[names[0]], entry[names[1]]]);
        } else {
          out.push(render(child, k));
        }
      }
      return out;
    }
    case Type.FixedSizeList: {
      const n = t.listSize, child = data.children[0], out = [];
      for (let k = j * n; k < (j + 1) * n; k++) out.push(render(child, k));
      return out;
    }
    case Type.Struct: {
      const out = {};
      t.children.forEach((f, c) => { out[f.name] = render(data.children[c], j); });
      return out;
    }
    case Type.Dictionary: {
      const index = Number(v[j]);
      let base = 0;
      for (const chunk of data.dictionary.data) {
        if (index < base + chunk.length) return render(chunk, index - base);
        base += chunk.length;
      }
      throw new Error('dictionary index out of range: ' + index);
    }
    default: throw new Error('unsupported type ' + typeName(t));
  }
}

function renderTable(table) {
  const schema = table.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type), nullable: f.nullable }));
  const columns = {};
  table.schema.fields.forEach((f, c) => {
    const out = [];
    for (const batch of table.batches) {
      const data = batch.data.children[c];
      for (let i = 0; i < data.length; i++) out.push(render(data, i));
    }
    columns[f.name] = out;
  });
  const metadata = Object.fromEntries(table.schema.metadata);
  return { schema, metadata, batches: table.batches.map((b) => b.numRows), columns };
}

module.exports = { render, renderTable };
