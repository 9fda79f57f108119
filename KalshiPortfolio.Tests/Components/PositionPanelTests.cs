using Bunit;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Web.Components.Trading;
using Microsoft.AspNetCore.Components.Web.Virtualization;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class PositionPanelTests : MudBunitTest
{
    [Fact]
    public void Empty_portfolio_says_no_open_positions()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, Array.Empty<PositionState>()));

        cut.Find("[data-testid=empty-positions]").TextContent.Should().Contain("No open positions");
        cut.FindAll("[data-testid=position-card]").Should().BeEmpty();
    }

    [Fact]
    public void Loading_shows_skeleton_cards_not_the_empty_state()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.IsLoading, true));

        cut.FindAll(".mud-skeleton").Should().NotBeEmpty();
        cut.FindAll("[data-testid=empty-positions]").Should().BeEmpty();
    }

    [Fact]
    public void One_position_renders_one_card_with_the_update_time()
    {
        var cut = RenderInteractive<PositionPanel>(p => p
            .Add(c => c.Positions, new[] { TestData.Position() })
            .Add(c => c.LastUpdated, new DateTimeOffset(2026, 3, 2, 14, 3, 12, TimeSpan.Zero)));

        cut.FindAll("[data-testid=position-card]").Should().ContainSingle();
        cut.Find("[data-testid=positions-updated]").TextContent.Trim().Should().Be("Updated 09:03:12 ET");
        cut.Find("[data-testid=panel-position-count]").TextContent.Should().Be("1");
        cut.FindComponents<Virtualize<PositionState>>().Should().BeEmpty();
    }

    [Fact]
    public void Fifty_positions_render_plainly()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, TestData.Many(50)));

        cut.FindAll("[data-testid=position-card]").Should().HaveCount(50);
        cut.FindComponents<Virtualize<PositionState>>().Should().BeEmpty();
    }

    [Fact]
    public void A_hundred_and_fifty_positions_are_virtualized()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, TestData.Many(150)));

        var virtualize = cut.FindComponent<Virtualize<PositionState>>();
        virtualize.Instance.ItemSize.Should().Be(PositionPanel.ItemSize);
        virtualize.Instance.OverscanCount.Should().Be(PositionPanel.OverscanCount);
        cut.Find("[data-testid=panel-position-count]").TextContent.Should().Be("150");
        cut.FindAll("[data-testid=position-card]").Count.Should().BeInRange(1, 149);
    }

    [Fact]
    public void Sorts_by_pnl_by_default_then_by_value_and_ticker()
    {
        var positions = new[]
        {
            // P&L: A -0.70, B +1.00, C unmarked. Value: A 4.00, B 6.00 (20 × 0.30), C none.
            TestData.Position(ticker: "A-LOSS", position: 10m, cost: 4.70m, yesBid: 0.40m, yesAsk: 0.42m),
            TestData.Position(ticker: "B-GAIN", position: 20m, cost: 5.00m, yesBid: 0.30m, yesAsk: 0.32m),
            TestData.Position(ticker: "C-UNMARKED", position: 5m, cost: 1.00m, yesBid: null, yesAsk: null),
        };
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, positions));

        Tickers(cut).Should().Equal("B-GAIN", "A-LOSS", "C-UNMARKED");

        cut.Find("[data-testid=position-sort] [data-sort=ticker]").Click();
        Tickers(cut).Should().Equal("A-LOSS", "B-GAIN", "C-UNMARKED");

        cut.Find("[data-testid=position-sort] [data-sort=value]").Click();
        Tickers(cut).Should().Equal("B-GAIN", "A-LOSS", "C-UNMARKED");

        cut.Find("[data-testid=position-sort] [data-sort=pnl]").Click();
        Tickers(cut).Should().Equal("B-GAIN", "A-LOSS", "C-UNMARKED");
    }

    [Fact]
    public void Filter_matches_ticker_or_title_ignoring_case()
    {
        var positions = new[]
        {
            TestData.Position(ticker: "KXHIGHNY-1", title: "Highest temperature in NYC"),
            TestData.Position(ticker: "KXFED-1", title: "Fed decision in March"),
            TestData.Position(ticker: "KXBTC-1", title: "Bitcoin above 100k"),
        };
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, positions));

        cut.Find("input[data-testid=position-filter]").Input("fed");
        Tickers(cut).Should().Equal("KXFED-1");

        cut.Find("input[data-testid=position-filter]").Input("NYC");
        Tickers(cut).Should().Equal("KXHIGHNY-1");

        cut.Find("input[data-testid=position-filter]").Input("nothing like this");
        Tickers(cut).Should().BeEmpty();
        cut.Find("[data-testid=no-filter-match]").TextContent.Should().Contain("nothing like this");
        cut.FindAll("[data-testid=empty-positions]").Should().BeEmpty();
    }

    [Fact]
    public void Filter_can_bring_a_large_list_under_the_virtualization_threshold()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, TestData.Many(150)));

        cut.Find("input[data-testid=position-filter]").Input("KXTEST-00");

        Tickers(cut).Should().HaveCount(10);
        cut.FindComponents<Virtualize<PositionState>>().Should().BeEmpty();
    }

    [Fact]
    public void New_positions_from_the_feed_keep_the_sort_and_filter()
    {
        var cut = RenderInteractive<PositionPanel>(p => p.Add(c => c.Positions, new[] { TestData.Position(ticker: "KXB") }));
        cut.Find("[data-testid=position-sort] [data-sort=ticker]").Click();

        cut.Render(p => p.Add(c => c.Positions, new[] { TestData.Position(ticker: "KXB"), TestData.Position(ticker: "KXA") }));

        Tickers(cut).Should().Equal("KXA", "KXB");
    }

    [Fact]
    public void Selected_market_is_highlighted()
    {
        var cut = RenderInteractive<PositionPanel>(p => p
            .Add(c => c.Positions, new[] { TestData.Position(ticker: "KXA"), TestData.Position(ticker: "KXB") })
            .Add(c => c.SelectedTicker, "KXB"));

        cut.Find("[data-ticker=KXB]").ClassList.Should().Contain("kp-card-selected");
        cut.Find("[data-ticker=KXA]").ClassList.Should().NotContain("kp-card-selected");
    }

    [Fact]
    public void Refresh_asks_the_owner()
    {
        var refreshed = 0;
        var cut = RenderInteractive<PositionPanel>(p => p
            .Add(c => c.Positions, Array.Empty<PositionState>())
            .Add(c => c.OnRefresh, () => refreshed++));

        cut.Find("[data-testid=panel-refresh]").Click();

        refreshed.Should().Be(1);
    }

    private static IEnumerable<string?> Tickers(IRenderedComponent<PositionPanel> cut) =>
        cut.FindAll("[data-testid=position-card]").Select(e => e.GetAttribute("data-ticker")).ToList();
}
