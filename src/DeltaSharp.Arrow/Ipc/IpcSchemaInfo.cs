using System.Collections.Generic;
using DeltaSharp.Arrow.Types;

namespace DeltaSharp.Arrow.Ipc;

/// <summary>
/// A schema as carried by IPC, plus the dictionary ids that the schema's dictionary-encoded fields use, in the
/// pre-order in which record batches lay out their field nodes.
/// </summary>
internal sealed class IpcSchemaInfo
{
    public IpcSchemaInfo(Schema schema, long[] dictionaryIds, Dictionary<long, DictionaryType> dictionaryTypes)
    {
        Schema = schema;
        DictionaryIds = dictionaryIds;
        DictionaryTypes = dictionaryTypes;
    }

    public Schema Schema { get; }

    /// <summary>Dictionary id of each dictionary-encoded field, in field pre-order.</summary>
    public long[] DictionaryIds { get; }

    /// <summary>The dictionary type of each id (value type and index type).</summary>
    public Dictionary<long, DictionaryType> DictionaryTypes { get; }
}
