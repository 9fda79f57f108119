using System.Globalization;
using System.Net.Http.Json;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// One simulator and the whole app (TestServer) shared by a test class; every test signs in users of its own and
/// trades markets of its own, so tests don't see each other. Prices are frozen and nothing trades by itself; the
/// upstream's liveness probe is off (10 min) so that every frame a socket receives comes from the test.
/// </summary>
public sealed class StreamingAppFixture : IAsyncLifetime
{
    private int _nextMarket = 10;

    public SimulatorHost Simulator { get; private set; } = null!;

    public PortfolioAppFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            TicksPerSecond = 0,
            DemoAccountTradesPerMinute = 0,
            AutoSettleAtCloseTime = false,
        });
        App = new PortfolioAppFactory(Simulator.BaseUri, settings: new Dictionary<string, string?>
        {
            ["Sse:HeartbeatInterval"] = "00:00:00.250",
            ["Streaming:ProbeInterval"] = "00:10:00",
            ["Streaming:SilenceTimeout"] = "00:30:00",
            ["Streaming:PollInterval"] = "00:00:00.200",
        });
        App.CreateClient().Dispose(); // starts the app
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Simulator.DisposeAsync();
    }

    /// <summary>A market no other test of this fixture uses.</summary>
    public string NewMarket() => Simulator.Exchange.MarketTickers[Interlocked.Increment(ref _nextMarket)];

    /// <summary>Creates a simulator account and signs it in.</summary>
    public async Task<StreamingUser> SignInAsync(decimal balance = 1000m)
    {
        var account = Simulator.Exchange.CreateAccount(balanceDollars: balance);
        var session = await App.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        return new StreamingUser(this, account.KeyId, session.UserId, session.Token);
    }
}

/// <summary>A signed-in user of the <see cref="StreamingAppFixture"/>.</summary>
public sealed record StreamingUser(StreamingAppFixture Fixture, string KeyId, string UserId, string Token)
{
    public const string SsePath = "/api/v1/account/sse/positions";

    public UserPortfolio Portfolio => Fixture.App.Streams.Find(UserId)!;

    public Core.Streaming.Upstream.KalshiUpstream Upstream => Fixture.App.Streams.FindUpstream(UserId)!;

    /// <summary>Opens the SSE feed with the token as <c>?token=</c> (as EventSource would).</summary>
    public Task<SseTestClient> OpenFeedAsync(string? lastEventId = null, string? token = null) =>
        SseTestClient.OpenAsync(Fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }), $"{SsePath}?token={token ?? Token}", lastEventId);

    /// <summary>A fill on the user's account through the simulator's control API.</summary>
    public async Task TradeAsync(string ticker, string side, string action, int count, decimal price)
    {
        using var sim = new HttpClient { BaseAddress = Fixture.Simulator.BaseUri };
        var response = await sim.PostAsJsonAsync($"/_sim/accounts/{KeyId}/fills", new
        {
            ticker,
            side,
            action,
            count,
            price_dollars = price.ToString("0.00", CultureInfo.InvariantCulture),
        });
        response.EnsureSuccessStatusCode();
    }

    public void Trade(string ticker, int count, decimal price) =>
        Fixture.Simulator.Exchange.Trade(KeyId, ticker, ContractSide.Yes, TradeAction.Buy, count, price);
}

internal static class Json
{
    public static decimal? Money(this System.Text.Json.JsonElement e, string name) =>
        e.GetProperty(name).GetString() is { } text ? decimal.Parse(text, CultureInfo.InvariantCulture) : null;

    public static System.Text.Json.JsonElement Pos(this System.Text.Json.JsonElement e) => e.GetProperty("position");

    public static string Ticker(this System.Text.Json.JsonElement e) =>
        e.TryGetProperty("position", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object ? p.GetProperty("ticker").GetString()! : e.GetProperty("ticker").GetString()!;
}
