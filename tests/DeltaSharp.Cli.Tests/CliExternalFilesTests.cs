using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DeltaSharp.Arrow;
using DeltaSharp.Arrow.Types;
using DeltaSharp.Parquet.Writer;
using DeltaSharp.TestSupport;
using Xunit;

namespace DeltaSharp.Cli.Tests;

/// <summary>
/// <c>deltasharp cat</c> and <c>files</c> on a shallow-clone-shaped table whose log names another folder's files by
/// <c>file:</c> URI and bare absolute path (percent-encoded, a space and non-ASCII in the folder): the rows written
/// come out; a file in a location with no store fails with one line naming it.
/// </summary>
public sealed class CliExternalFilesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "deltasharp-cli-ext-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long WriteParquet(string path, params long[] ids)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using RecordBatch batch = TestArrays.Batch(("id", TestArrays.Primitive<long>(ArrowType.Int64, ids.Select(i => (long?)i).ToArray()), false));
        using (var stream = File.Create(path))
        using (var writer = new ParquetFileWriter(stream, batch.Schema, new ParquetWriterOptions { EncodingParallelism = 1 }, leaveOpen: true))
        {
            writer.WriteBatch(batch);
            writer.Close();
        }
        return new FileInfo(path).Length;
    }

    private static string Add(string path, long size) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["add"] = new Dictionary<string, object> { ["path"] = path, ["partitionValues"] = new Dictionary<string, string>(), ["size"] = size, ["modificationTime"] = 1, ["dataChange"] = true } });

    private string CreateClone(string extraAdd = "")
    {
        string source = Path.Combine(root, "source ü");
        string clone = Path.Combine(root, "clone");
        long size0 = WriteParquet(Path.Combine(source, "part-0.parquet"), 1, 2);
        long size1 = WriteParquet(Path.Combine(source, "part 1.parquet"), 3);
        long size2 = WriteParquet(Path.Combine(clone, "own.parquet"), 4);
        string schema = "{\"type\":\"struct\",\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"nullable\":false,\"metadata\":{}}]}";
        var lines = new List<string>
        {
            "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}",
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["metaData"] = new Dictionary<string, object>
                {
                    ["id"] = "00000000-0000-4000-8000-000000000001",
                    ["format"] = new Dictionary<string, object> { ["provider"] = "parquet", ["options"] = new Dictionary<string, string>() },
                    ["schemaString"] = schema,
                    ["partitionColumns"] = Array.Empty<string>(),
                    ["configuration"] = new Dictionary<string, string>(),
                },
            }),
            Add("file:" + source.Replace(" ", "%20", StringComparison.Ordinal).Replace("ü", "%C3%BC", StringComparison.Ordinal) + "/part-0.parquet", size0),
            Add(source.Replace(" ", "%20", StringComparison.Ordinal) + "/part%201.parquet", size1),
            Add("own.parquet", size2),
        };
        if (extraAdd.Length != 0)
        {
            lines.Add(extraAdd);
        }
        Directory.CreateDirectory(Path.Combine(clone, "_delta_log"));
        File.WriteAllText(Path.Combine(clone, "_delta_log", "00000000000000000000.json"), string.Join("\n", lines) + "\n");
        return clone;
    }

    [Fact]
    public async Task CatPrintsTheRowsOfFilesOutsideTheTableRoot()
    {
        string clone = CreateClone();
        CliResult result = await CliRunner.RunAsync("cat", clone, "--format", "jsonl");
        Assert.True(result.ExitCode == 0, result.StandardError);
        List<long> ids = result.OutputLines
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id"))
            .Select(id => id.ValueKind == JsonValueKind.String ? long.Parse(id.GetString()!, CultureInfo.InvariantCulture) : id.GetInt64())
            .Order()
            .ToList();
        Assert.Equal(new long[] { 1, 2, 3, 4 }, ids);

        CliResult files = await CliRunner.RunAsync("files", clone, "--format", "jsonl");
        Assert.True(files.ExitCode == 0, files.StandardError);
        Assert.Contains(files.OutputLines, line => line.Contains("\"path\":\"file:/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CatOfAFileInAnUnservedLocationFailsWithOneLineNamingIt()
    {
        string clone = CreateClone(Add("gs://other-bucket/src/part-9.parquet", 100));
        CliResult result = await CliRunner.RunAsync("cat", clone, "--format", "jsonl");
        Assert.Equal(1, result.ExitCode);
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("gs://other-bucket/src/part-9.parquet", lines[0], StringComparison.Ordinal);
        Assert.Contains(clone, lines[0], StringComparison.Ordinal);
    }
}
