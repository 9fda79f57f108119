using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Models;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Diagnostics;

/// <summary>
/// Counts (<c>kp_kalshi_skipped_items{kind}</c>) and logs every REST row the Kalshi clients skipped. The log line
/// names the item's kind, place, ticker and what was wrong; it never carries a key or a token.
/// </summary>
public sealed class SkippedInputObserver(PortfolioMetrics metrics, ILogger<SkippedInputObserver> logger) : IKalshiClientObserver
{
    public void OnSkippedInput(KalshiSkippedInput skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        metrics.SkippedInput(skipped.Kind);
        logger.LogWarning(
            "Skipped an unusable {Kind} from Kalshi at {Context} (ticker {Key}): {Reason}: {Detail}",
            skipped.Kind, skipped.Context, skipped.Key ?? "unknown", skipped.Reason, skipped.Detail);
    }
}
