using KalshiPortfolio.Web.Components.Formatting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>
/// Screenshots of the main states compared with committed baselines (<see cref="ScreenshotBaselines"/>).
/// Deterministic by construction: a fixed viewport and scale, a seeded simulator with frozen prices, quotes set
/// explicitly for the profit and loss states, volatile text (times, ages: <c>[data-volatile]</c>) hidden,
/// animations and transitions off, fonts loaded. Record new baselines with <c>UPDATE_SCREENSHOTS=1</c>.
/// </summary>
[Trait("Category", "E2E")]
[Collection(E2ECollection.Name)]
public sealed class ScreenshotE2ETests(E2EFixture fixture) : IAsyncLifetime
{
    /// <summary>Hides what changes from run to run and stops everything that moves.</summary>
    public const string StabilizingCss = """
        [data-volatile] { visibility: hidden !important; }
        *, *::before, *::after {
            animation-duration: 0s !important; animation-delay: 0s !important;
            transition: none !important; caret-color: transparent !important;
        }
        """;

    private IBrowserContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Fact]
    public async Task Profit()
    {
        var page = await OpenScenarioAsync(
        [
            new Trade(fixture.FreeTickers[1], "yes", 25, Open: (0.41m, 0.42m), Now: (0.55m, 0.57m)),
            new Trade(fixture.FreeTickers[2], "no", 40, Open: (0.69m, 0.70m), Now: (0.60m, 0.62m)),
            new Trade(fixture.FreeTickers[3], "yes", 10, Open: (0.64m, 0.65m), Now: (0.71m, 0.73m)),
        ]);

        await Expect(page.GetByTestId("today-pnl")).ToHaveAttributeAsync("data-sign", "positive");
        ScreenshotBaselines.AssertMatches("profit", await CaptureAsync(page));
    }

    [Fact]
    public async Task Loss()
    {
        var page = await OpenScenarioAsync(
        [
            new Trade(fixture.FreeTickers[4], "yes", 25, Open: (0.57m, 0.58m), Now: (0.44m, 0.46m)),
            new Trade(fixture.FreeTickers[5], "no", 40, Open: (0.54m, 0.55m), Now: (0.63m, 0.65m)),
            new Trade(fixture.FreeTickers[6], "yes", 10, Open: (0.32m, 0.33m), Now: (0.27m, 0.29m)),
        ]);

        await Expect(page.GetByTestId("today-pnl")).ToHaveAttributeAsync("data-sign", "negative");
        ScreenshotBaselines.AssertMatches("loss", await CaptureAsync(page));
    }

    [Fact]
    public async Task Empty()
    {
        var account = await fixture.Sim.CreateAccountAsync(2500m);
        _context = await fixture.NewContextAsync();

        var page = await fixture.OpenDashboardAsync(_context, account);

        await Expect(page.GetByTestId("empty-positions")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cash")).ToHaveTextAsync("$2,500.00");
        ScreenshotBaselines.AssertMatches("empty", await CaptureAsync(page));
    }

    [Fact]
    public async Task Many_positions()
    {
        _context = await fixture.NewContextAsync();

        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo);

        await Expect(page.GetByTestId("position-card")).ToHaveCountAsync(fixture.DemoTickers.Count);
        if (ScreenshotBaselines.UpdateMode)
        {
            // The README's picture of the dashboard: the demo portfolio, as a user sees it (times shown).
            var readme = Path.Combine(ScreenshotBaselines.SourceDirectory(), "..", "docs", "images", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(readme)!);
            await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = readme, Animations = ScreenshotAnimations.Disabled });
        }
        ScreenshotBaselines.AssertMatches("many-positions", await CaptureAsync(page));
    }

    [Fact]
    public async Task Mobile()
    {
        _context = await fixture.NewContextAsync(E2EFixture.Mobile);

        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo);

        await Expect(page.GetByTestId("panel-toggle")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("position-panel")).Not.ToBeInViewportAsync();
        ScreenshotBaselines.AssertMatches("mobile", await CaptureAsync(page));
    }

    /// <summary>Screenshot of the viewport once volatile text is hidden, motion stopped and fonts loaded.</summary>
    public static async Task<byte[]> CaptureAsync(IPage page)
    {
        await page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = StabilizingCss });
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        return await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Type = ScreenshotType.Png,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
            Scale = ScreenshotScale.Css,
        });
    }

    /// <summary>
    /// A new account buys each position at its opening quote (the account's P&amp;L is zero-ish at sign-in, which
    /// fixes today's baseline), then the quotes move to <see cref="Trade.Now"/>; waits until every card and the
    /// overview show the P&amp;L the simulator's figures give.
    /// </summary>
    private async Task<IPage> OpenScenarioAsync(IReadOnlyList<Trade> trades)
    {
        var account = await fixture.Sim.CreateAccountAsync(1000m);
        var held = new List<(Trade Trade, SimPosition Position)>();
        foreach (var trade in trades)
        {
            await fixture.Sim.SetQuoteAsync(trade.Ticker, trade.Open.Bid, trade.Open.Ask);
            var price = trade.Side == "yes" ? trade.Open.Ask : 1m - trade.Open.Bid;
            held.Add((trade, await fixture.Sim.FillAsync(account.KeyId, trade.Ticker, trade.Side, "buy", trade.Count, price)));
        }
        _context = await fixture.NewContextAsync();
        var page = await fixture.OpenDashboardAsync(_context, account);

        var total = 0m;
        foreach (var (trade, position) in held)
        {
            await fixture.Sim.SetQuoteAsync(trade.Ticker, trade.Now.Bid, trade.Now.Ask);
            // Marked at liquidation: YES at the YES bid, NO at 1 − the YES ask.
            var mark = position.Position > 0 ? trade.Now.Bid : 1m - trade.Now.Ask;
            var pnl = Math.Abs(position.Position) * mark - position.Cost;
            total += pnl;
            await Expect(page.Locator($"[data-testid=position-card][data-ticker=\"{trade.Ticker}\"] [data-testid=position-pnl] .kp-usd"))
                .ToHaveTextAsync(Money.SignedDollars(pnl));
        }
        await Expect(page.GetByTestId("overview-unrealized").Locator(".kp-usd")).ToHaveTextAsync(Money.SignedDollars(total));
        return page;
    }

    private sealed record Trade(string Ticker, string Side, int Count, (decimal Bid, decimal Ask) Open, (decimal Bid, decimal Ask) Now);
}
