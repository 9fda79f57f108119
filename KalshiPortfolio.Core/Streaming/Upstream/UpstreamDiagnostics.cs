namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>What a link is doing, for the diagnostics dialog, the metrics and tests: one consistent read.</summary>
/// <param name="NextAttemptAt">When the next connection attempt (or, in maintenance, status check) is due; null while connected.</param>
/// <param name="ConnectedSince">When the current socket connected; null when none is.</param>
/// <param name="FailedConnects">Consecutive failed connection attempts.</param>
/// <param name="Reconnects">Reconnections since the link started.</param>
/// <param name="MalformedFrames">Frames from Kalshi that could not be read.</param>
/// <param name="SequenceGaps">Times a subscription's numbering skipped.</param>
/// <param name="IsPolling">True while the figures come from REST polling (the link is not live).</param>
/// <param name="Reconciliations">Successful checks against Kalshi's REST state.</param>
/// <param name="Corrections">Differences those checks corrected.</param>
/// <param name="PendingReconcile">A check asked for and not done yet.</param>
/// <param name="SubscribedMarkets">The markets whose <c>ticker</c> channel is (to be) subscribed: exactly the markets held.</param>
/// <param name="TickerSubscriptionId">The <c>ticker</c> subscription's id on the current socket, once acknowledged.</param>
public sealed record UpstreamDiagnostics(
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ConnectedSince,
    int FailedConnects,
    int Reconnects,
    long MalformedFrames,
    long SequenceGaps,
    bool IsPolling,
    long Reconciliations,
    long Corrections,
    ReconcileReason? PendingReconcile,
    IReadOnlyCollection<string> SubscribedMarkets,
    long? TickerSubscriptionId);
