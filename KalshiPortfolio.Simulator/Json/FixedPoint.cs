using System.Globalization;

namespace KalshiPortfolio.Simulator.Json;

/// <summary>
/// Kalshi's fixed-point strings. The number of decimals differs by field; each helper names the captures it mirrors.
/// Money is <see cref="decimal"/> throughout; rounding is half away from zero.
/// </summary>
internal static class FixedPoint
{
    /// <summary>Prices and balances: <c>"0.4700"</c> (market prices, fill prices, <c>balance_dollars</c>).</summary>
    public static string Dollars4(decimal value) => Format(value, 4, "0.0000");

    /// <summary>Portfolio money: <c>"2.500000"</c> (positions' dollars, fill <c>fee_cost</c>).</summary>
    public static string Dollars6(decimal value) => Format(value, 6, "0.000000");

    /// <summary>Contract counts: <c>"3.00"</c> (every <c>*_fp</c>).</summary>
    public static string Count2(decimal value) => Format(value, 2, "0.00");

    /// <summary>Whole cents, truncated towards zero (Kalshi's <c>balance</c> truncates sub-cent amounts).</summary>
    public static long TruncatedCents(decimal dollars) => (long)decimal.Truncate(dollars * 100m);

    /// <summary>Parses a dollar or count string; false when it is not a plain decimal number.</summary>
    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Format(decimal value, int decimals, string format)
    {
        var rounded = decimal.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0m) rounded = 0m; // no "-0.00"
        return rounded.ToString(format, CultureInfo.InvariantCulture);
    }
}
