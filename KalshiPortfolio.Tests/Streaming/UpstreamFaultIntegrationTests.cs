using System.Net;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// The simulator's faults against the whole app over a real WebSocket: dropped sockets, refused reconnects
/// (degraded polling, recovery), and token expiry on a fake clock. The reconnect schedule is the test host's fast
/// one (50 ms doubling to 200 ms); its exact 2–32 s timing is proven on a fake clock in <see cref="KalshiUpstreamTimingTests"/>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UpstreamFaultIntegrationTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, AutoSettleAtCloseTime = false });
        _app = new PortfolioAppFactory(_simulator.BaseUri, settings: new Dictionary<string, string?>
        {
            ["Streaming:PollInterval"] = "00:00:00.200",
            ["Streaming:ProbeInterval"] = "00:10:00",
            ["Streaming:SilenceTimeout"] = "00:30:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    private async Task<(string KeyId, SignedIn Session, SseTestClient Feed)> SignInWithFeedAsync()
    {
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        await Eventually.True(() => _app.Streams.Find(session.UserId)?.Status.State == ConnectionState.Connected, "connected");
        var feed = await SseTestClient.OpenAsync(_app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }), $"{StreamingUser.SsePath}?token={session.Token}");
        (await feed.NextEventAsync()).Type.Should().Be("snapshot");
        return (account.KeyId, session, feed);
    }

    private static Func<System.Text.Json.JsonElement, bool> State(string state) =>
        e => e.GetProperty("connection_status").GetProperty("state").GetString() == state;

    // Connected and verified against Kalshi's REST state: only then are the figures live (and polling stops).
    private static Func<System.Text.Json.JsonElement, bool> Live() =>
        e => e.GetProperty("connection_status").GetProperty("live").GetBoolean();

    [Fact]
    public async Task Dropped_sockets_reconnect_and_a_trade_made_while_disconnected_arrives_through_the_reconcile()
    {
        var (keyId, session, feed) = await SignInWithFeedAsync();
        await using var _ = feed;
        var market = _simulator.Exchange.MarketTickers[3];
        _simulator.Faults.RefuseWebSockets(TimeSpan.FromMinutes(5));

        _simulator.DropWebSockets();
        await feed.NextAsync("connection_status", State("kalshi_reconnecting"));
        _simulator.Exchange.Trade(keyId, market, ContractSide.Yes, TradeAction.Buy, 7, 0.35m);
        _simulator.Faults.Clear();

        await feed.NextAsync("connection_status", State("connected"));
        var update = await feed.NextAsync("position_update", e => e.Ticker() == market);
        update.Json.Pos().Money("position_fp").Should().Be(7);
        var status = _app.Streams.GetStatus(session.UserId)!;
        status.ReconnectCount.Should().Be(1);
        _simulator.WebSocketConnections.Should().Be(1);

        // Live again: the next fill comes over the new socket.
        _simulator.Exchange.Trade(keyId, market, ContractSide.Yes, TradeAction.Buy, 1, 0.35m);
        (await feed.NextAsync("position_update", e => e.Pos().Money("position_fp") == 8)).Json.Ticker().Should().Be(market);
    }

    [Fact]
    public async Task Five_refused_connects_degrade_to_polling_and_the_socket_coming_back_recovers()
    {
        var (keyId, session, feed) = await SignInWithFeedAsync();
        await using var _ = feed;
        var upstream = _app.Streams.FindUpstream(session.UserId)!;
        _simulator.Faults.RefuseWebSockets(TimeSpan.FromMinutes(5));

        _simulator.DropWebSockets();

        var degraded = await feed.NextAsync("connection_status", State("degraded"));
        degraded.Json.GetProperty("connection_status").GetProperty("last_error").GetString().Should().Contain("503");
        upstream.FailedConnects.Should().BeGreaterThanOrEqualTo(5);
        upstream.IsPolling.Should().BeTrue();
        var market = _simulator.Exchange.MarketTickers[4];
        _simulator.Exchange.Trade(keyId, market, ContractSide.No, TradeAction.Buy, 2, 0.60m);
        (await feed.NextAsync("position_update", e => e.Ticker() == market)).Json.Pos().Money("position_fp").Should().Be(-2, "polled while degraded");
        _simulator.WebSocketConnections.Should().Be(0);

        _simulator.Faults.Clear();

        await feed.NextAsync("connection_status", Live());
        upstream.IsPolling.Should().BeFalse();
        upstream.FailedConnects.Should().Be(0);
        _simulator.WebSocketConnections.Should().Be(1);
    }
}

/// <summary>The session token's expiry on the app's fake clock ends an SSE stream with <c>session_expired</c>.</summary>
[Trait("Category", "Integration")]
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, AutoSettleAtCloseTime = false }, _time);
        _app = new PortfolioAppFactory(_simulator.BaseUri, services: s => s.AddSingleton<TimeProvider>(_time));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task An_expired_token_ends_the_stream_with_session_expired_and_is_refused_afterwards()
    {
        var account = _simulator.Exchange.CreateAccount();
        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await using var feed = await SseTestClient.OpenAsync(client, $"{StreamingUser.SsePath}?token={session.Token}");
        var snapshot = await feed.NextEventAsync();
        snapshot.Type.Should().Be("snapshot");

        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(5));
        (await client.GetAsync($"/api/v1/account/positions?token={session.Token}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "?token= is for the SSE feed only");
        _time.Advance(TimeSpan.FromSeconds(10));

        var expired = await feed.NextAsync("session_expired");
        expired.Json.GetProperty("reason").GetString().Should().Contain("expired").And.Contain("refresh");
        expired.Id.Should().NotBeNull();
        await feed.Ended.WaitAsync(Eventually.DefaultTimeout);
        (await client.GetAsync($"{StreamingUser.SsePath}?token={session.Token}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
