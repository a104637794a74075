using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Memory;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Transactions;

/// <summary>Minimal column accumulators that build Arrow <see cref="ArrayData"/> for checkpoint files.</summary>
internal static class CheckpointColumns
{
    private static ArrowBuffer? Validity(List<bool> valid, out int nulls)
    {
        nulls = 0;
        foreach (bool v in valid)
        {
            nulls += v ? 0 : 1;
        }
        if (nulls == 0)
        {
            return null;
        }
        byte[] bits = new byte[(valid.Count + 7) / 8];
        for (int i = 0; i < valid.Count; i++)
        {
            if (valid[i])
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
            }
        }
        return ArrowBuffer.CopyFrom(bits);
    }

    internal sealed class Strings
    {
        private readonly List<byte> _data = [];
        private readonly List<int> _offsets = [0];
        private readonly List<bool> _valid = [];

        public int Count => _valid.Count;

        public void Add(string? value)
        {
            if (value is not null)
            {
                _data.AddRange(Encoding.UTF8.GetBytes(value));
            }
            _offsets.Add(_data.Count);
            _valid.Add(value is not null);
        }

        public ArrayData Build()
        {
            ArrowBuffer? validity = Validity(_valid, out int nulls);
            return new ArrayData(ArrowType.Utf8, _valid.Count, nulls, 0,
                [validity, ArrowBuffer.CopyFrom<int>(CollectionsMarshal.AsSpan(_offsets)), ArrowBuffer.CopyFrom(CollectionsMarshal.AsSpan(_data))]);
        }
    }

    internal sealed class Primitive<T>(ArrowType type)
        where T : unmanaged
    {
        private readonly List<T> _values = [];
        private readonly List<bool> _valid = [];

        public void Add(T? value)
        {
            _values.Add(value.GetValueOrDefault());
            _valid.Add(value.HasValue);
        }

        public ArrayData Build()
        {
            ArrowBuffer? validity = Validity(_valid, out int nulls);
            return new ArrayData(type, _valid.Count, nulls, 0, [validity, ArrowBuffer.CopyFrom<T>(CollectionsMarshal.AsSpan(_values))]);
        }
    }

    internal sealed class Booleans
    {
        private readonly List<bool> _values = [];
        private readonly List<bool> _valid = [];

        public void Add(bool? value)
        {
            _values.Add(value.GetValueOrDefault());
            _valid.Add(value.HasValue);
        }

        public ArrayData Build()
        {
            ArrowBuffer? validity = Validity(_valid, out int nulls);
            byte[] bits = new byte[(_values.Count + 7) / 8];
            for (int i = 0; i < _values.Count; i++)
            {
                if (_values[i])
                {
                    bits[i >> 3] |= (byte)(1 << (i & 7));
                }
            }
            return new ArrayData(ArrowType.Boolean, _valid.Count, nulls, 0, [validity, ArrowBuffer.CopyFrom(bits)]);
        }
    }

    /// <summary>map&lt;string, string&gt; column.</summary>
    internal sealed class StringMaps
    {
        private readonly Strings _keys = new();
        private readonly Strings _values = new();
        private readonly List<int> _offsets = [0];
        private readonly List<bool> _valid = [];

        public static MapType Type { get; } = new(new Field("key_value", new StructType([new Field("key", ArrowType.Utf8, false), new Field("value", ArrowType.Utf8, true)]), false));

        public void Add(IEnumerable<KeyValuePair<string, string?>>? entries)
        {
            if (entries is not null)
            {
                foreach (KeyValuePair<string, string?> entry in entries)
                {
                    _keys.Add(entry.Key);
                    _values.Add(entry.Value);
                }
            }
            _offsets.Add(_keys.Count);
            _valid.Add(entries is not null);
        }

        public ArrayData Build()
        {
            ArrowBuffer? validity = Validity(_valid, out int nulls);
            ArrayData keys = _keys.Build();
            var entries = new ArrayData((StructType)Type.EntriesField.DataType, keys.Length, 0, 0, [null], [keys, _values.Build()]);
            return new ArrayData(Type, _valid.Count, nulls, 0, [validity, ArrowBuffer.CopyFrom<int>(CollectionsMarshal.AsSpan(_offsets))], [entries]);
        }
    }

    /// <summary>list&lt;string&gt; column.</summary>
    internal sealed class StringLists
    {
        private readonly Strings _values = new();
        private readonly List<int> _offsets = [0];
        private readonly List<bool> _valid = [];

        public static ListType Type { get; } = new(new Field("element", ArrowType.Utf8, true));

        public void Add(IEnumerable<string>? values)
        {
            if (values is not null)
            {
                foreach (string value in values)
                {
                    _values.Add(value);
                }
            }
            _offsets.Add(_values.Count);
            _valid.Add(values is not null);
        }

        public ArrayData Build()
        {
            ArrowBuffer? validity = Validity(_valid, out int nulls);
            return new ArrayData(Type, _valid.Count, nulls, 0, [validity, ArrowBuffer.CopyFrom<int>(CollectionsMarshal.AsSpan(_offsets))], [_values.Build()]);
        }
    }

    public static ArrayData Struct(IReadOnlyList<Field> fields, ArrayData[] children, List<bool> valid)
    {
        ArrowBuffer? validity = Validity(valid, out int nulls);
        return new ArrayData(new StructType(fields), valid.Count, nulls, 0, [validity], children);
    }
}
