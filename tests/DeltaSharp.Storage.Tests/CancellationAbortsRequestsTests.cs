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
/// in flight (the stores' own timeouts are 100 s; the test would hang, not pass, if cancellation were ignored).
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
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
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
                await WaitForConnectionAsync();
                Assert.False(pending.IsCompleted);
                await cts.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

                using var listCts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                IAsyncEnumerator<ObjectMeta> listing = store.ListAsync("", null, listCts.Token).GetAsyncEnumerator(listCts.Token);
                Task<bool> step = listing.MoveNextAsync().AsTask();
                await WaitForConnectionAsync();
                await listCts.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => step);
                await listing.DisposeAsync();
            }
        }
    }

    private int seen;

    // Waits until the server accepted one more connection than before (the request is on the wire).
    private async Task WaitForConnectionAsync()
    {
        while (true)
        {
            lock (accepted)
            {
                if (accepted.Count > seen)
                {
                    seen = accepted.Count;
                    return;
                }
            }
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
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
