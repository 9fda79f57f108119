using Bunit;
using KalshiPortfolio.Web.Components.Trading;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class MarketCardTests : MudBunitTest
{
    private const string Ticker = "KXHIGHNY-26MAR02-B45";

    [Fact]
    public void Market_not_held_shows_prices_without_badge_or_highlight()
    {
        var market = FakeMarketCatalog.Market(Ticker, title: "Highest temperature in NYC on Mar 2?", yesSubTitle: "45° or above");

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market));

        var card = cut.Find("[data-testid=market-card]");
        card.GetAttribute("data-ticker").Should().Be(Ticker);
        card.GetAttribute("data-owned").Should().Be("false");
        card.ClassList.Should().NotContain("kp-mcard-owned");
        cut.FindAll("[data-testid=owned-badge]").Should().BeEmpty();
        cut.Find(".kp-ticker").TextContent.Should().Be(Ticker);
        cut.Find(".kp-mcard-title").TextContent.Should().Be("Highest temperature in NYC on Mar 2?");
        cut.Find(".kp-mcard-sub").TextContent.Should().Be("45° or above");
        Text(cut, "market-yes").Should().Be("$0.52 / $0.54");
        Text(cut, "market-no").Should().Be("$0.46 / $0.48");
        Text(cut, "market-last").Should().Be("$0.53");
        cut.Find(".kp-mcard-meta").TextContent.Should().Contain("Vol 24h 1,250").And.Contain("Closes Mar 20");
    }

    [Fact]
    public void Held_market_has_the_owned_badge_with_its_pnl_and_a_highlighted_border()
    {
        var market = FakeMarketCatalog.Market(Ticker);
        var held = TestData.Position(ticker: Ticker);

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market).Add(c => c.Position, held));

        var card = cut.Find("[data-testid=market-card]");
        card.GetAttribute("data-owned").Should().Be("true");
        card.ClassList.Should().Contain("kp-mcard-owned");
        var badge = cut.Find("[data-testid=owned-badge]");
        badge.TextContent.Should().Contain("You own this market");
        Text(cut, "owned-position").Should().Be("YES 10");
        var pnl = cut.Find("[data-testid=owned-pnl]");
        pnl.TextContent.Should().Be("+$0.50\u00a0(+10.64%)");
        pnl.ClassList.Should().Contain("pnl-positive");
    }

    [Fact]
    public void Held_market_at_a_loss_shows_a_red_badge_pnl()
    {
        var held = TestData.Position(ticker: Ticker, position: -10m, cost: 4.00m, yesBid: 0.62m, yesAsk: 0.64m);

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, FakeMarketCatalog.Market(Ticker)).Add(c => c.Position, held));

        // 10 NO at $0.40, NO bid = 1 − $0.64 = $0.36: −$0.40 (−10.00%).
        Text(cut, "owned-position").Should().Be("NO 10");
        var pnl = cut.Find("[data-testid=owned-pnl]");
        pnl.TextContent.Should().StartWith("-$0.40");
        pnl.GetAttribute("data-sign").Should().Be("negative");
    }

    [Fact]
    public void Held_market_shows_the_positions_live_quote_rather_than_the_lists_snapshot()
    {
        var market = FakeMarketCatalog.Market(Ticker, yesBid: 0.40m, yesAsk: 0.45m);
        var held = TestData.Position(ticker: Ticker, yesBid: 0.60m, yesAsk: 0.61m);

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market).Add(c => c.Position, held));

        Text(cut, "market-yes").Should().Be("$0.60 / $0.61");
        Text(cut, "market-no").Should().Be("$0.39 / $0.40");
    }

    [Fact]
    public void Live_pnl_change_redraws_the_badge_and_an_unchanged_position_does_not_redraw()
    {
        var market = FakeMarketCatalog.Market(Ticker);
        var held = TestData.Position(ticker: Ticker);
        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market).Add(c => c.Position, held));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(c => c.Market, market).Add(c => c.Position, held));
        cut.RenderCount.Should().Be(renders, "the same market and position instances mean nothing changed");

        cut.Render(p => p.Add(c => c.Market, market).Add(c => c.Position, TestData.Repriced(held, 0.40m)));
        cut.Find("[data-testid=owned-pnl]").TextContent.Should().StartWith("-$0.70");

        cut.Render(p => p.Add(c => c.Market, market).Add(c => c.Position, (Core.Portfolio.PositionState?)null));
        cut.FindAll("[data-testid=owned-badge]").Should().BeEmpty("the position was closed");
        cut.Find("[data-testid=market-card]").ClassList.Should().NotContain("kp-mcard-owned");
    }

    [Fact]
    public void Empty_book_sides_show_a_dash_not_a_sentinel_price()
    {
        var market = FakeMarketCatalog.Market(Ticker, yesBid: 0m, yesAsk: 1m, last: 0m);

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market));

        Text(cut, "market-yes").Should().Be("— / —");
        Text(cut, "market-last").Should().Be("—");
    }

    [Fact]
    public void Subtitle_that_repeats_the_title_is_not_shown()
    {
        var market = FakeMarketCatalog.Market(Ticker, title: "Will Juan Estevez win the match?", yesSubTitle: "Juan Estevez");

        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, market));

        cut.FindAll(".kp-mcard-sub").Should().BeEmpty();
    }

    [Fact]
    public void Click_and_enter_open_the_market_page()
    {
        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, FakeMarketCatalog.Market(Ticker)));

        cut.Find("[data-testid=market-card]").Click();
        Navigation.Uri.Should().EndWith("/markets/" + Ticker);

        Navigation.NavigateTo("/");
        cut.Find("[data-testid=market-card]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        Navigation.Uri.Should().EndWith("/markets/" + Ticker);
    }

    [Fact]
    public void Close_date_is_marked_volatile_for_screenshots()
    {
        var cut = RenderInteractive<MarketCard>(p => p.Add(c => c.Market, FakeMarketCatalog.Market(Ticker)));

        cut.Find("[data-volatile]").TextContent.Should().Be("Mar 20");
    }

    private static string Text(IRenderedComponent<MarketCard> cut, string testId) =>
        cut.Find($"[data-testid={testId}]").TextContent.Trim();
}
