namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The polling rule: while the link is not live (socket down, failing, silent, unverified) the account is read over
/// REST every <see cref="StreamingOptions.PollInterval"/>, from the moment the socket is lost — not after a number
/// of failed connects; once the link is live again, only the periodic check (<see cref="StreamingOptions.VerifyInterval"/>) remains.
/// </summary>
internal sealed class DegradedPolling(StreamingOptions options, LinkStatusWriter status)
{
    public bool Active => !status.IsLive && !status.InMaintenance;

    public TimeSpan Interval(bool live) => live ? options.VerifyInterval : options.PollInterval;
}
