using System.Globalization;

namespace KalshiPortfolio.Web.Components.Formatting;

/// <summary>The sign of a P&amp;L figure as the screen shows it (at cent precision).</summary>
public enum PnlSign
{
    Neutral,
    Positive,
    Negative,
}

/// <summary>
/// Every number the UI shows, formatted one way whatever the server's culture: en-US style
/// (<c>$1,234.56</c>), the minus before the dollar sign (<c>-$1.09</c>), an explicit <c>+</c> on gains.
/// A missing figure (an unmarked position, an unknown percentage) is an em dash, never <c>$0</c>.
/// </summary>
public static class Money
{
    /// <summary>What a missing figure shows.</summary>
    public const string Missing = "—";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Dollars with cents and thousands separators: <c>$1,234.56</c>, <c>-$1.09</c>.</summary>
    public static string Dollars(decimal value)
    {
        var cents = RoundCents(value);
        return cents < 0
            ? "-$" + (-cents).ToString("#,##0.00", Invariant)
            : "$" + cents.ToString("#,##0.00", Invariant);
    }

    public static string Dollars(decimal? value) => value is { } v ? Dollars(v) : Missing;

    /// <summary>A P&amp;L in dollars: <c>+$12.50</c>, <c>-$1.09</c>, <c>$0.00</c> (no sign for zero).</summary>
    public static string SignedDollars(decimal value)
    {
        var cents = RoundCents(value);
        return cents switch
        {
            > 0 => "+$" + cents.ToString("#,##0.00", Invariant),
            < 0 => "-$" + (-cents).ToString("#,##0.00", Invariant),
            _ => "$0.00",
        };
    }

    public static string SignedDollars(decimal? value) => value is { } v ? SignedDollars(v) : Missing;

    /// <summary>
    /// A price per contract: at least cents (<c>$0.47</c>, <c>$0.50</c>), and sub-cent prices keep their
    /// digits up to four decimals (<c>$0.1255</c>), which is Kalshi's finest tick.
    /// </summary>
    public static string Price(decimal value)
    {
        var rounded = Math.Round(value, 4, MidpointRounding.AwayFromZero);
        return rounded < 0
            ? "-$" + (-rounded).ToString("#,##0.00##", Invariant)
            : "$" + rounded.ToString("#,##0.00##", Invariant);
    }

    public static string Price(decimal? value) => value is { } v ? Price(v) : Missing;

    /// <summary>A signed percentage with two decimals: <c>+12.50%</c>, <c>-3.10%</c>, <c>0.00%</c>.</summary>
    public static string Percent(decimal value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded switch
        {
            > 0 => "+" + rounded.ToString("#,##0.00", Invariant) + "%",
            < 0 => "-" + (-rounded).ToString("#,##0.00", Invariant) + "%",
            _ => "0.00%",
        };
    }

    public static string Percent(decimal? value) => value is { } v ? Percent(v) : Missing;

    /// <summary>A count of contracts or positions: <c>3</c>, <c>1,250</c>, <c>0.5</c> (no trailing zeros).</summary>
    public static string Count(decimal value) =>
        (value == 0 ? 0m : value).ToString("#,##0.##########", Invariant);

    public static string Count(int value) => value.ToString("#,##0", Invariant);

    /// <summary>The sign a P&amp;L shows: by its value rounded to cents, so the colour matches the text.</summary>
    public static PnlSign SignOf(decimal? value) => value is { } v
        ? RoundCents(v) switch
        {
            > 0 => PnlSign.Positive,
            < 0 => PnlSign.Negative,
            _ => PnlSign.Neutral,
        }
        : PnlSign.Neutral;

    /// <summary>The CSS class of a sign: <c>pnl-positive</c>, <c>pnl-negative</c> or <c>pnl-neutral</c>.</summary>
    public static string CssClass(PnlSign sign) => sign switch
    {
        PnlSign.Positive => "pnl-positive",
        PnlSign.Negative => "pnl-negative",
        _ => "pnl-neutral",
    };

    /// <summary>The value of a <c>data-sign</c> attribute: <c>positive</c>, <c>negative</c> or <c>neutral</c>.</summary>
    public static string DataSign(PnlSign sign) => sign switch
    {
        PnlSign.Positive => "positive",
        PnlSign.Negative => "negative",
        _ => "neutral",
    };

    private static decimal RoundCents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
