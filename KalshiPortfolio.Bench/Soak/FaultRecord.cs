namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// What happened around one fault (or, with no <see cref="Kind"/>, a check: the start, a fault-free spell in which
/// a view disagreed, the end): when it started, how long it was active, when every view agreed with the exchange
/// again, and the views that still disagreed when the window closed.
/// </summary>
public sealed record FaultRecord
{
    public required int Index { get; init; }
    public FaultKind? Kind { get; init; }
    public required string Description { get; init; }

    /// <summary>Seconds since the soak started.</summary>
    public required double StartedAt { get; init; }
    public required double ActiveSeconds { get; init; }

    /// <summary>Seconds from the fault's end until every view agreed; null when they did not within the watch.</summary>
    public double? ConvergedAfter { get; init; }
    public required IReadOnlyList<ViewDivergence> Divergences { get; init; }

    /// <summary>How a count fault ended, a restart's exit time, a repair after no convergence.</summary>
    public string? Note { get; init; }
}
