using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The REST reads a position change calls for: a new market's title and quote, a closed market's settlement, and
/// the balance after a fill (Kalshi's socket does not carry it). The balance read is retried until it succeeds;
/// any other failed step asks the truth loop for a check.
/// </summary>
internal sealed class PositionFollowUps(
    UserPortfolio portfolio,
    AuthenticatedKalshiClient rest,
    Reconciler reconciler,
    BackgroundWork background,
    StreamingOptions options,
    PortfolioMetrics metrics,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping)
{
    private int _balanceScheduled;

    /// <summary>A new position: its market's title and quote, so the card shows them at once.</summary>
    public void Opened(string ticker) => background.Run(() => FetchMarketAsync(ticker));

    /// <summary>A position that left: if its market settled, book the settlement. The cash changed either way.</summary>
    public void Closed(PositionChange closed) => background.Run(() => SettleIfSettledAsync(closed));

    /// <summary>Fills move cash: read the balance (once for a burst of fills), retried until Kalshi answers.</summary>
    public void CashMoved()
    {
        portfolio.NoteCashPending();
        if (Interlocked.Exchange(ref _balanceScheduled, 1) == 1)
        {
            return;
        }
        background.Run(RefreshBalanceAsync);
    }

    private async Task RefreshBalanceAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(100), time, stopping).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            Volatile.Write(ref _balanceScheduled, 0);
            var mark = portfolio.CashMark;
            try
            {
                var balance = await rest.GetBalanceAsync(stopping).ConfigureAwait(false);
                portfolio.ApplyCash(balance.Cash, mark);
                return;
            }
            catch (KalshiApiException ex)
            {
                metrics.RestError(ex.Kind);
                logger.LogDebug("Could not refresh the balance of user {UserId} (attempt {Attempt}): {Error}", portfolio.UserId, attempt, ex.Message);
            }
            if (Interlocked.Exchange(ref _balanceScheduled, 1) == 1)
            {
                return; // a newer fill scheduled its own read
            }
            var delay = TimeSpan.FromTicks(Math.Min(options.ReconcileRetryBaseDelay.Ticks * attempt, options.ReconcileRetryMaxDelay.Ticks));
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
    }

    private async Task FetchMarketAsync(string ticker)
    {
        try
        {
            var liveMark = portfolio.LiveMark;
            var market = await rest.GetMarketAsync(ticker, stopping).ConfigureAwait(false);
            portfolio.ApplyMarket(ticker, market.Title, market.EventTicker, market.ToQuote(time.GetUtcNow()), liveMark);
        }
        catch (KalshiApiException ex)
        {
            metrics.RestError(ex.Kind);
            logger.LogDebug("Could not fetch market {Ticker} for user {UserId}: {Error}", ticker, portfolio.UserId, ex.Message);
            reconciler.Request(ReconcileReason.FailedStep);
        }
    }

    // Kalshi's settlement row holds lifetime per-side totals, so its P&L (KalshiSettlement.PnlBeforeFees) is the market's
    // whole realized P&L: it replaces what was booked for the market, never adds on top.
    private async Task SettleIfSettledAsync(PositionChange closed)
    {
        try
        {
            var page = await rest.GetSettlementsPageAsync(new SettlementQuery { Ticker = closed.Ticker, Limit = 1 }, stopping).ConfigureAwait(false);
            if (page.Items is [var settlement, ..])
            {
                portfolio.ApplyRealized(closed.Ticker, settlement.PnlBeforeFees);
            }
        }
        catch (KalshiApiException ex)
        {
            metrics.RestError(ex.Kind);
            logger.LogDebug("Could not read the settlement of {Ticker} for user {UserId}: {Error}", closed.Ticker, portfolio.UserId, ex.Message);
        }
        CashMoved();
    }
}
