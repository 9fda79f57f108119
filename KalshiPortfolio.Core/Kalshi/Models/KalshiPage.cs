namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>One page of a Kalshi list endpoint.</summary>
/// <param name="Items">The page's usable items.</param>
/// <param name="Cursor">The cursor of the next page, or null on the last page (Kalshi sends "" or null, or omits it).</param>
public sealed record KalshiPage<T>(IReadOnlyList<T> Items, string? Cursor) : ISkippedInputCarrier
{
    /// <summary>True when another page follows.</summary>
    public bool HasMore => Cursor is not null;

    /// <summary>Items of this page that could not be used and are not in <see cref="Items"/>.</summary>
    public IReadOnlyList<KalshiSkippedInput> Skipped { get; init; } = [];
}
