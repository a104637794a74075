using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using DeltaSharp.Storage.Azure;
using DeltaSharp.Storage.S3;
using Xunit;

namespace DeltaSharp.Storage.Tests;

/// <summary>
/// Against a server that accepts connections and never answers, cancelling the token must abort the HTTP request
/// in flight (the stores' own timeouts are 100 s; if cancellation were ignored the test would fail after a minute).
/// </summary>
public sealed class CancellationAbortsRequestsTests : IDisposable
{
    private readonly TcpListener silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = new();
    private readonly CancellationTokenSource stop = new();

    public CancellationAbortsRequestsTests()
    {
        silent.Start();
        _ = AcceptForeverAsync();
    }

    private Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await silent.AcceptSocketAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(socket);
                }

                _ = CountRequestsAsync(socket);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    // Counts the requests that arrive on one connection (each ends its headers with CRLF CRLF; the stores send no
    // bodies here) and never answers. A connection may carry several requests: an HTTP client opens a connection for
    // a request that is cancelled before the connection is ready and then pools it for the next request.
    private async Task CountRequestsAsync(Socket socket)
    {
        byte[] buffer = new byte[4096];
        int matched = 0;
        try
        {
            while (true)
            {
                int read = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (read == 0)
                {
                    return;
                }

                for (int i = 0; i < read; i++)
                {
                    byte expected = (matched & 1) == 0 ? (byte)'\r' : (byte)'\n';
                    matched = buffer[i] == expected ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                    if (matched == 4)
                    {
                        matched = 0;
                        Interlocked.Increment(ref requestsReceived);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private IEnumerable<IObjectStore> Stores()
    {
        yield return new S3ObjectStore("bucket", "root", new S3ObjectStoreOptions
        {
            ServiceUrl = Endpoint,
            Credentials = new BasicAWSCredentials("id", "secret"),
            Region = "us-east-1",
            MaxRetries = 0,
        });
        AzureBlobObjectStoreOptions azure = AzureBlobObjectStoreOptions.ForAzurite(new Uri(Endpoint, "devstoreaccount1"));
        azure.MaxRetries = 0;
        yield return new AzureBlobObjectStore("container", "root", azure);
    }

    [Fact]
    public async Task Cancelling_aborts_a_hanging_request()
    {
        foreach (IObjectStore store in Stores())
        {
            await using (store)
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                Task<ObjectMeta> pending = store.GetMetadataAsync("k", cts.Token).AsTask();
                await WaitForRequestAsync();
                Assert.False(pending.IsCompleted);
                await cts.CancelAsync();
                await AssertCancelledAsync(pending);

                using var listCts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                IAsyncEnumerator<ObjectMeta> listing = store.ListAsync("", null, listCts.Token).GetAsyncEnumerator(listCts.Token);
                Task<bool> step = listing.MoveNextAsync().AsTask();
                await WaitForRequestAsync();
                await listCts.CancelAsync();
                await AssertCancelledAsync(step);
                await listing.DisposeAsync();
            }
        }
    }

    private int requestsReceived;
    private int requestsSeen;

    // Waits until the server has received the whole header of one more request than before: the request is on the
    // wire and waits for a response. A request that never arrives fails the test after a minute instead of hanging.
    private async Task WaitForRequestAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        while (Volatile.Read(ref requestsReceived) <= requestsSeen)
        {
            await Task.Delay(10, deadline.Token);
        }

        requestsSeen++;
    }

    // The cancelled operation must end with OperationCanceledException; one that ignores cancellation fails after a
    // minute (the stores' own timeouts are 100 s) instead of hanging the run.
    private static async Task AssertCancelledAsync(Task operation)
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => operation.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken));
    }

    public void Dispose()
    {
        stop.Cancel();
        silent.Stop();
        lock (accepted)
        {
            foreach (Socket socket in accepted)
            {
                socket.Dispose();
            }
        }
        stop.Dispose();
    }
}
