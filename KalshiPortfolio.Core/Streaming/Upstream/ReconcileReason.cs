namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>Why the account is checked against Kalshi's REST state.</summary>
public enum ReconcileReason
{
    /// <summary>The link started (before the first socket).</summary>
    Start,

    /// <summary>The socket connected and Kalshi confirmed the subscriptions.</summary>
    Connect,

    /// <summary>The socket connected again after a drop.</summary>
    Reconnect,

    /// <summary>The user (or the API) asked for a refresh.</summary>
    Refresh,

    /// <summary>The periodic check while live.</summary>
    Verify,

    /// <summary>The link is not live: REST polling keeps the figures current.</summary>
    Poll,

    /// <summary>A private frame could not be read.</summary>
    MalformedFrame,

    /// <summary>Handling a frame failed.</summary>
    HandlerError,

    /// <summary>A subscription's sequence numbers skipped: messages were lost.</summary>
    SequenceGap,

    /// <summary>A REST step (a market, a settlement, a balance) failed or was skipped.</summary>
    FailedStep,

    /// <summary>A row of Kalshi's answer could not be used and was skipped.</summary>
    SkippedInput,

    /// <summary>A silent socket spoke again: prove nothing was missed.</summary>
    SilenceEnded,

    /// <summary>Kalshi's maintenance ended.</summary>
    MaintenanceEnded,

    /// <summary>A position changed on the socket: take its exact money figures from REST (the socket rounds them).</summary>
    PositionChanged,
}
