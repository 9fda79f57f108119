namespace KalshiPortfolio.Bench.Soak;

/// <summary>One fault the soak injects: a single part, or (<see cref="FaultKind.Combined"/>) several at once.</summary>
public sealed record FaultSpec(FaultKind Kind, IReadOnlyList<FaultPart> Parts)
{
    public static FaultSpec Single(FaultPart part) => new(part.Kind, [part]);

    public bool IsRestart => Kind.IsRestart();

    /// <summary>The longest the fault stays active (its longest part).</summary>
    public TimeSpan MaxActive => Parts.Select(p => p.MaxActive).DefaultIfEmpty(TimeSpan.Zero).Max();

    public override string ToString() => Kind == FaultKind.Combined ? $"combined({string.Join(" + ", Parts)})" : Parts[0].ToString();
}
