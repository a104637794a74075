using System;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow;

/// <summary>
/// Dictionary-encoded values: integer indices (buffers [validity, indices]) into <see cref="Dictionary"/>
/// (<see cref="ArrayData.Dictionary"/>).
/// </summary>
public sealed class DictionaryArray : ArrowArray
{
    private ArrowArray? _dictionary;

    internal DictionaryArray(ArrayData data, bool ownsData)
        : base(data, ownsData)
    {
        CheckType(data, data.Type.TypeId == ArrowTypeId.Dictionary, "dictionary");
        DictionaryType = (DictionaryType)data.Type;
    }

    /// <summary>
    /// Creates an owning dictionary array from <paramref name="indices"/> (an owned integer array of the index
    /// type) and <paramref name="dictionary"/> (an array of the value type). Shares their memory (no copy) and then
    /// disposes both arguments, so ownership passes to the result; borrowed arguments stay with their parents.
    /// </summary>
    public static DictionaryArray Create(DictionaryType type, ArrowArray indices, ArrowArray dictionary)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(dictionary);
        if (!indices.Type.Equals(type.IndexType) || !dictionary.Type.Equals(type.ValueType))
        {
            throw new ArgumentException($"Indices {indices.Type} / dictionary {dictionary.Type} do not match {type}.");
        }
        ArrayData idx = indices.Data;
        ArrayData values = dictionary.Data.Retain();
        ArrayData data = new(type, idx.Length, idx.NullCount, idx.Offset, [idx.Buffers[0]?.Retain(), idx.Buffers[1]?.Retain()], null, values);
        indices.Dispose();
        dictionary.Dispose();
        return new DictionaryArray(data, true);
    }

    /// <summary>The dictionary type.</summary>
    public DictionaryType DictionaryType { get; }

    /// <summary>The dictionary values (borrowed).</summary>
    public ArrowArray Dictionary => _dictionary ??= Borrow(Data.Dictionary!);

    /// <summary>The dictionary index of slot <paramref name="index"/> (unspecified for a null slot).</summary>
    public long GetIndex(int index)
    {
        CheckIndex(index);
        return ArrayValidator.ReadInteger(Data.GetBuffer(1).Span, Data.Offset + index, DictionaryType.IndexType);
    }

    /// <summary>An owning slice sharing memory (the dictionary is shared whole).</summary>
    public new DictionaryArray Slice(int offset, int length) => new(Data.Slice(offset, length), true);
}
