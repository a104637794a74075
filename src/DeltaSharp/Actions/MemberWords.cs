using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace DeltaSharp.Actions;

/// <summary>
/// Action member names as little-endian machine words, for <see cref="JsonActionDecoder"/>'s name dispatch (one
/// integer compare per 4 or 8 bytes of a name instead of a span comparison): the names alone (after a generic name
/// scan) and whole member tokens <c>"name":</c> (matched before any scan). Each constant is the named ASCII bytes read
/// as a little-endian integer, zero-extended when shorter than the word; a test checks every one against its text.
/// </summary>
internal static class MemberWords
{
    /// <summary>The 4 bytes at <paramref name="first"/> as a little-endian integer (the constants' byte order) on any
    /// machine: a plain load on little-endian ones, the check folded away by the JIT.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Read32(ref byte first)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref first);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    /// <summary>The 8 bytes at <paramref name="first"/> as a little-endian integer (see <see cref="Read32"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read64(ref byte first)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref first);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

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

    // ---- member tokens as writers write them: quote, name, quote, colon (MatchAddMember / MatchAction) ----

    /// <summary>Bytes 0-6 of <c>"path":</c> (the other bytes zero).</summary>
    public const ulong QuotedPathColon = 0x003a226874617022UL;

    /// <summary>Bytes 0-6 of <c>"size":</c> (the other bytes zero).</summary>
    public const ulong QuotedSizeColon = 0x003a22657a697322UL;

    /// <summary>Bytes 0-6 of <c>"tags":</c> (the other bytes zero).</summary>
    public const ulong QuotedTagsColon = 0x003a227367617422UL;

    /// <summary>Bytes 0-7 of <c>"stats":</c>.</summary>
    public const ulong QuotedStatsColon = 0x3a22737461747322UL;

    /// <summary>Bytes 0-7 of <c>"dataChange":</c>.</summary>
    public const ulong QuotedDataCha = 0x6168436174616422UL;

    /// <summary>Bytes 8-12 of <c>"dataChange":</c> (the other bytes zero).</summary>
    public const ulong NgeQuoteColon = 0x0000003a2265676eUL;

    /// <summary>Bytes 0-7 of <c>"partitionValues":</c>.</summary>
    public const ulong QuotedPartiti = 0x6974697472617022UL;

    /// <summary>Bytes 8-15 of <c>"partitionValues":</c>.</summary>
    public const ulong OnValuesWord = 0x7365756c61566e6fUL;

    /// <summary>Bytes 16-17 of <c>"partitionValues":</c> (the other bytes zero).</summary>
    public const ulong QuoteColon = 0x0000000000003a22UL;

    /// <summary>Bytes 0-7 of <c>"modificationTime":</c>.</summary>
    public const ulong QuotedModific = 0x63696669646f6d22UL;

    /// <summary>Bytes 8-15 of <c>"modificationTime":</c>.</summary>
    public const ulong AtionTim = 0x6d69546e6f697461UL;

    /// <summary>Bytes 16-18 of <c>"modificationTime":</c> (the other bytes zero).</summary>
    public const ulong EQuoteColon = 0x00000000003a2265UL;

    /// <summary>Bytes 0-7 of <c>"deletionVector":</c>.</summary>
    public const ulong QuotedDeletio = 0x6f6974656c656422UL;

    /// <summary>Bytes 8-15 of <c>"deletionVector":</c>.</summary>
    public const ulong NVectorQuote = 0x22726f746365566eUL;

    /// <summary>Bytes 8-15 of <c>"deletionTimestamp":</c>.</summary>
    public const ulong NTimesta = 0x617473656d69546eUL;

    /// <summary>Bytes 16-19 of <c>"deletionTimestamp":</c> (the other bytes zero).</summary>
    public const ulong MpQuoteColon = 0x000000003a22706dUL;

    /// <summary>Bytes 0-7 of <c>"baseRowId":</c>.</summary>
    public const ulong QuotedBaseRow = 0x776f526573616222UL;

    /// <summary>Bytes 8-11 of <c>"baseRowId":</c> (the other bytes zero).</summary>
    public const ulong IdQuoteColon = 0x000000003a226449UL;

    /// <summary>Bytes 0-5 of <c>"add":</c> (the other bytes zero).</summary>
    public const ulong QuotedAddColon = 0x00003a2264646122UL;

    /// <summary>Bytes 0-7 of <c>"remove":</c>.</summary>
    public const ulong QuotedRemove = 0x2265766f6d657222UL;

    /// <summary>Bytes 0-7 of <c>"extendedFileMetadata":</c>.</summary>
    public const ulong QuotedExtende = 0x65646e6574786522UL;

    /// <summary>Bytes 8-15 of <c>"extendedFileMetadata":</c>.</summary>
    public const ulong DFileMet = 0x74654d656c694664UL;

    /// <summary>Bytes 16-22 of <c>"extendedFileMetadata":</c> (the other bytes zero).</summary>
    public const ulong AdataQuoteColon = 0x003a226174616461UL;
}
