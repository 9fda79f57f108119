using KalshiPortfolio.Core.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>Today's P&amp;L is measured from the total value at the start of Kalshi's trading day (New York), persisted.</summary>
/// <remarks>One recording at a time: callers that find one under way leave it to finish.</remarks>
internal sealed class DailyBaseline(UserPortfolio portfolio, IPortfolioStore store, TimeProvider time, ILogger logger)
{
    private int _running;

    public bool IsDue => portfolio.IsLive && portfolio.BaselineDay != TradingDay.Of(time.GetUtcNow()) && Volatile.Read(ref _running) == 0;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var today = TradingDay.Of(time.GetUtcNow());
        if (portfolio.BaselineDay == today || Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }
        try
        {
            var total = portfolio.GetView().Summary.TotalValue;
            var baseline = await store.GetOrSetBaselineAsync(portfolio.UserId, today, total, cancellationToken).ConfigureAwait(false);
            portfolio.SetBaseline(today, baseline);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not record today's baseline for user {UserId}", portfolio.UserId);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
