using KalshiPortfolio.Web.Services.Ui;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class KalshiSiteLinksTests
{
    [Theory]
    [InlineData("KXHIGHNY-26MAR02-B45", "KXHIGHNY-26MAR02", "https://kalshi.com/markets/kxhighny")]
    [InlineData("KXMLBHIT-26JUN111310AZMIA-AZKMARTE4-4", "KXMLBHIT-26JUN111310AZMIA", "https://kalshi.com/markets/kxmlbhit")]
    [InlineData("KXHIGHNY-26MAR02-B45", null, "https://kalshi.com/markets/kxhighny")]
    [InlineData("INXD-26MAR02-B5000", "", "https://kalshi.com/markets/inxd")]
    [InlineData("PLAINTICKER", null, "https://kalshi.com/markets/plainticker")]
    public void Market_url_is_the_series_page_on_kalshi_com(string ticker, string? eventTicker, string expected)
    {
        KalshiSiteLinks.MarketUrl(ticker, eventTicker).Should().Be(expected);
    }

    [Fact]
    public void Series_comes_from_the_event_ticker_when_there_is_one()
    {
        KalshiSiteLinks.SeriesTicker("ODD-MARKET-1", "SERIES-EVENT").Should().Be("SERIES");
    }
}
