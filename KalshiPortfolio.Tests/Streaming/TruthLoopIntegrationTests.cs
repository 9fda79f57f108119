using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// The truth loop against the whole app and the simulator's faults: whatever the socket or REST did during a
/// fault, the app's positions and cash agree with the exchange's within 10 s of the fault ending, and the status
/// says plainly when the figures are not live (silent socket, maintenance, socket down).
/// </summary>
[Trait("Category", "Integration")]
public sealed class TruthLoopIntegrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(10);
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, AutoSettleAtCloseTime = false });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await _simulator.DisposeAsync();
    }

    private async Task<(string KeyId, UserPortfolio Portfolio)> SignInAsync(Dictionary<string, string?>? settings = null)
    {
        _app = new PortfolioAppFactory(_simulator.BaseUri, settings: settings ?? new Dictionary<string, string?>
        {
            ["Streaming:PollInterval"] = "00:00:00.500",
        });
        var account = _simulator.Exchange.CreateAccount(balanceDollars: 500m);
        var session = await _app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        var portfolio = _app.Streams.Find(session.UserId)!;
        await Eventually.True(() => portfolio.Status.IsLive, "live");
        return (account.KeyId, portfolio);
    }

    // The app agrees with the exchange: the same open positions (contracts) and the same cash.
    private Task AgreesWithExchangeAsync(string keyId, UserPortfolio portfolio, string what) => Eventually.True(() =>
    {
        var exchange = _simulator.Exchange.GetOpenPositions(keyId);
        var app = portfolio.GetPositions().ToDictionary(p => p.Ticker, p => p.Position);
        return app.Count == exchange.Count
            && exchange.All(e => app.GetValueOrDefault(e.Key) == e.Value)
            && portfolio.GetView().Summary.Cash == _simulator.Exchange.GetCashDollars(keyId);
    }, what, Converge);

    [Fact]
    public async Task After_malformed_frames_positions_and_cash_converge_to_the_exchange_without_a_reconnect()
    {
        var (keyId, portfolio) = await SignInAsync();
        var reconnects = portfolio.Status.ReconnectCount;
        var markets = _simulator.Exchange.MarketTickers;

        // Every frame of these trades (fills, positions, tickers) arrives garbled.
        _simulator.Faults.SendMalformedFrames(200);
        for (var i = 0; i < 6; i++)
        {
            _simulator.Exchange.Trade(keyId, markets[i], i % 2 == 0 ? ContractSide.Yes : ContractSide.No, TradeAction.Buy, 3 + i, 0.40m);
        }
        // Frames are garbled as they are sent: the fault ends once the trades' first frames reached the app garbled.
        var upstream = _app.Streams.FindUpstream(portfolio.UserId)!;
        await Eventually.True(() => upstream.Diagnostics.MalformedFrames >= 6, "garbled frames reached the app");
        _simulator.Faults.Clear();

        await AgreesWithExchangeAsync(keyId, portfolio, "positions and cash agree after malformed frames");
        portfolio.Status.ReconnectCount.Should().Be(reconnects, "the REST check repaired it, not a reconnect");
        portfolio.Status.IsLive.Should().BeTrue();
        upstream.Diagnostics.Corrections.Should().BeGreaterThan(0, "the differences were corrected and counted");
    }

    [Theory]
    [InlineData(503, 20)]
    [InlineData(500, 50)]
    public async Task After_a_burst_of_rest_failures_during_trading_cash_converges(int status, int count)
    {
        // The breaker's pause is shortened so the test is quick; after it the app must catch up on its own.
        var (keyId, portfolio) = await SignInAsync(new Dictionary<string, string?>
        {
            ["Streaming:PollInterval"] = "00:00:00.500",
            ["Kalshi:CircuitBreakerBreakDuration"] = "00:00:02",
        });
        var markets = _simulator.Exchange.MarketTickers;

        _simulator.Faults.FailRestRequests(status, count);
        for (var i = 0; i < 4; i++)
        {
            _simulator.Exchange.Trade(keyId, markets[10 + i], ContractSide.Yes, TradeAction.Buy, 5, 0.30m);
        }
        // The outage is felt (the app's follow-up calls met failures), then it ends.
        await Eventually.True(() => (_simulator.Faults.Snapshot().RestFailures?.Remaining ?? 0) < count, "the app met the failures");
        _simulator.Faults.Clear();

        await AgreesWithExchangeAsync(keyId, portfolio, $"cash agrees after {count} × {status}");
        portfolio.GetView().Freshness.CashStale.Should().BeFalse("the balance was read after the last fill");
    }

    [Fact]
    public async Task A_change_no_message_announced_is_found_by_the_periodic_check()
    {
        var (keyId, portfolio) = await SignInAsync(new Dictionary<string, string?>
        {
            ["Streaming:VerifyInterval"] = "00:00:01",
        });
        var market = _simulator.Exchange.MarketTickers[20];

        // The socket is silenced only for the trade's own frames; the trade is on the exchange, not on the app.
        _simulator.Faults.Silence(TimeSpan.FromMilliseconds(300));
        _simulator.Exchange.Trade(keyId, market, ContractSide.Yes, TradeAction.Buy, 4, 0.45m);

        await AgreesWithExchangeAsync(keyId, portfolio, "the periodic check found the trade");
    }

    [Fact]
    public async Task Maintenance_while_connected_is_shown_with_the_expected_resume_time_and_ends_live()
    {
        var (_, portfolio) = await SignInAsync(new Dictionary<string, string?>
        {
            ["Streaming:ExchangeStatusInterval"] = "00:00:01",
            ["Streaming:ProbeInterval"] = "00:00:00.200",
            ["Streaming:MaintenanceCheckInterval"] = "00:00:00.200",
        });
        var resume = new DateTimeOffset(2030, 1, 2, 15, 30, 0, TimeSpan.Zero);

        _simulator.Exchange.SetStatus(exchangeActive: false, tradingActive: false, resume);

        await Eventually.True(() => portfolio.Status.Reason == LinkReason.Maintenance, "maintenance shown", Converge);
        portfolio.Status.IsLive.Should().BeFalse();
        portfolio.Status.ExpectedResumeAt.Should().Be(resume);
        portfolio.Status.Describe().Should().Contain("maintenance").And.Contain("15:30");

        _simulator.Exchange.SetStatus(exchangeActive: true, tradingActive: true);
        await Eventually.True(() => portfolio.Status.IsLive, "live after maintenance", Converge);
    }

    [Fact]
    public async Task A_silent_socket_is_not_shown_live_and_is_live_again_once_it_speaks()
    {
        var (_, portfolio) = await SignInAsync(new Dictionary<string, string?>
        {
            ["Streaming:ProbeInterval"] = "00:00:00.100",
            ["Streaming:SilenceWarning"] = "00:00:00.400",
            ["Streaming:SilenceTimeout"] = "00:10:00",
            ["Streaming:PollInterval"] = "00:00:00.200",
        });

        _simulator.Faults.Silence(TimeSpan.FromSeconds(3));

        await Eventually.True(() => portfolio.Status.Reason == LinkReason.Silent, "silence shown", Converge);
        portfolio.Status.IsLive.Should().BeFalse();
        portfolio.Status.State.Should().Be(ConnectionState.Degraded);
        await Eventually.True(() => portfolio.Status.IsLive, "live once the socket speaks again", Converge);
    }

    [Fact]
    public async Task Polling_starts_at_the_first_failed_reconnect_and_a_trade_made_meanwhile_arrives()
    {
        var (keyId, portfolio) = await SignInAsync(new Dictionary<string, string?>
        {
            ["Streaming:PollInterval"] = "00:00:00.200",
            // One failed reconnect, then a long wait: whatever arrives now comes from polling.
            ["Streaming:ReconnectBaseDelay"] = "00:10:00",
            ["Streaming:ReconnectMaxDelay"] = "00:10:00",
        });
        var upstream = _app.Streams.FindUpstream(portfolio.UserId)!;
        _simulator.Faults.RefuseWebSockets(TimeSpan.FromMinutes(5));
        _simulator.DropWebSockets();
        await Eventually.True(() => !portfolio.Status.IsLive, "not live once the socket dropped", Converge);

        var market = _simulator.Exchange.MarketTickers[30];
        _simulator.Exchange.Trade(keyId, market, ContractSide.No, TradeAction.Buy, 2, 0.55m);

        await AgreesWithExchangeAsync(keyId, portfolio, "the trade arrived by polling");
        upstream.Diagnostics.FailedConnects.Should().BeLessThan(5, "polling did not wait for five failed connects");
        upstream.Diagnostics.IsPolling.Should().BeTrue();
    }
}
