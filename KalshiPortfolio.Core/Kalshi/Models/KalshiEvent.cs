namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>An event from <c>GET /events/{event_ticker}</c> with its markets.</summary>
public sealed record KalshiEvent : ISkippedInputCarrier
{
    public required string EventTicker { get; init; }

    public string? SeriesTicker { get; init; }

    public string? Title { get; init; }

    public string? SubTitle { get; init; }

    /// <summary>Deprecated <c>category</c>.</summary>
    public string? Category { get; init; }

    public bool? MutuallyExclusive { get; init; }

    public DateTimeOffset? StrikeDate { get; init; }

    /// <summary>The event's markets, from <c>event.markets</c> (with_nested_markets) or the deprecated top-level <c>markets</c>.</summary>
    public IReadOnlyList<KalshiMarket> Markets { get; init; } = [];

    /// <summary>Markets of the event that could not be used and are not in <see cref="Markets"/>.</summary>
    public IReadOnlyList<KalshiSkippedInput> Skipped { get; init; } = [];
}
