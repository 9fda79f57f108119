using System.Globalization;
using KalshiPortfolio.Web.Components.Formatting;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class MoneyTests
{
    [Theory]
    [InlineData("1234.56", "$1,234.56")]
    [InlineData("0", "$0.00")]
    [InlineData("0.5", "$0.50")]
    [InlineData("-1.09", "-$1.09")]
    [InlineData("1234567.891", "$1,234,567.89")]
    [InlineData("0.005", "$0.01")]
    [InlineData("-0.004", "$0.00")]
    public void Dollars_formats_with_cents_separators_and_the_sign_before_the_dollar(string value, string expected) =>
        Money.Dollars(decimal.Parse(value, CultureInfo.InvariantCulture)).Should().Be(expected);

    [Theory]
    [InlineData("12.5", "+$12.50")]
    [InlineData("-1.09", "-$1.09")]
    [InlineData("0", "$0.00")]
    [InlineData("0.001", "$0.00")]
    [InlineData("1500", "+$1,500.00")]
    public void SignedDollars_marks_gains_with_a_plus(string value, string expected) =>
        Money.SignedDollars(decimal.Parse(value, CultureInfo.InvariantCulture)).Should().Be(expected);

    [Theory]
    [InlineData("0.47", "$0.47")]
    [InlineData("0.5", "$0.50")]
    [InlineData("0.1255", "$0.1255")]
    [InlineData("0.125", "$0.125")]
    [InlineData("0.333333", "$0.3333")]
    [InlineData("1", "$1.00")]
    public void Price_shows_cents_and_keeps_sub_cent_digits(string value, string expected) =>
        Money.Price(decimal.Parse(value, CultureInfo.InvariantCulture)).Should().Be(expected);

    [Theory]
    [InlineData("12.5", "+12.50%")]
    [InlineData("-3.1", "-3.10%")]
    [InlineData("0", "0.00%")]
    [InlineData("1.0049", "+1.00%")]
    [InlineData("1234.5", "+1,234.50%")]
    public void Percent_has_two_decimals_and_a_sign(string value, string expected) =>
        Money.Percent(decimal.Parse(value, CultureInfo.InvariantCulture)).Should().Be(expected);

    [Theory]
    [InlineData("3", "3")]
    [InlineData("3.00", "3")]
    [InlineData("0.5", "0.5")]
    [InlineData("1250", "1,250")]
    [InlineData("2.25", "2.25")]
    public void Count_drops_trailing_zeros(string value, string expected) =>
        Money.Count(decimal.Parse(value, CultureInfo.InvariantCulture)).Should().Be(expected);

    [Fact]
    public void Missing_figures_show_a_dash_never_zero()
    {
        Money.Dollars((decimal?)null).Should().Be("—");
        Money.SignedDollars((decimal?)null).Should().Be("—");
        Money.Price((decimal?)null).Should().Be("—");
        Money.Percent((decimal?)null).Should().Be("—");
    }

    [Theory]
    [InlineData("1.5", PnlSign.Positive, "pnl-positive")]
    [InlineData("-0.01", PnlSign.Negative, "pnl-negative")]
    [InlineData("0", PnlSign.Neutral, "pnl-neutral")]
    [InlineData("0.004", PnlSign.Neutral, "pnl-neutral")]
    public void SignOf_follows_the_value_shown_at_cent_precision(string value, PnlSign sign, string css)
    {
        var parsed = decimal.Parse(value, CultureInfo.InvariantCulture);
        Money.SignOf(parsed).Should().Be(sign);
        Money.CssClass(Money.SignOf(parsed)).Should().Be(css);
    }

    [Fact]
    public void SignOf_unknown_is_neutral() => Money.SignOf(null).Should().Be(PnlSign.Neutral);

    [Fact]
    public void Formatting_ignores_the_server_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Money.Dollars(1234.56m).Should().Be("$1,234.56");
            Money.Percent(12.5m).Should().Be("+12.50%");
            Money.Count(0.5m).Should().Be("0.5");
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(4, "4s")]
    [InlineData(192, "3m 12s")]
    [InlineData(180, "3m")]
    [InlineData(7500, "2h 5m")]
    [InlineData(273600, "3d 4h")]
    [InlineData(-5, "0s")]
    public void Age_is_short(int seconds, string expected) =>
        TimeText.Age(TimeSpan.FromSeconds(seconds)).Should().Be(expected);

    [Fact]
    public void ExchangeTime_is_New_York_time() =>
        TimeText.ExchangeTime(new DateTimeOffset(2026, 3, 2, 14, 3, 12, TimeSpan.Zero)).Should().Be("09:03:12 ET");
}
