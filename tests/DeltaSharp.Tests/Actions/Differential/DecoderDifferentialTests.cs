using System.Collections.Generic;
using System.Text;
using DeltaSharp.Actions;
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
    public void RandomLinesDecodeLikeTheReference(int seed)
    {
        var generator = new RandomActionLines(seed);
        var interner = new PartitionValueInterner();
        for (int i = 0; i < 2_000; i++)
        {
            string line = generator.NextLine();
            bool stats = i % 3 != 0;
            List<string> expected = ReferenceActionDecoder.Decode(line, stats);
            var recorder = new CanonicalActionRecorder(stats);
            JsonActionDecoder.DecodeLine(Encoding.UTF8.GetBytes(line), interner, recorder);
            Assert.True(expected.Count == recorder.Actions.Count, $"seed {seed} line {i}: {line}\nexpected {string.Join("\n", expected)}\nactual {string.Join("\n", recorder.Actions)}");
            for (int k = 0; k < expected.Count; k++)
            {
                Assert.True(expected[k] == recorder.Actions[k], $"seed {seed} line {i}: {line}\nexpected {expected[k]}\nactual   {recorder.Actions[k]}");
            }
        }
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
