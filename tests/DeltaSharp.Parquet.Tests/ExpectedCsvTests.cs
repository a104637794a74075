using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Parquet.Tests;

/// <summary>The *_expect.csv files of parquet-testing, compared cell by cell (by column position).</summary>
public sealed class ExpectedCsvTests
{
    [Theory]
    [InlineData("delta_binary_packed.parquet", "delta_binary_packed_expect.csv")]
    [InlineData("delta_byte_array.parquet", "delta_byte_array_expect.csv")]
    [InlineData("delta_encoding_optional_column.parquet", "delta_encoding_optional_column_expect.csv")]
    [InlineData("delta_encoding_required_column.parquet", "delta_encoding_required_column_expect.csv")]
    public async Task Values_match_the_expected_csv(string file, string csv)
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        using TestAllocator allocator = new();
        List<JsonObject> rows = await ReaderOracleTests.ReadRowsAsync(Path.Combine(CorpusFiles.DataDir, file), new ParquetReaderOptions { Allocator = allocator, BatchSize = 37 }, ct);
        allocator.AssertNoLeaks();
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(CorpusFiles.DataDir, csv), ct);
        Assert.Equal(lines.Length - 1, rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            List<string?> expected = ParseCsvLine(lines[r + 1]);
            List<string?> actual = rows[r].Select(kv => kv.Value is null ? null : kv.Value.GetValueKind() == System.Text.Json.JsonValueKind.String ? kv.Value.GetValue<string>() : kv.Value.ToJsonString()).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int c = 0; c < expected.Count; c++)
            {
                Assert.True(expected[c] == actual[c], $"row {r} column {c}: expected '{expected[c]}' but read '{actual[c]}'");
            }
        }
    }

    /// <summary>Minimal RFC 4180 line parser: an empty unquoted cell is null.</summary>
    private static List<string?> ParseCsvLine(string line)
    {
        List<string?> cells = [];
        int i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                StringBuilder sb = new();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                cells.Add(sb.ToString());
            }
            else
            {
                int end = line.IndexOf(',', i);
                string raw = end < 0 ? line[i..] : line[i..end];
                cells.Add(raw.Length == 0 ? null : raw);
                i = end < 0 ? line.Length : end;
            }
            if (i >= line.Length)
            {
                break;
            }
            i++; // comma
        }
        return cells;
    }
}
