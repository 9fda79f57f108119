using System.Security.Claims;
using Bunit;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Components.Pages;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Components;

/// <summary>The markets page: paging, owned badges from the live portfolio, error and empty states.</summary>
[Trait("Category", "Component")]
public class MarketsPageTests : SignedInMarketsTest
{
    [Fact]
    public void First_page_shows_cards_and_load_more_appends_the_next_page_until_the_last()
    {
        Catalog.WithPage(null, "c2", FakeMarketCatalog.Markets("KXA", 3))
                .WithPage("c2", "c3", FakeMarketCatalog.Markets("KXB", 2))
                .WithPage("c3", null, FakeMarketCatalog.Markets("KXC", 1));

        var cut = RenderPage();

        cut.WaitForAssertion(() => Tickers(cut).Should().Equal("KXA-000", "KXA-001", "KXA-002"));
        Catalog.LastLimit.Should().Be(Markets.DefaultPageSize);
        Catalog.Users.Should().OnlyContain(u => u == FakePortfolioStreams.UserId);
        cut.Find("[data-testid=markets-count]").TextContent.Should().Be("3 open+ · 0 yours");

        cut.Find("[data-testid=load-more]").Click();
        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(5));

        cut.Find("[data-testid=load-more]").Click();
        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(6));
        Tickers(cut).Should().Equal("KXA-000", "KXA-001", "KXA-002", "KXB-000", "KXB-001", "KXC-000");
        cut.FindAll("[data-testid=load-more]").Should().BeEmpty();
        cut.Find("[data-testid=markets-end]").Should().NotBeNull();
        cut.Find("[data-testid=markets-count]").TextContent.Should().Be("6 open · 0 yours");
        Catalog.PageRequests.Should().Equal("", "c2", "c3");
    }

    [Fact]
    public void A_market_repeated_on_the_next_page_is_shown_once()
    {
        var markets = FakeMarketCatalog.Markets("KXA", 3);
        Catalog.WithPage(null, "c2", markets[0], markets[1])
                .WithPage("c2", null, markets[1], markets[2]);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(2));

        cut.Find("[data-testid=load-more]").Click();

        cut.WaitForAssertion(() => Tickers(cut).Should().Equal("KXA-000", "KXA-001", "KXA-002"));
    }

    [Fact]
    public void Held_markets_get_the_owned_badge_with_the_live_pnl()
    {
        Streams.Positions.Add(TestData.Position(ticker: "KXA-001"));
        Catalog.WithPage(null, null, FakeMarketCatalog.Markets("KXA", 3));

        var cut = RenderPage(startLive: true);

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=owned-badge]").Should().ContainSingle());
        var owned = cut.Find("[data-ticker=KXA-001]");
        owned.GetAttribute("data-owned").Should().Be("true");
        owned.ClassList.Should().Contain("kp-mcard-owned");
        owned.QuerySelector("[data-testid=owned-pnl]")!.TextContent.Should().StartWith("+$0.50");
        cut.Find("[data-ticker=KXA-000]").GetAttribute("data-owned").Should().Be("false");
        cut.Find("[data-testid=markets-count]").TextContent.Should().Be("3 open · 1 yours");

        Streams.Update(TestData.Repriced(TestData.Position(ticker: "KXA-001"), 0.40m));
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => cut.Find("[data-ticker=KXA-001] [data-testid=owned-pnl]").TextContent.Should().StartWith("-$0.70"));
    }

    [Fact]
    public void Kalshi_unreachable_shows_the_message_and_retry_loads_the_list()
    {
        Catalog.FailNext(new MarketDataUnavailableException("Kalshi's market list could not be loaded: Kalshi could not be reached."))
                .WithPage(null, null, FakeMarketCatalog.Markets("KXA", 2));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=markets-error]").TextContent.Should().Contain("Kalshi could not be reached."));
        cut.FindAll("[data-testid=market-card]").Should().BeEmpty();

        cut.Find("[data-testid=markets-retry]").Click();

        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(2));
        cut.FindAll("[data-testid=markets-error]").Should().BeEmpty();
    }

    [Fact]
    public void A_failed_next_page_keeps_the_cards_and_retries_that_page()
    {
        Catalog.WithPage(null, "c2", FakeMarketCatalog.Markets("KXA", 2))
                .WithPage("c2", null, FakeMarketCatalog.Markets("KXB", 1));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(2));

        Catalog.FailNext(new MarketDataUnavailableException("Kalshi's market list could not be loaded: the request timed out."));
        cut.Find("[data-testid=load-more]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-testid=markets-error]").TextContent.Should().Contain("timed out"));
        Tickers(cut).Should().HaveCount(2);

        cut.Find("[data-testid=markets-retry]").Click();

        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(3));
        Catalog.PageRequests.Should().Equal("", "c2", "c2");
    }

    [Fact]
    public void An_unexpected_failure_is_a_message_not_an_error_page()
    {
        Catalog.FailNext(new InvalidOperationException("boom"));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=markets-error]").TextContent.Should().Contain("could not be loaded"));
        cut.Find("[data-testid=markets-error]").TextContent.Should().NotContain("boom");
    }

    [Fact]
    public void No_open_markets_says_so()
    {
        Catalog.WithPage(null, null);

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=markets-empty]").TextContent.Should().Contain("no open markets"));
    }

    [Fact]
    public void Skeletons_show_while_the_first_page_loads()
    {
        Catalog.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Catalog.WithPage(null, null, FakeMarketCatalog.Markets("KXA", 1));

        var cut = RenderPage();

        cut.WaitForAssertion(() => cut.Find("[data-testid=markets-page]").GetAttribute("aria-busy").Should().Be("true"));
        cut.FindAll(".kp-mcard-skeleton").Should().NotBeEmpty();

        Catalog.Gate.SetResult();

        cut.WaitForAssertion(() => Tickers(cut).Should().ContainSingle());
        cut.Find("[data-testid=markets-page]").GetAttribute("aria-busy").Should().Be("false");
    }

    [Fact]
    public void Refresh_loads_the_list_again_from_the_first_page()
    {
        Catalog.WithPage(null, null, FakeMarketCatalog.Markets("KXA", 2));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Tickers(cut).Should().HaveCount(2));

        Catalog.WithPage(null, null, FakeMarketCatalog.Markets("KXZ", 1));
        cut.Find("[data-testid=markets-refresh]").Click();

        cut.WaitForAssertion(() => Tickers(cut).Should().Equal("KXZ-000"));
    }

    [Fact]
    public void Prerender_does_not_call_kalshi()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<Markets>();

        cut.FindAll(".kp-mcard-skeleton").Should().NotBeEmpty();
        Catalog.PageRequests.Should().BeEmpty();
    }

    private IRenderedComponent<Markets> RenderPage(bool startLive = false)
    {
        var cut = RenderInteractive<Markets>();
        if (startLive)
        {
            // The shell starts the circuit's live portfolio; here the page is rendered alone.
            Services.GetRequiredService<LivePortfolio>().Start(FakePortfolioStreams.UserId);
        }
        return cut;
    }

    private static List<string?> Tickers(IRenderedComponent<Markets> cut) =>
        cut.FindAll("[data-testid=market-card]").Select(c => c.GetAttribute("data-ticker")).ToList();
}
