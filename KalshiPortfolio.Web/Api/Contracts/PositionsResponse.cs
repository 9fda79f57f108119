namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary><c>GET /api/v1/account/positions</c>.</summary>
public sealed record PositionsResponse
{
    public required IReadOnlyList<PositionDto> Positions { get; init; }
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>live, or cache until Kalshi has answered since the app started (each cached position is <c>stale</c>).</summary>
    public required string Source { get; init; }

    /// <summary>When the cached figures were written, when <see cref="Source"/> is cache.</summary>
    public DateTimeOffset? CachedAt { get; init; }

    /// <summary>How old the cached figures are, in seconds, when <see cref="Source"/> is cache.</summary>
    public double? CacheAgeSeconds { get; init; }
}
