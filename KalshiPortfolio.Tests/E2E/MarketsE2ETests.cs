using System.Text.RegularExpressions;
using KalshiPortfolio.Web.Components.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>The markets pages in Chromium against the simulator's 200 open markets.</summary>
[Trait("Category", "E2E")]
[Collection(E2ECollection.Name)]
public sealed class MarketsE2ETests(E2EFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Markets_page_lists_open_markets_with_owned_badges_on_held_ones()
    {
        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo);

        await page.GetByTestId("nav-markets").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/markets$"));
        var cards = page.GetByTestId("market-card");
        await Expect(cards).ToHaveCountAsync(Markets.DefaultPageSize);
        var shown = await Tickers(cards);
        var held = shown.Intersect(fixture.DemoTickers).ToList();
        held.Should().NotBeEmpty("the demo account holds markets on the first page");
        var owned = await Tickers(page.Locator("[data-testid=market-card][data-owned=true]"));
        owned.Should().BeEquivalentTo(held);
        await Expect(page.GetByTestId("owned-badge")).ToHaveCountAsync(held.Count);
        foreach (var ticker in held)
        {
            var card = page.Locator($"[data-testid=market-card][data-ticker=\"{ticker}\"]");
            await Expect(card).ToHaveClassAsync(new Regex("kp-mcard-owned"));
            var panelPnl = await page.Locator($"[data-testid=position-card][data-ticker=\"{ticker}\"] .kp-usd").TextContentAsync();
            await Expect(card.GetByTestId("owned-pnl").Locator(".kp-usd")).ToHaveTextAsync(panelPnl!);
        }

        await page.GetByTestId("load-more").ClickAsync();

        await Expect(cards).ToHaveCountAsync(2 * Markets.DefaultPageSize);
        var all = await Tickers(cards);
        all.Should().OnlyHaveUniqueItems();
        (await Tickers(page.Locator("[data-testid=market-card][data-owned=true]"))).Should().BeEquivalentTo(all.Intersect(fixture.DemoTickers));
    }

    [Fact]
    public async Task A_market_card_opens_its_market_page()
    {
        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo, "markets");
        var card = page.Locator("[data-testid=market-card][data-owned=false]").First;
        var ticker = (await card.GetAttributeAsync("data-ticker"))!;

        await card.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/markets/" + Regex.Escape(ticker) + "$"));
        await Expect(page.GetByTestId("market-ticker")).ToHaveTextAsync(ticker);
        await Expect(page.GetByTestId("market-status")).ToHaveTextAsync("active");
        await Expect(page.GetByTestId("no-position")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("yes-bid")).ToHaveTextAsync(new Regex(@"^\$0\.\d"));
    }

    [Fact]
    public async Task Unknown_ticker_is_a_not_found_message()
    {
        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo, "markets/KXNOSUCHMARKET-1");

        await Expect(page.GetByTestId("market-not-found")).ToContainTextAsync("Kalshi has no market KXNOSUCHMARKET-1");
        await Expect(page.GetByTestId("kalshi-link")).ToHaveCountAsync(0);
    }

    private static async Task<List<string>> Tickers(ILocator cards) =>
        [.. await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.ticker)")];
}
