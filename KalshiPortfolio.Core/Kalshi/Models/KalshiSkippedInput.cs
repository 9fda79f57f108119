namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>
/// An item from Kalshi that could not be used and was left out while the rest of its response or frame applied.
/// Carries no secrets: field names, the item's position in the response, its ticker and a truncated value.
/// </summary>
/// <param name="Kind">What the item was.</param>
/// <param name="Context">Where it was, e.g. <c>positions response market_positions[2]</c> or <c>market_position frame</c>.</param>
/// <param name="Key">The item's market ticker (the event ticker for event rows, the fill id when no ticker),
/// when it could still be read; null otherwise. A consumer uses it not to act on the missing row's absence
/// (e.g. not to close a position whose row was skipped).</param>
/// <param name="Reason">Why it could not be used.</param>
/// <param name="Detail">What exactly was wrong, for logs (field name and a truncated value).</param>
public sealed record KalshiSkippedInput(KalshiInputKind Kind, string Context, string? Key, KalshiInputProblem Reason, string Detail)
{
    /// <summary>A one-line description for logs.</summary>
    public override string ToString() => $"{Kind} at {Context} (key {Key ?? "unknown"}): {Reason}: {Detail}";
}
