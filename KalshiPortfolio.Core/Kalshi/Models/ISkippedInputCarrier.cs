namespace KalshiPortfolio.Core.Kalshi.Models;

/// <summary>A parsed response that may have left items out; the client reports them to its observer.</summary>
internal interface ISkippedInputCarrier
{
    IReadOnlyList<KalshiSkippedInput> Skipped { get; }
}
