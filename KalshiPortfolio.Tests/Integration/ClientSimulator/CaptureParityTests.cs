using System.Collections;
using System.Reflection;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.TestSupport;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// The golden comparison seen from the client: whatever the client reads from a recorded Kalshi response
/// (Fixtures/kalshi-captures), it also reads from the simulator's answer to the same call. Both are parsed by the
/// client's own parser; every model property that the capture fills must be filled from the simulator too, and error
/// bodies must parse to the same <see cref="KalshiError"/>. (The JSON-level comparison is <c>Simulator.GoldenShapeTests</c>.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class CaptureParityTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    /// <summary>The market of most captures; it is in the simulator's catalogue.</summary>
    private const string CapturedTicker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";

    private KalshiClient Public => fixture.Client.Public();

    [Fact]
    public async Task A_single_market_reads_as_fully_as_the_capture()
    {
        var recorded = KalshiResponseParser.ParseMarket(KalshiCaptures.Body("markets__single"));

        var simulated = await Public.GetMarketAsync(CapturedTicker);

        ShouldReadAtLeast(recorded, simulated, "markets__single");
    }

    [Fact]
    public async Task Every_listed_open_market_reads_as_fully_as_its_capture()
    {
        var recorded = KalshiResponseParser.ParseMarketsPage(KalshiCaptures.Body("markets__status_open"));

        // Every status: another test of this class settles one of them.
        var simulated = await Public.GetAllMarketsAsync().ToListAsync();

        var byTicker = simulated.ToDictionary(m => m.Ticker);
        recorded.Items.Should().HaveCount(200);
        foreach (var market in recorded.Items)
        {
            ShouldReadAtLeast(market, byTicker[market.Ticker], market.Ticker);
        }
    }

    [Fact]
    public async Task A_settled_market_reads_as_fully_as_the_settled_capture()
    {
        var recorded = KalshiResponseParser.ParseMarketsPage(KalshiCaptures.Body("markets__status_settled")).Items[0];
        var ticker = fixture.TakeEvent()[0];
        await fixture.Sim.SettleAsync(ticker, "no");

        var simulated = await Public.GetMarketAsync(ticker);

        ShouldReadAtLeast(recorded, simulated, "markets__status_settled");
        (simulated.Status, simulated.Result, simulated.SettlementValue).Should().Be(("finalized", "no", 0m));
    }

    [Fact]
    public async Task The_exchange_status_reads_as_fully_as_the_capture()
    {
        var recorded = KalshiResponseParser.ParseExchangeStatus(KalshiCaptures.Body("exchange__status"));

        var simulated = await Public.GetExchangeStatusAsync();

        ShouldReadAtLeast(recorded, simulated, "exchange__status");
        simulated.Should().Be(recorded, "both exchanges are open");
    }

    [Fact]
    public async Task Balance_positions_and_fills_read_as_fully_as_the_captures()
    {
        var account = fixture.Own(await fixture.Sim.CreateUploadedKeyAccountAsync(TestRsaKeys.Pkcs8Pem, 100m));
        var client = fixture.Client.Authenticated(account);
        var tickers = fixture.TakeEvent(minimumMarkets: 2);
        await fixture.Sim.TradeAsync(account.KeyId, tickers[0], "yes", "buy", 1, 0.52m);
        await fixture.Sim.TradeAsync(account.KeyId, tickers[0], "yes", "buy", 2, 0.99m);

        ShouldReadAtLeast(KalshiResponseParser.ParseBalance(KalshiCaptures.Body("auth__balance_ok")), await client.GetBalanceAsync(), "auth__balance_ok");
        ShouldReadAtLeast(KalshiResponseParser.ParsePositionsPage(KalshiCaptures.Body("portfolio__positions")), await client.GetPositionsPageAsync(), "portfolio__positions");
        ShouldReadAtLeast(KalshiResponseParser.ParseFillsPage(KalshiCaptures.Body("fills__after_taker")), await client.GetFillsPageAsync(), "fills__after_taker");
        ShouldReadAtLeast(KalshiResponseParser.ParseSettlementsPage(KalshiCaptures.Body("settlements__page")), await client.GetSettlementsPageAsync(), "settlements__page");

        // The capture's position: 3 YES bought at 0.52, 0.99, 0.99 → exposure 2.50, fees 0.0189 (0.0175 + 2 × 0.0007).
        var recordedRow = KalshiResponseParser.ParsePositionsPage(KalshiCaptures.Body("portfolio__positions")).MarketPositions[0];
        var simulatedRow = (await client.GetPositionsAsync()).MarketPositions.Single();
        (simulatedRow.Position, simulatedRow.MarketExposure, simulatedRow.FeesPaid, simulatedRow.RealizedPnl, simulatedRow.TotalTraded)
            .Should().Be((recordedRow.Position, recordedRow.MarketExposure, recordedRow.FeesPaid, recordedRow.RealizedPnl, recordedRow.TotalTraded));
    }

    [Theory]
    [InlineData("auth__bad_signature")]
    [InlineData("auth__unknown_key_id")]
    [InlineData("auth__skew_plus5min")]
    [InlineData("auth__skew_minus5min")]
    [InlineData("auth__skew_minus30s")]
    public async Task Authentication_failures_carry_the_captured_error(string capture)
    {
        var recorded = KalshiErrorParser.TryParse(KalshiCaptures.Body(capture));
        using var wrongKey = CoreSigner.FromPem(fixture.Demo.KeyId, TestRsaKeys.Pkcs8Pem);
        using var unknownKey = CoreSigner.FromPem(Guid.NewGuid().ToString(), TestRsaKeys.Pkcs8Pem);
        var (host, signer) = capture switch
        {
            "auth__bad_signature" => (fixture.Client, wrongKey),
            "auth__unknown_key_id" => (fixture.Client, unknownKey),
            "auth__skew_plus5min" => (fixture.NewClient(clockOffset: TimeSpan.FromMinutes(5)), fixture.Demo),
            "auth__skew_minus5min" => (fixture.NewClient(clockOffset: TimeSpan.FromMinutes(-5)), fixture.Demo),
            _ => (fixture.NewClient(clockOffset: TimeSpan.FromSeconds(-30)), fixture.Demo),
        };

        var error = (await FluentActions.Awaiting(() => host.Authenticated(signer).GetBalanceAsync()).Should().ThrowAsync<KalshiAuthenticationException>()).Which;

        recorded.Should().NotBeNull();
        error.Error.Should().Be(recorded);
    }

    [Fact]
    public async Task Subscribe_acks_read_as_fully_as_the_captured_ones()
    {
        var recorded = KalshiCaptures.Frames("ws__orderbook_trade_yes").Select(KalshiWsMessageParser.Parse).OfType<KalshiWsSubscribed>().ToList();
        await using var session = await ClientWebSocketSession.ConnectAsync(fixture.Client.Endpoints.WebSocketUri, fixture.Demo, fixture.Client.Clock);

        var simulated = await session.SubscribeAsync([KalshiWsChannels.Ticker, KalshiWsChannels.Trade], [CapturedTicker]);

        recorded.Should().HaveCount(2);
        recorded.Select(a => a.Id).Distinct().Should().ContainSingle("the capture shows one ack per channel with the command's id");
        simulated.Select(a => a.Id).Distinct().Should().ContainSingle();
        ShouldReadAtLeast(recorded[1], simulated[1], "ws__orderbook_trade_yes (trade ack)");
    }

    /// <summary>Every property the client filled from the capture is also filled from the simulator's answer.</summary>
    private static void ShouldReadAtLeast(object recorded, object simulated, string capture)
    {
        var fromCapture = Filled(recorded);
        var fromSimulator = Filled(simulated);
        fromCapture.Should().NotBeEmpty();
        fromCapture.Except(fromSimulator).Should().BeEmpty("the client reads these from Kalshi's {0} but not from the simulator", capture);
    }

    /// <summary>Paths of the non-null properties of a model (collections: non-empty, then their elements' properties).</summary>
    private static SortedSet<string> Filled(object model)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(model, model.GetType().Name, paths);
        return paths;
    }

    private static void Walk(object? value, string path, SortedSet<string> paths)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                if (s.Length > 0) paths.Add(path);
                return;
            case IEnumerable items:
                foreach (var item in items)
                {
                    paths.Add(path);
                    Walk(item, path + "[]", paths);
                }
                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTimeOffset or TimeSpan)
        {
            paths.Add(path);
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            Walk(property.GetValue(value), path + "." + property.Name, paths);
        }
    }
}
