using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Tests.Portfolio;

[Trait("Category", "Unit")]
public sealed class MarketQuoteTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData("0.0000", null)]
    [InlineData("1.0000", null)]
    [InlineData("0.47", "0.47")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.9999", "0.9999")]
    public void A_price_outside_zero_to_one_is_an_empty_side(string raw, string? expected)
    {
        var price = decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
        decimal? want = expected is null ? null : decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        var quote = MarketQuote.Create("T", price, price, price, At);

        quote.YesBid.Should().Be(want);
        quote.YesAsk.Should().Be(want);
        quote.LastPrice.Should().Be(want);
    }

    [Fact]
    public void A_side_with_zero_size_is_empty_whatever_its_price()
    {
        var quote = MarketQuote.Create("T", 0.47m, 0.52m, null, At, yesBidSize: 0m, yesAskSize: 3m);

        quote.YesBid.Should().BeNull();
        quote.YesAsk.Should().Be(0.52m);
    }

    [Fact]
    public void No_prices_are_the_complements_of_the_yes_prices()
    {
        var quote = MarketQuote.Create("T", 0.47m, 0.52m, null, At);

        quote.NoBid.Should().Be(0.48m);
        quote.NoAsk.Should().Be(0.53m);
    }
}
