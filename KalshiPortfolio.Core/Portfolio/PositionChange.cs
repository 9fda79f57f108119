namespace KalshiPortfolio.Core.Portfolio;

/// <summary>What a tracker operation changed, so the caller can stream it.</summary>
public enum PositionChangeKind
{
    /// <summary>A position that was not held before.</summary>
    Opened,

    /// <summary>A held position whose size, cost, price or P&amp;L changed.</summary>
    Updated,

    /// <summary>A position that went to zero, settled or was removed.</summary>
    Closed,
}

/// <summary>One change to one position: its state before (null when opened) and after (null when closed).</summary>
public sealed record PositionChange(PositionChangeKind Kind, string Ticker, PositionState? Previous, PositionState? Current);
