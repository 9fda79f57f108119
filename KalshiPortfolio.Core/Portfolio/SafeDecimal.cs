namespace KalshiPortfolio.Core.Portfolio;

/// <summary>
/// Decimal arithmetic that never throws: a result that overflows <see cref="decimal"/>, or a division by zero, is
/// null, which the P&amp;L model shows as "no figure" (an unmarked position, a missing percentage or average) rather
/// than a wrong one. Kalshi's numbers are range-checked where they are parsed
/// (<c>Kalshi/Json/KalshiInputLimits</c>), so the sums the tracker keeps cannot overflow; products and quotients
/// of values inside those limits still can (a cost of $1e12 over 1e-28 contracts), and go through here.
/// </summary>
public static class SafeDecimal
{
    private const int PercentDecimals = 4;

    /// <summary><paramref name="a"/> × <paramref name="b"/>, or null when it overflows.</summary>
    public static decimal? Multiply(decimal a, decimal b)
    {
        try
        {
            return a * b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary><paramref name="a"/> − <paramref name="b"/>, or null when it overflows.</summary>
    public static decimal? Subtract(decimal a, decimal b)
    {
        try
        {
            return a - b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary><paramref name="a"/> ÷ <paramref name="b"/>, or null when <paramref name="b"/> is zero or the quotient overflows.</summary>
    public static decimal? Divide(decimal a, decimal b)
    {
        if (b == 0m)
        {
            return null;
        }

        try
        {
            return a / b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary><paramref name="a"/> ÷ <paramref name="b"/> rounded to <paramref name="decimals"/> places (away from zero), or null as <see cref="Divide"/>.</summary>
    public static decimal? DivideRounded(decimal a, decimal b, int decimals) =>
        Divide(a, b) is { } quotient ? Math.Round(quotient, decimals, MidpointRounding.AwayFromZero) : null;

    /// <summary><paramref name="part"/> as a percentage of <paramref name="whole"/> (4 decimal places), or null when
    /// <paramref name="whole"/> is zero or the percentage overflows.</summary>
    public static decimal? Percent(decimal part, decimal whole) =>
        Divide(part, whole) is { } ratio && Multiply(ratio, 100m) is { } percent
            ? Math.Round(percent, PercentDecimals, MidpointRounding.AwayFromZero)
            : null;
}
