using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Tests.TestSupport;

internal static class PortfolioSubscriptionExtensions
{
    /// <summary>Every event queued for the subscriber right now, in order (the queue is left empty).</summary>
    public static List<PortfolioEvent> Drain(this PortfolioSubscription subscription)
    {
        var events = new List<PortfolioEvent>();
        while (subscription.Reader.TryRead(out var e))
        {
            events.Add(e);
        }
        return events;
    }
}
