using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DeltaSharp.Arrow.Ipc;
using Xunit;

namespace DeltaSharp.Arrow.Tests.Ipc;

public sealed class PipeTests : IClassFixture<JsArrowFiles>
{
    private readonly JsArrowFiles _js;

    public PipeTests(JsArrowFiles js) => _js = js;

    [Fact]
    public async Task Streams_through_a_pipe_with_async_io()
    {
        List<RecordBatch> source = new();
        using (var reader = new ArrowStreamReader(new MemoryStream(_js.Stream)))
        {
            while (reader.ReadNextRecordBatch() is { } b)
            {
                source.Add(b);
            }
        }
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8192, resumeWriterThreshold: 4096));
        Task produce = Task.Run(async () =>
        {
            await using var writer = new ArrowStreamWriter(pipe.Writer, source[0].Schema);
            foreach (RecordBatch b in source)
            {
                await writer.WriteRecordBatchAsync(b, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);
        var back = new List<RecordBatch>();
        using (var reader = new ArrowStreamReader(pipe.Reader))
        {
            while (await reader.ReadNextRecordBatchAsync(TestContext.Current.CancellationToken) is { } b)
            {
                back.Add(b);
            }
        }
        await produce;
        try
        {
            Assert.True(JsonNode.DeepEquals(_js.Expected, ArrowJson.Render(back[0].Schema, back)));
        }
        finally
        {
            source.ForEach(b => b.Dispose());
            back.ForEach(b => b.Dispose());
        }
    }
}
