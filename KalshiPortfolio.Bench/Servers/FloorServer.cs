using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>
/// The floor: the least a server can do to relay Kalshi's ticker frames to SSE clients. One signed WebSocket to the
/// exchange, subscribed to the same markets as the app; each frame's raw text becomes one <c>data:</c> line, built
/// once and queued to every client (a bounded drop-oldest queue of the app's default size, 1,000), then written and
/// flushed per event, as the app's <c>SseFormatter</c> does. No parsing, no state, no JSON. Runs as its own process
/// (<c>KalshiPortfolio.Bench floor-server …</c>) with server GC, the floor's fastest setting on this machine (the app runs with workstation GC, for its memory).
/// </summary>
public static class FloorServer
{
    public const string Command = "floor-server";
    public const int QueueCapacity = 1000;

    /// <summary>The arguments of the floor process.</summary>
    public sealed record Settings(int Port, Uri WebSocketUri, string KeyId, string KeyFile, string TickersFile);

    public static IReadOnlyList<string> Arguments(Settings s) =>
        [Command, "--port", s.Port.ToString(CultureInfo.InvariantCulture), "--ws", s.WebSocketUri.ToString(), "--key-id", s.KeyId, "--key-file", s.KeyFile, "--tickers-file", s.TickersFile];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"floor-server needs {name}.");
        var settings = new Settings(
            int.Parse(Arg("--port"), CultureInfo.InvariantCulture),
            new Uri(Arg("--ws")),
            Arg("--key-id"),
            Arg("--key-file"),
            Arg("--tickers-file"));

        var relay = new Relay();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, settings.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        await using var app = builder.Build();
        app.MapGet("/healthz", context => context.Response.WriteAsync("ok"));
        app.MapGet("/stats", context => context.Response.WriteAsJsonAsync(relay.Stats()));
        app.MapGet("/sse", relay.ServeAsync);
        await app.StartAsync();

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(app.Lifetime.ApplicationStopping);
        var upstream = Task.Run(() => relay.RunUpstreamAsync(settings, stopping.Token));
        await app.WaitForShutdownAsync();
        await stopping.CancelAsync();
        try
        {
            await upstream;
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    /// <summary>What the floor has done: clients, frames relayed, events dropped for slow clients, whether the upstream is subscribed.</summary>
    public sealed record FloorStats(int Clients, long Frames, long Dropped, bool Subscribed, string? Error);

    private sealed class Relay
    {
        private static readonly byte[] DataPrefix = "data: "u8.ToArray();
        private static readonly byte[] EventEnd = "\n\n"u8.ToArray();

        private readonly Lock _gate = new();
        private Channel<byte[]>[] _clients = [];
        private long _frames;
        private long _dropped;
        private volatile bool _subscribed;
        private volatile string? _error;

        public FloorStats Stats() => new(Volatile.Read(ref _clients).Length, Interlocked.Read(ref _frames), Interlocked.Read(ref _dropped), _subscribed, _error);

        public async Task ServeAsync(HttpContext context)
        {
            var channel = Channel.CreateBounded<byte[]>(
                new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                _ => Interlocked.Increment(ref _dropped));
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var cancellationToken = context.RequestAborted;
            await response.Body.FlushAsync(cancellationToken);
            lock (_gate)
            {
                _clients = [.. _clients, channel];
            }
            try
            {
                var reader = channel.Reader;
                while (await reader.WaitToReadAsync(cancellationToken))
                {
                    while (reader.TryRead(out var frame))
                    {
                        await response.Body.WriteAsync(frame, cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            finally
            {
                lock (_gate)
                {
                    _clients = Array.FindAll(_clients, c => c != channel);
                }
            }
        }

        public async Task RunUpstreamAsync(Settings settings, CancellationToken cancellationToken)
        {
            try
            {
                using var signer = KalshiSigner.FromPem(settings.KeyId, await File.ReadAllTextAsync(settings.KeyFile, cancellationToken));
                var tickers = (await File.ReadAllLinesAsync(settings.TickersFile, cancellationToken)).Where(t => t.Length > 0).ToArray();
                using var socket = new ClientWebSocket();
                KalshiWebSocketAuth.Apply(socket.Options, signer, settings.WebSocketUri);
                await socket.ConnectAsync(settings.WebSocketUri, cancellationToken);
                var subscribe = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    id = 1,
                    cmd = "subscribe",
                    @params = new { channels = new[] { "ticker" }, market_tickers = tickers },
                });
                await socket.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

                var buffer = new ArrayBufferWriter<byte>(64 * 1024);
                while (!cancellationToken.IsCancellationRequested)
                {
                    buffer.ResetWrittenCount();
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken);
                        buffer.Advance(result.Count);
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _error = "the exchange closed the socket";
                        return;
                    }
                    Broadcast(buffer.WrittenSpan);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
            {
                _error = ex.Message;
            }
        }

        private void Broadcast(ReadOnlySpan<byte> payload)
        {
            if (!_subscribed && payload.IndexOf("\"subscribed\""u8) >= 0)
            {
                _subscribed = true;
            }
            var frame = new byte[DataPrefix.Length + payload.Length + EventEnd.Length];
            DataPrefix.CopyTo(frame, 0);
            payload.CopyTo(frame.AsSpan(DataPrefix.Length));
            EventEnd.CopyTo(frame, DataPrefix.Length + payload.Length);
            Interlocked.Increment(ref _frames);
            foreach (var client in Volatile.Read(ref _clients))
            {
                client.Writer.TryWrite(frame);
            }
        }
    }

    /// <summary>Writes the floor's inputs (the key, owner-only, and the tickers) under <paramref name="directory"/>.</summary>
    public static (string KeyFile, string TickersFile) WriteInputs(string directory, string privateKeyPem, IEnumerable<string> tickers)
    {
        Directory.CreateDirectory(directory);
        var keyFile = Path.Combine(directory, "floor-key.pem");
        File.WriteAllText(keyFile, privateKeyPem, Encoding.ASCII);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var tickersFile = Path.Combine(directory, "floor-tickers.txt");
        File.WriteAllLines(tickersFile, tickers);
        return (keyFile, tickersFile);
    }
}
