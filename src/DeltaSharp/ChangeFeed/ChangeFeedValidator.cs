using System;
using System.Globalization;
using DeltaSharp.Actions;
using DeltaSharp.Schema;

namespace DeltaSharp.ChangeFeed;

/// <summary>
/// The checks Spark makes before it returns any change row (CDCReader): the feed must have been recorded at every
/// version of the range, and every schema in effect in the range must be readable with the read schema (the schema of
/// the end version). Pure; errors are <see cref="DeltaChangeDataFeedException"/> naming the version.
/// </summary>
internal static class ChangeFeedValidator
{
    /// <summary>Throws when <paramref name="metadata"/> (in effect at <paramref name="version"/>) does not record
    /// the change data feed.</summary>
    public static void EnsureRecorded(DeltaMetadata metadata, long version, long start, long end)
    {
        if (!DeltaChangeFeed.IsEnabled(metadata.Configuration))
        {
            throw new DeltaChangeDataFeedException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Error getting change data for range [{start} , {end}] as change data was not recorded for version [{version}]: the table property {DeltaChangeFeed.EnableProperty} is not true at that version. Changes are recorded only from the version that sets it (see the table history); read a range that starts after it, or enable the property for future changes."),
                version, start, end);
        }
    }

    /// <summary>
    /// Throws when the data written under <paramref name="schema"/> (in effect at <paramref name="version"/>) cannot be
    /// read as <paramref name="readSchema"/>: under column mapping a column renamed or dropped (a non-additive schema
    /// change: Spark refuses it), or, in any mode, a column whose type changed in a way that is not a widening.
    /// Columns added later are fine (read as nulls).
    /// </summary>
    public static void EnsureReadable(DeltaSchema schema, ColumnMappingMode mode, DeltaSchema readSchema, ColumnMappingMode readMode, long version, long start, long end)
    {
        bool mapped = mode != ColumnMappingMode.None || readMode != ColumnMappingMode.None;
        string? problem = Check(schema.Root, readSchema.Root, mapped, mode, readMode, prefix: string.Empty);
        if (problem is not null)
        {
            throw new DeltaChangeDataFeedException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Retrieving table changes between version {start} and {end} failed because of an incompatible schema change at version {version}: {problem}. The changes of the range cannot be read with the schema of version {end}; read the versions before and after the change separately."),
                version, start, end);
        }
    }

    private static string? Check(DeltaStructType old, DeltaStructType read, bool mapped, ColumnMappingMode mode, ColumnMappingMode readMode, string prefix)
    {
        foreach (DeltaStructField field in old.Fields)
        {
            DeltaStructField? match = mapped ? FindPhysical(read, field.GetPhysicalName(mode), readMode) : read.FindField(field.Name);
            string path = prefix + field.Name;
            if (match is null)
            {
                if (mapped)
                {
                    return $"column '{path}' was dropped or renamed (column mapping)";
                }
                continue;
            }
            if (mapped && !string.Equals(match.Name, field.Name, StringComparison.Ordinal))
            {
                return $"column '{path}' was renamed to '{prefix + match.Name}' (column mapping)";
            }
            string? typeProblem = CheckType(field.Type, match.Type, mapped, mode, readMode, path);
            if (typeProblem is not null)
            {
                return typeProblem;
            }
        }
        return null;
    }

    private static string? CheckType(DeltaDataType old, DeltaDataType read, bool mapped, ColumnMappingMode mode, ColumnMappingMode readMode, string path)
    {
        switch (old)
        {
            case DeltaStructType oldStruct when read is DeltaStructType readStruct:
                return Check(oldStruct, readStruct, mapped, mode, readMode, path + ".");
            case DeltaArrayType oldArray when read is DeltaArrayType readArray:
                return CheckType(oldArray.ElementType, readArray.ElementType, mapped, mode, readMode, path + ".element");
            case DeltaMapType oldMap when read is DeltaMapType readMap:
                return CheckType(oldMap.KeyType, readMap.KeyType, mapped, mode, readMode, path + ".key")
                    ?? CheckType(oldMap.ValueType, readMap.ValueType, mapped, mode, readMode, path + ".value");
            default:
                return old.Equals(read) || TypeWideningRules.IsSupported(old, read) ? null : $"column '{path}' changed type from {old.TypeName} to {read.TypeName}";
        }
    }

    private static DeltaStructField? FindPhysical(DeltaStructType type, string physicalName, ColumnMappingMode mode)
    {
        foreach (DeltaStructField field in type.Fields)
        {
            if (string.Equals(field.GetPhysicalName(mode), physicalName, StringComparison.Ordinal))
            {
                return field;
            }
        }
        return null;
    }
}
