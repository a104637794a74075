using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using DeltaSharp.Actions;
using DeltaSharp.Replay;
using DeltaSharp.State;
using Xunit;

namespace DeltaSharp.Tests.Actions.Differential;

/// <summary>
/// The production decoder (<see cref="JsonActionDecoder"/>, a purpose-built scanner) against an independent
/// reference on System.Text.Json's JsonDocument (<see cref="ReferenceActionDecoder"/>): seeded random valid lines of
/// every action kind must decode to identical actions.
/// </summary>
public sealed class DecoderDifferentialTests
{
    public static TheoryData<int> Seeds() => new() { 1, 2, 3, 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLinesDecodeLikeTheReference(int seed) => ForEachRandomLine(seed, (i, line, stats, interner) =>
    {
        List<string> expected = ReferenceActionDecoder.Decode(line, stats);
        var recorder = new CanonicalActionRecorder(stats);
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), interner, recorder);
        Assert.True(expected.Count == recorder.Actions.Count, $"seed {seed} line {i}: {line}\nexpected {string.Join("\n", expected)}\nactual {string.Join("\n", recorder.Actions)}");
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.True(expected[k] == recorder.Actions[k], $"seed {seed} line {i}: {line}\nexpected {expected[k]}\nactual   {recorder.Actions[k]}");
        }
    });

    /// <summary>The span rows the decoder delivers (<see cref="ActionSink.OnAddRow"/>, <see cref="ActionSink.OnRemoveRow"/>),
    /// rendered without the default materialisation, equal the reference.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLinesDecodeLikeTheReferenceThroughRows(int seed) => ForEachRandomLine(seed, (i, line, stats, interner) =>
    {
        List<string> expected = ReferenceActionDecoder.Decode(line, stats);
        var recorder = new CanonicalActionRecorder(stats, viaRows: true);
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), interner, recorder);
        Assert.True(expected.SequenceEqual(recorder.Actions), $"seed {seed} line {i}: {line}\nexpected {string.Join("\n", expected)}\nactual {string.Join("\n", recorder.Actions)}");
    });

    /// <summary>Lines recorded by the snapshot replay's columnar <see cref="CommitFileBatch"/> (adds in full, removes
    /// by their reconciliation key, rare actions as objects) equal the reference.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomLinesRecordLikeTheReferenceInCommitBatches(int seed) => ForEachRandomLine(seed, (i, line, stats, interner) =>
    {
        var expected = new List<string>();
        foreach (string action in ReferenceActionDecoder.Decode(line, stats))
        {
            if (action.StartsWith("[\"cdc\"", StringComparison.Ordinal))
            {
                continue;
            }
            expected.Add(action.StartsWith("[\"remove\"", StringComparison.Ordinal) ? RemoveKey(action) : action);
        }
        var batch = new CommitFileBatch(stats, i % 2 == 0 ? 0 : line.Length);
        JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), interner, batch);
        batch.Complete();
        List<string> actual = Render(batch, stats);
        expected.Sort(StringComparer.Ordinal);
        actual.Sort(StringComparer.Ordinal);
        Assert.True(expected.SequenceEqual(actual), $"seed {seed} line {i}: {line}\nexpected {string.Join("\n", expected)}\nactual {string.Join("\n", actual)}");
    });

    /// <summary>Runs <paramref name="check"/> on 2,000 random action lines of <paramref name="seed"/> (line number,
    /// line, whether statistics are wanted — every third line not — and one interner shared by the run).</summary>
    private static void ForEachRandomLine(int seed, Action<int, string, bool, PartitionValueInterner> check)
    {
        var generator = new RandomActionLines(seed);
        var interner = new PartitionValueInterner();
        for (int i = 0; i < 2_000; i++)
        {
            check(i, generator.NextLine(), i % 3 != 0, interner);
        }
    }

    private static string RemoveKey(string referenceRemove)
    {
        using JsonDocument document = JsonDocument.Parse(referenceRemove);
        JsonElement fields = document.RootElement;
        return CanonicalActionRecorder.Render("remove", fields[1].GetString(), fields[4].ValueKind == JsonValueKind.Null ? null : fields[4].GetString());
    }

    private static List<string> Render(CommitFileBatch batch, bool stats)
    {
        var recorder = new CanonicalActionRecorder(stats);
        foreach (object action in batch.OtherActions)
        {
            RecordedAction.Deliver(action, recorder);
        }
        var result = new List<string>(recorder.Actions);
        for (int r = 0; r < batch.Count; r++)
        {
            ref CommitFileBatch.Row row = ref batch.RowAt(r);
            FileExtras extras = batch.Extras(in row);
            string path = Encoding.UTF8.GetString(batch.Path(in row));
            if (!row.IsAdd)
            {
                result.Add(CanonicalActionRecorder.Render("remove", path, CanonicalActionRecorder.Dv(extras.DeletionVector)));
                continue;
            }
            bool hasStats = (row.Flags & CommitFileBatch.RowFlags.HasStatistics) != 0;
            string? statsJson = hasStats ? CanonicalActionRecorder.StatsText(batch.Statistics(in row), (row.Flags & CommitFileBatch.RowFlags.StatisticsEscaped) != 0) : null;
            IReadOnlyDictionary<string, string?> partitions = batch.PartitionValues(in row) ?? PartitionValueMap.Empty;
            result.Add(CanonicalActionRecorder.Render(
                "add",
                path,
                CanonicalActionRecorder.Flat(partitions),
                row.Size,
                row.ModificationTime,
                (row.Flags & CommitFileBatch.RowFlags.DataChange) != 0,
                statsJson,
                extras.Tags is null ? null : CanonicalActionRecorder.Flat(extras.Tags),
                CanonicalActionRecorder.Dv(extras.DeletionVector),
                extras.BaseRowId,
                extras.DefaultRowCommitVersion));
        }
        return result;
    }

    [Fact]
    public void GeneratorCoversEveryActionKind()
    {
        var generator = new RandomActionLines(42);
        var kinds = new HashSet<string>();
        for (int i = 0; i < 2_000; i++)
        {
            foreach (string action in ReferenceActionDecoder.Decode(generator.NextLine(), stats: true))
            {
                kinds.Add(action.Substring(2, action.IndexOf('"', 2) - 2));
            }
        }
        Assert.Equal(
            new HashSet<string> { "add", "remove", "cdc", "metaData", "protocol", "txn", "domainMetadata", "commitInfo", "checkpointMetadata", "sidecar" },
            kinds);
    }
}
