using System.Globalization;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>Which figure differs.</summary>
public enum Figure
{
    Cash,

    /// <summary>The exchange holds the position; the view does not show it.</summary>
    Missing,

    /// <summary>The view shows a position the exchange does not hold.</summary>
    Extra,

    Position,
    Cost,
    Realized,
    Fees,

    /// <summary>The view could not be read (the app is down, an SSE client is between connections).</summary>
    Unavailable,

    /// <summary>The view serves cached figures Kalshi has not confirmed yet (<c>source: cache</c>).</summary>
    NotLive,
}

/// <summary>One figure of one view that is not the exchange's.</summary>
public sealed record FigureDifference(string? Ticker, Figure Figure, decimal? Expected, decimal? Actual)
{
    /// <summary>
    /// Kalshi's WebSocket <c>market_position</c> carries money with 4 decimals where REST has 6: a difference this small
    /// is the app keeping the socket's rounding instead of REST's figure.
    /// </summary>
    public const decimal FourDecimalRounding = 0.00005m;

    public decimal? Delta => Expected is { } e && Actual is { } a ? a - e : null;

    /// <summary>A money difference no larger than rounding to 4 decimals.</summary>
    public bool WithinFourDecimalRounding => Figure is Figure.Cost or Figure.Realized or Figure.Fees or Figure.Cash
        && Delta is { } d && d != 0 && Math.Abs(d) <= FourDecimalRounding;

    public override string ToString()
    {
        var where = Ticker is null ? "" : Ticker + " ";
        return Figure switch
        {
            Figure.Missing => $"{where}missing (exchange: position {Text(Expected)})",
            Figure.Extra => $"{where}shown but not held (app: position {Text(Actual)})",
            Figure.Unavailable => "unavailable",
            Figure.NotLive => "not live (cached figures)",
            _ => $"{where}{Figure.ToString().ToLowerInvariant()} {Text(Actual)} ≠ exchange {Text(Expected)} (Δ {Text(Delta)})",
        };
    }

    private static string Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "none";
}
