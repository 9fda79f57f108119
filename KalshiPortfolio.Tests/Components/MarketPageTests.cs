using System.Security.Claims;
using Bunit;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Components.Pages;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Components;

/// <summary>The market page: prices, the position and its P&amp;L, live updates, the link to Kalshi, unknown tickers.</summary>
[Trait("Category", "Component")]
public class MarketPageTests : SignedInMarketsTest
{
    private const string Ticker = "KXHIGHNY-26MAR02-B45";

    [Fact]
    public void Market_not_held_shows_kalshis_prices_and_says_there_is_no_position()
    {
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, yesBid: 0.41m, yesAsk: 0.44m, last: 0.42m, title: "Highest temperature in NYC on Mar 2?"));

        var cut = RenderPage(startLive: true);

        cut.WaitForAssertion(() => Text(cut, "yes-bid").Should().Be("$0.41"));
        Text(cut, "market-ticker").Should().Be(Ticker);
        Text(cut, "yes-ask").Should().Be("$0.44");
        Text(cut, "no-bid").Should().Be("$0.56");
        Text(cut, "no-ask").Should().Be("$0.59");
        Text(cut, "last-price").Should().Be("$0.42");
        Text(cut, "market-title").Should().StartWith("Highest temperature in NYC on Mar 2?");
        Text(cut, "market-status").Should().Be("active");
        Text(cut, "quote-source").Should().StartWith("from Kalshi's market data");
        cut.WaitForAssertion(() => cut.Find("[data-testid=no-position]").Should().NotBeNull());
        Catalog.MarketRequests.Should().Equal(Ticker);
    }

    [Fact]
    public void Link_to_kalshi_opens_the_series_page_in_a_new_tab()
    {
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, eventTicker: "KXHIGHNY-26MAR02"));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=kalshi-link]").GetAttribute("href").Should().Be("https://kalshi.com/markets/kxhighny"));
        var link = cut.Find("[data-testid=kalshi-link]");
        link.GetAttribute("target").Should().Be("_blank");
        link.GetAttribute("rel").Should().Contain("noopener");
    }

    [Fact]
    public void Held_market_shows_the_position_with_live_prices_and_pnl()
    {
        Streams.Positions.Add(TestData.Position(ticker: Ticker));
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, yesBid: 0.30m, yesAsk: 0.35m));

        var cut = RenderPage(startLive: true);

        cut.WaitForAssertion(() => Text(cut, "market-position-pnl").Should().Be("+$0.50\u00a0(+10.64%)"));
        Text(cut, "market-position-side").Should().Be("YES");
        Text(cut, "market-position-quantity").Should().Be("10");
        Text(cut, "market-position-entry").Should().Be("$0.47");
        Text(cut, "market-position-mark").Should().Be("$0.52");
        Text(cut, "yes-bid").Should().Be("$0.52", "a held market's prices are the position's live quote");
        Text(cut, "quote-source").Should().StartWith("live");

        Streams.Update(TestData.Repriced(TestData.Position(ticker: Ticker), 0.60m));
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => Text(cut, "market-position-pnl").Should().StartWith("+$1.30"));
        Text(cut, "yes-bid").Should().Be("$0.60");
        cut.Find("[data-testid=market-position-pnl]").ClassList.Should().Contain("pnl-positive");
    }

    [Fact]
    public void Unknown_ticker_is_a_not_found_message_without_a_kalshi_link()
    {
        var cut = RenderPage("KXNOPE");

        cut.WaitForAssertion(() => cut.Find("[data-testid=market-not-found]").TextContent.Should().Contain("Kalshi has no market KXNOPE"));
        cut.FindAll("[data-testid=kalshi-link]").Should().BeEmpty();
        cut.FindAll("[data-testid=market-prices]").Should().BeEmpty();
    }

    [Fact]
    public void Kalshi_unreachable_is_a_message_with_retry_and_the_position_still_shows()
    {
        Streams.Positions.Add(TestData.Position(ticker: Ticker));
        Catalog.FailNext(new MarketDataUnavailableException("Kalshi's data for it could not be loaded: Kalshi could not be reached."));

        var cut = RenderPage(startLive: true);

        cut.WaitForAssertion(() => cut.Find("[data-testid=market-error]").TextContent.Should().Contain("Kalshi could not be reached."));
        cut.WaitForAssertion(() => Text(cut, "market-position-pnl").Should().StartWith("+$0.50"));

        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker));
        cut.Find("[data-testid=market-retry]").Click();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=market-error]").Should().BeEmpty());
        Text(cut, "market-status").Should().Be("active");
    }

    [Fact]
    public void Market_data_is_read_again_while_the_page_is_open()
    {
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, yesBid: 0.41m, yesAsk: 0.44m));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Text(cut, "yes-bid").Should().Be("$0.41"));

        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, yesBid: 0.47m, yesAsk: 0.49m));
        Time.Advance(MarketPage.RefreshInterval);

        cut.WaitForAssertion(() => Text(cut, "yes-bid").Should().Be("$0.47"));
        Catalog.MarketRequests.Should().HaveCount(2);
    }

    [Fact]
    public void Moving_to_another_ticker_reads_that_market()
    {
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker, yesBid: 0.41m, yesAsk: 0.44m))
                .WithMarket(FakeMarketCatalog.Market("KXOTHER-1", yesBid: 0.11m, yesAsk: 0.14m));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Text(cut, "yes-bid").Should().Be("$0.41"));

        cut.Render(p => p.Add(c => c.Ticker, "KXOTHER-1"));

        cut.WaitForAssertion(() => Text(cut, "yes-bid").Should().Be("$0.11"));
        Text(cut, "market-ticker").Should().Be("KXOTHER-1");
        Catalog.MarketRequests.Should().Equal(Ticker, "KXOTHER-1");
    }

    [Fact]
    public void Quote_time_is_marked_volatile_for_screenshots()
    {
        Catalog.WithMarket(FakeMarketCatalog.Market(Ticker));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=quote-source] [data-volatile]").Should().ContainSingle());
    }

    [Fact]
    public void Prerender_shows_placeholders_and_does_not_call_kalshi()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));

        var cut = Render<MarketPage>(p => p.Add(c => c.Ticker, Ticker));

        cut.Find("[data-testid=market-prices] .mud-skeleton").Should().NotBeNull();
        cut.FindAll("[data-testid=market-not-found]").Should().BeEmpty();
        Catalog.MarketRequests.Should().BeEmpty();
    }

    private IRenderedComponent<MarketPage> RenderPage(string ticker = Ticker, bool startLive = false)
    {
        var cut = RenderInteractive<MarketPage>(p => p.Add(c => c.Ticker, ticker));
        if (startLive)
        {
            Services.GetRequiredService<LivePortfolio>().Start(FakePortfolioStreams.UserId);
        }
        return cut;
    }

    private static string Text(IRenderedComponent<MarketPage> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
