namespace KalshiPortfolio.Core.Streaming;

/// <summary>
/// How fresh the figures are: when the account was last proven to agree with Kalshi, and whether the cash is
/// known to be behind (a fill moved it and the balance has not been read since).
/// </summary>
/// <param name="Live">The link is connected and verified: every figure is live.</param>
/// <param name="VerifiedAt">When the positions were last confirmed by Kalshi (a live socket message or a REST snapshot).</param>
/// <param name="CashVerifiedAt">When the cash was last read from Kalshi's balance.</param>
/// <param name="CashStale">True when the cash may be behind: a fill since the last balance read, or no read for too long.</param>
/// <param name="StalePositions">Positions whose mark is older than the stale threshold.</param>
public sealed record PortfolioFreshness(bool Live, DateTimeOffset? VerifiedAt, DateTimeOffset? CashVerifiedAt, bool CashStale, int StalePositions)
{
    public static PortfolioFreshness Unknown { get; } = new(false, null, null, true, 0);
}
