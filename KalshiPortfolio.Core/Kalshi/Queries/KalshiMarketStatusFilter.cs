namespace KalshiPortfolio.Core.Kalshi.Queries;

/// <summary>
/// The <c>status</c> filter of <c>GET /markets</c>. Its words differ from the status in responses:
/// <see cref="Open"/> returns markets whose status is <c>active</c>, <see cref="Settled"/> returns <c>finalized</c>.
/// </summary>
public enum KalshiMarketStatusFilter
{
    Unopened,
    Open,
    Paused,
    Closed,
    Settled,
}
