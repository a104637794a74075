namespace DeltaSharp.Actions;

/// <summary>
/// Action member names as little-endian machine words, for <see cref="JsonActionDecoder"/>'s name dispatch (one
/// integer compare per 4 or 8 bytes of a name instead of a span comparison). Each constant is the named ASCII bytes
/// read as a little-endian integer; a test checks every one against its text.
/// </summary>
internal static class MemberWords
{
    /// <summary>"path".</summary>
    public const uint Path = 0x68746170;

    /// <summary>"size".</summary>
    public const uint Size = 0x657a6973;

    /// <summary>"tags".</summary>
    public const uint Tags = 0x73676174;

    /// <summary>"stat" (of "stats").</summary>
    public const uint Stat = 0x74617473;

    /// <summary>"baseRowI" (of "baseRowId").</summary>
    public const ulong BaseRowI = 0x49776f5265736162;

    /// <summary>"dataChan" (bytes 0-7 of "dataChange").</summary>
    public const ulong DataChan = 0x6e61684361746164;

    /// <summary>"taChange" (bytes 2-9 of "dataChange").</summary>
    public const ulong TaChange = 0x65676e6168436174;

    /// <summary>"deletion" (bytes 0-7 of "deletionVector" and "deletionTimestamp").</summary>
    public const ulong Deletion = 0x6e6f6974656c6564;

    /// <summary>"onVector" (bytes 6-13 of "deletionVector").</summary>
    public const ulong OnVector = 0x726f746365566e6f;

    /// <summary>"Timestam" (bytes 8-15 of "deletionTimestamp").</summary>
    public const ulong Timestam = 0x6d617473656d6954;

    /// <summary>"partitio" (bytes 0-7 of "partitionValues").</summary>
    public const ulong Partitio = 0x6f69746974726170;

    /// <summary>"onValues" (bytes 7-14 of "partitionValues").</summary>
    public const ulong OnValues = 0x7365756c61566e6f;

    /// <summary>"modifica" (bytes 0-7 of "modificationTime").</summary>
    public const ulong Modifica = 0x6163696669646f6d;

    /// <summary>"tionTime" (bytes 8-15 of "modificationTime").</summary>
    public const ulong TionTime = 0x656d69546e6f6974;
}
