using System.Net;
using System.Net.Sockets;
using System.Text;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// The app on Kestrel (real sockets): a client that stops reading loses its own oldest events and slows no one;
/// <c>/metrics</c> in Prometheus text; <c>/healthz</c>, and <c>/readyz</c> following the exchange.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KestrelStreamingTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;
    private bool _simulatorStopped;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, AutoSettleAtCloseTime = false });
        _app = new PortfolioAppFactory(
            _simulator.BaseUri,
            settings: new Dictionary<string, string?> { ["Streaming:ProbeInterval"] = "00:10:00", ["Streaming:SilenceTimeout"] = "00:30:00" },
            // Kestrel buffers little, so a client that stops reading pushes back at once.
            services: s => s.Configure<KestrelServerOptions>(o => o.Limits.MaxResponseBufferSize = 1024),
            kestrel: true);
        _app.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (!_simulatorStopped)
        {
            await _simulator.DisposeAsync();
        }
    }

    private async Task<(string KeyId, SignedIn Session)> SignInAsync()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 1000m);
        using var client = new HttpClient { BaseAddress = _app.ServerUri };
        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!, client: client);
        await Eventually.True(() => _app.Streams.Find(session.UserId)?.Status.State == ConnectionState.Connected, "connected");
        return (account.KeyId, session);
    }

    [Fact]
    public async Task A_client_that_stops_reading_loses_its_own_oldest_events_and_slows_neither_the_upstream_nor_another_client()
    {
        var (keyId, session) = await SignInAsync();
        var market = _simulator.Exchange.MarketTickers[7];
        _simulator.Exchange.Trade(keyId, market, ContractSide.Yes, TradeAction.Buy, 10, 0.50m);
        var portfolio = _app.Streams.Find(session.UserId)!;
        var upstream = _app.Streams.FindUpstream(session.UserId)!;
        await Eventually.True(() => upstream.TickerSubscriptionId is not null && portfolio.GetPosition(market)?.MarketTitle is not null, "the position, subscribed");

        using var http = new HttpClient { BaseAddress = _app.ServerUri };
        await using var fast = await SseTestClient.OpenAsync(http, $"{StreamingUser.SsePath}?token={session.Token}");
        var lastSeen = (await fast.NextEventAsync()).IdNumber;
        using var slow = await OpenStalledClientAsync(session.Token);
        await Eventually.True(() => portfolio.Hub.SubscriberCount == 2, "both subscribed");

        for (var batch = 0; batch < 60; batch++)
        {
            for (var i = 0; i < 100; i++)
            {
                var bid = 0.10m + ((batch * 100 + i) % 80) / 100m;
                _simulator.Exchange.SetQuote(market, bid, bid + 0.02m);
            }
            var target = portfolio.Hub.LastEventId;
            await Eventually.True(() => portfolio.GetPosition(market)!.Quote!.YesBid == 0.10m + ((batch * 100 + 99) % 80) / 100m, "the upstream applied the batch");
            target = portfolio.Hub.LastEventId;
            while (lastSeen < target)
            {
                var next = await fast.NextEventAsync();
                next.IdNumber.Should().Be(lastSeen + 1, "the reading client misses nothing");
                lastSeen = next.IdNumber;
            }
        }

        // Drops happen only once the stalled client's queue is full (1,000), after the socket buffers filled up.
        portfolio.Hub.DroppedEvents.Should().BePositive("the stalled client dropped its oldest events");
        portfolio.Status.DroppedEvents.Should().Be(portfolio.Hub.DroppedEvents);
        portfolio.Hub.QueueDepth.Should().BeLessThanOrEqualTo(1000 + 10, "its queue stays bounded");
        var metrics = await http.GetStringAsync("/metrics");
        metrics.Should().MatchRegex(@"(?m)^kp_fanout_dropped_events\S* [1-9]");

        slow.Dispose();
        await Eventually.True(() => portfolio.Hub.SubscriberCount == 1, "the stalled client's subscription released");
    }

    // An SSE request over a socket with a tiny receive buffer that reads the headers and then never reads again.
    private async Task<TcpClient> OpenStalledClientAsync(string token)
    {
        var tcp = new TcpClient { ReceiveBufferSize = 1024 };
        await tcp.ConnectAsync(_app.ServerUri.Host, _app.ServerUri.Port);
        var stream = tcp.GetStream();
        var request = $"GET {StreamingUser.SsePath}?token={token} HTTP/1.1\r\nHost: {_app.ServerUri.Authority}\r\nAccept: text/event-stream\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[512];
        var received = new StringBuilder();
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            read.Should().BePositive();
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        received.ToString().Should().StartWith("HTTP/1.1 200");
        return tcp;
    }

    [Fact]
    public async Task Metrics_are_exported_in_Prometheus_text_and_health_follows_the_exchange()
    {
        var (keyId, session) = await SignInAsync();
        using var http = new HttpClient { BaseAddress = _app.ServerUri };
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.OK, "the database and the exchange answer");
        await using var feed = await SseTestClient.OpenAsync(http, $"{StreamingUser.SsePath}?token={session.Token}");
        await feed.NextEventAsync();
        var market = _simulator.Exchange.MarketTickers[8];
        _simulator.Exchange.Trade(keyId, market, ContractSide.Yes, TradeAction.Buy, 1, 0.50m);
        await feed.NextAsync("position_update");
        _simulator.Faults.SendMalformedFrames(1);
        _simulator.Exchange.SetQuote(market, 0.40m, 0.45m);
        await Eventually.True(() => _app.Streams.FindUpstream(session.UserId)!.MalformedFrames == 1, "the garbled frame read");
        _simulator.DropWebSockets();
        await feed.NextAsync("connection_status", e => e.GetProperty("connection_status").GetProperty("reconnect_count").GetInt32() == 1);
        _simulator.Faults.FailRestRequests(503, 50);
        var refresh = async () => await _app.Streams.RefreshAsync(session.UserId);
        await refresh.Should().ThrowAsync<Core.Kalshi.Errors.KalshiApiException>();
        _simulator.Faults.Clear();

        var response = await http.GetAsync("/metrics");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        foreach (var name in new[]
        {
            "kp_sse_connections", "kp_upstream_users", "kp_upstream_uptime", "kp_upstream_reconnects", "kp_upstream_messages",
            "kp_upstream_malformed_frames", "kp_fanout_queue_depth", "kp_cache_write_duration", "kp_kalshi_rest_errors",
        })
        {
            text.Should().MatchRegex($"(?m)^{name}\\S* ", $"{name} is exported");
        }
        // (Values are not asserted: the exporter listens by meter name, and parallel test classes run apps of their own.)
        text.Should().MatchRegex("(?m)^kp_upstream_users\\S*state=\"connected\"");
        text.Should().MatchRegex("(?m)^kp_kalshi_rest_errors\\S*kind=\"Unavailable\"");
        text.Should().NotContain(session.Token).And.NotContain(keyId, "no secret in the metrics");

        await _simulator.DisposeAsync();
        _simulatorStopped = true;
        (await http.GetAsync("/readyz")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK, "the app itself is alive");
    }
}
