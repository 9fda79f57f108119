using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Tests.Components;

/// <summary>Positions, portfolios and statuses for the component tests.</summary>
internal static class TestData
{
    public static readonly DateTimeOffset At = new(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);

    /// <summary>Not a real key: enough to pass the dialog's "looks like a PEM" check.</summary>
    public const string Pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n";

    /// <summary>A position valued at a YES bid/ask. <paramref name="cost"/> is the total cost of the contracts.</summary>
    public static PositionState Position(
        string ticker = "KXHIGHNY-26MAR02-B45",
        decimal position = 10m,
        decimal cost = 4.70m,
        decimal? yesBid = 0.52m,
        decimal? yesAsk = 0.54m,
        string? title = "Highest temperature in NYC on Mar 2?",
        bool stale = false,
        DateTimeOffset? updatedAt = null)
    {
        var at = updatedAt ?? At;
        var quote = yesBid is null && yesAsk is null ? null : MarketQuote.Create(ticker, yesBid, yesAsk, null, at);
        return PositionState.Create(
            new PositionUpdate { Ticker = ticker, Position = position, Cost = cost, UpdatedAt = at, MarketTitle = title },
            quote,
            MarkMethod.Liquidation,
            stale);
    }

    /// <summary>The same position at another YES bid.</summary>
    public static PositionState Repriced(PositionState state, decimal yesBid, decimal? yesAsk = null) =>
        state.WithQuote(MarketQuote.Create(state.Ticker, yesBid, yesAsk ?? yesBid + 0.02m, null, At), MarkMethod.Liquidation, At);

    public static PortfolioView View(
        decimal cash = 1000m,
        decimal marketValue = 234.56m,
        decimal todayDollars = 12.5m,
        decimal? todayPercent = 1.0123m,
        int positions = 3,
        int unmarked = 0) => new(
        new PortfolioSummary
        {
            Cash = cash,
            MarketValue = marketValue,
            CostBasis = 200m,
            UnrealizedPnl = 34.56m,
            UnrealizedPnlPercent = 17.28m,
            RealizedPnl = 5m,
            FeesPaid = 1.25m,
            PositionCount = positions,
            UnmarkedCount = unmarked,
            AsOf = At,
        },
        new TodayPnl(todayDollars, todayPercent));

    public static ConnectionStatus Status(ConnectionState state, string? lastError = null) => new()
    {
        State = state,
        Reason = state switch
        {
            ConnectionState.Connected => LinkReason.Live,
            ConnectionState.KalshiReconnecting => LinkReason.SocketDropped,
            ConnectionState.Degraded => LinkReason.ConnectFailed,
            _ => LinkReason.Stopped,
        },
        Since = At.AddMinutes(-5),
        LastMessageAt = At.AddSeconds(-3),
        ReconnectCount = 2,
        DroppedEvents = 7,
        LastError = lastError,
    };

    public static List<PositionState> Many(int count) =>
        Enumerable.Range(0, count)
            .Select(i => Position(
                ticker: $"KXTEST-{i:D3}",
                cost: 5m,
                yesBid: 0.30m + (i % 40) * 0.01m,
                yesAsk: 0.32m + (i % 40) * 0.01m,
                title: $"Test market {i}"))
            .ToList();
}
