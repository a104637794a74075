using System;
using System.IO;
using DeltaSharp.Arrow;
using DeltaSharp.Parquet.Metadata;
using DeltaSharp.Parquet.Writer;

namespace DeltaSharp.Parquet.Tests.Writer;

/// <summary>Temporary Parquet files written by the writer under test.</summary>
internal static class WriterTestFiles
{
    public static string Write(RecordBatch batch, ParquetWriterOptions? options = null) => Write([batch], options, out _);

    public static string Write(RecordBatch[] batches, ParquetWriterOptions? options, out ParquetFileMetaData metadata)
    {
        string dir = Path.Combine(Path.GetTempPath(), "deltasharp-writer-tests");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".parquet");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new ParquetFileWriter(stream, batches[0].Schema, options))
        {
            foreach (RecordBatch batch in batches)
            {
                writer.WriteBatch(batch);
            }
            metadata = writer.Close();
        }
        return path;
    }
}
