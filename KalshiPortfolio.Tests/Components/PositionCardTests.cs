using Bunit;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Web.Components.Trading;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class PositionCardTests : MudBunitTest
{
    [Fact]
    public void Profit_shows_green_plus_dollars_and_percent()
    {
        // 10 YES at $0.47 average, bid $0.52: value $5.20, P&L +$0.50 (+10.64%).
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position()));

        var card = cut.Find("[data-testid=position-card]");
        card.GetAttribute("data-ticker").Should().Be("KXHIGHNY-26MAR02-B45");
        cut.Find(".kp-ticker").TextContent.Should().Be("KXHIGHNY-26MAR02-B45");
        cut.Find(".kp-card-title").TextContent.Should().Be("Highest temperature in NYC on Mar 2?");
        cut.Find("[data-testid=position-quantity]").TextContent.Should().Be("10");
        cut.Find("[data-testid=position-entry]").TextContent.Should().Be("$0.47");
        cut.Find("[data-testid=position-price]").TextContent.Should().Be("$0.52");
        var pnl = cut.Find("[data-testid=position-pnl]");
        pnl.ClassList.Should().Contain("pnl-positive");
        pnl.GetAttribute("data-sign").Should().Be("positive");
        pnl.TextContent.Should().Contain("+$0.50").And.Contain("+10.64%");
    }

    [Fact]
    public void Loss_shows_red_minus_dollars()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position(yesBid: 0.40m, yesAsk: 0.42m)));

        var pnl = cut.Find("[data-testid=position-pnl]");
        pnl.ClassList.Should().Contain("pnl-negative");
        pnl.TextContent.Should().Contain("-$0.70").And.Contain("-14.89%");
    }

    [Fact]
    public void Flat_position_is_neutral()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position(yesBid: 0.47m, yesAsk: 0.49m)));

        var pnl = cut.Find("[data-testid=position-pnl]");
        pnl.ClassList.Should().Contain("pnl-neutral");
        pnl.TextContent.Should().StartWith("$0.00");
    }

    [Fact]
    public void Stale_position_shows_the_stale_marker_with_the_age_of_its_figures()
    {
        var cached = TestData.Position(stale: true, updatedAt: Start.AddMinutes(-3));

        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, cached));

        var marker = cut.Find("[data-testid=stale-marker]");
        marker.GetAttribute("aria-label").Should().Be("Not confirmed by Kalshi for 3m — waiting for Kalshi");
        cut.Find("[data-testid=position-card]").GetAttribute("data-stale").Should().Be("true");
    }

    [Fact]
    public void Live_position_has_no_stale_marker()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position()));

        cut.FindAll("[data-testid=stale-marker]").Should().BeEmpty();
    }

    [Fact]
    public void Unmarked_position_shows_dashes_never_zero()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position(yesBid: null, yesAsk: null)));

        cut.Find("[data-testid=position-price]").TextContent.Should().Be("—");
        var pnl = cut.Find("[data-testid=position-pnl]");
        pnl.TextContent.Should().Contain("—").And.NotContain("$0");
        pnl.ClassList.Should().Contain("pnl-neutral");
    }

    [Fact]
    public void No_position_shows_a_NO_chip_and_its_own_price()
    {
        // -10 = 10 NO. Liquidation value of NO = 1 - YES ask = 0.46.
        var no = TestData.Position(position: -10m, cost: 5.00m, yesBid: 0.52m, yesAsk: 0.54m);

        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, no));

        var chip = cut.Find("[data-testid=side-chip]");
        chip.TextContent.Trim().Should().Be("NO");
        chip.GetAttribute("data-side").Should().Be("NO");
        cut.Find("[data-testid=position-quantity]").TextContent.Should().Be("10");
        cut.Find("[data-testid=position-price]").TextContent.Should().Be("$0.46");
        cut.Find("[data-testid=position-pnl]").ClassList.Should().Contain("pnl-negative");
    }

    [Fact]
    public void Yes_position_shows_a_YES_chip()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position()));

        cut.Find("[data-testid=side-chip]").TextContent.Trim().Should().Be("YES");
    }

    [Fact]
    public void Pnl_change_flashes_up_then_down()
    {
        var first = TestData.Position();
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, first));
        cut.FindAll("[data-testid=pnl-flash]").Should().BeEmpty("nothing changed yet");

        cut.Render(p => p.Add(c => c.Position, TestData.Repriced(first, 0.60m)));
        cut.Find("[data-testid=pnl-flash]").ClassList.Should().Contain("kp-flash-up");

        cut.Render(p => p.Add(c => c.Position, TestData.Repriced(first, 0.41m)));
        cut.Find("[data-testid=pnl-flash]").ClassList.Should().Contain("kp-flash-down");
    }

    [Fact]
    public void Same_state_instance_does_not_render_again()
    {
        var position = TestData.Position();
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, position));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(c => c.Position, position));
        cut.RenderCount.Should().Be(renders);

        cut.Render(p => p.Add(c => c.Position, TestData.Repriced(position, 0.55m)));
        cut.RenderCount.Should().Be(renders + 1);
    }

    [Fact]
    public void Click_opens_the_market_page()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position()));

        cut.Find("[data-testid=position-card]").Click();

        new Uri(Navigation.Uri).AbsolutePath.Should().Be("/markets/KXHIGHNY-26MAR02-B45");
    }

    [Fact]
    public void Enter_key_opens_the_market_page()
    {
        var cut = RenderInteractive<PositionCard>(p => p.Add(c => c.Position, TestData.Position(ticker: "KXA")));

        cut.Find("[data-testid=position-card]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        new Uri(Navigation.Uri).AbsolutePath.Should().Be("/markets/KXA");
    }
}
