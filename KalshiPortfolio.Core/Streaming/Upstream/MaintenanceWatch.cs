using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// Asks Kalshi whether the exchange is open (<c>GET /exchange/status</c>): before connecting, periodically while
/// connected, and whenever REST answers as if it were closed. Maintenance is shown as such (with Kalshi's expected
/// resume time), the truth loop pauses, and when the exchange reopens a check is asked for at once.
/// </summary>
internal sealed class MaintenanceWatch(
    AuthenticatedKalshiClient rest,
    LinkStatusWriter status,
    PortfolioMetrics metrics,
    TimeProvider time,
    ILogger logger,
    string userId)
{
    private long _nextCheckTicks;

    /// <summary>Raised when the exchange reopens after maintenance.</summary>
    public Action? Reopened { get; set; }

    /// <summary>When the next periodic check is due.</summary>
    public DateTimeOffset? NextCheckAt => Interlocked.Read(ref _nextCheckTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public bool IsDue(TimeSpan interval)
    {
        var next = Interlocked.Read(ref _nextCheckTicks);
        return next == 0 || time.GetUtcNow().UtcTicks >= next;
    }

    /// <summary>Checks now. True in maintenance, false when open; when Kalshi can't be asked, what was known before.</summary>
    public async Task<bool> CheckAsync(TimeSpan nextIn, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _nextCheckTicks, (time.GetUtcNow() + nextIn).UtcTicks);
        Kalshi.Models.KalshiExchangeStatus exchange;
        try
        {
            exchange = await rest.GetExchangeStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KalshiApiException ex)
        {
            metrics.RestError(ex.Kind);
            return status.InMaintenance; // can't tell; carry on as before
        }
        if (exchange.ExchangeActive)
        {
            if (status.InMaintenance)
            {
                logger.LogInformation("Kalshi is out of maintenance; user {UserId} carries on", userId);
                status.MaintenanceEnded();
                Reopened?.Invoke();
            }
            return false;
        }
        if (!status.InMaintenance)
        {
            logger.LogInformation("Kalshi is in maintenance; user {UserId} waits for it", userId);
        }
        var message = exchange.EstimatedResumeTime is { } resume
            ? $"Kalshi is in maintenance until about {resume:HH:mm} UTC."
            : "Kalshi is in maintenance.";
        status.Maintenance(message, exchange.EstimatedResumeTime);
        return true;
    }
}
