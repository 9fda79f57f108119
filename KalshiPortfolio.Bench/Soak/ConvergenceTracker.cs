namespace KalshiPortfolio.Bench.Soak;

/// <summary>One view of the account (the app's REST API, or one SSE client) compared with the exchange at one moment.</summary>
public sealed record ViewSample(string View, IReadOnlyList<FigureDifference> Differences)
{
    public bool Agrees => Differences.Count == 0;
}

/// <summary>A view still not the exchange's when the convergence window closed: what differed then, and when it came right.</summary>
public sealed record ViewDivergence(string View, IReadOnlyList<FigureDifference> Differences, TimeSpan SeenAt)
{
    /// <summary>When the view first agreed with the exchange after the window (from the fault's end); null = not within the watch.</summary>
    public TimeSpan? ResolvedAt { get; internal set; }
}

/// <summary>
/// Follows the views after a fault ends (samples timed from that moment): converged at the first sample where every
/// view agrees with the exchange. A view that does not agree at the first sample at or after the window is a
/// divergence; it is followed until it agrees or the watch ends.
/// </summary>
public sealed class ConvergenceTracker(TimeSpan window, TimeSpan watch)
{
    private readonly List<ViewDivergence> _divergences = [];
    private bool _windowClosed;

    public TimeSpan Window { get; } = window;

    /// <summary>How long after the fault's end samples are taken at most.</summary>
    public TimeSpan Watch { get; } = watch;

    public TimeSpan? ConvergedAt { get; private set; }

    public TimeSpan LastSampleAt { get; private set; }

    public int Samples { get; private set; }

    /// <summary>The views seen when the window closed, if any did not agree.</summary>
    public IReadOnlyList<ViewDivergence> Divergences => _divergences;

    /// <summary>The differences of the last sample (for the log while waiting).</summary>
    public IReadOnlyList<ViewSample> Last { get; private set; } = [];

    /// <summary>Converged, or watched for long enough.</summary>
    public bool Finished => ConvergedAt is not null || LastSampleAt >= Watch;

    public bool ConvergedInWindow => ConvergedAt is { } at && at <= Window;

    public void Add(TimeSpan at, IReadOnlyList<ViewSample> views)
    {
        if (ConvergedAt is not null)
        {
            return;
        }
        Samples++;
        LastSampleAt = at;
        Last = views;
        if (views.All(v => v.Agrees))
        {
            ConvergedAt = at;
            foreach (var divergence in _divergences)
            {
                divergence.ResolvedAt ??= at;
            }
            return;
        }
        if (!_windowClosed && at >= Window)
        {
            _windowClosed = true;
            _divergences.AddRange(views.Where(v => !v.Agrees).Select(v => new ViewDivergence(v.View, v.Differences, at)));
            return;
        }
        foreach (var divergence in _divergences.Where(d => d.ResolvedAt is null))
        {
            if (views.FirstOrDefault(v => v.View == divergence.View) is { Agrees: true })
            {
                divergence.ResolvedAt = at;
            }
        }
    }
}
