using System.Text.RegularExpressions;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Components.Formatting;
using KalshiPortfolio.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>The dashboard in Chromium against the app and the simulator: sign-in tour, live P&amp;L, reconnects, navigation.</summary>
[Trait("Category", "E2E")]
[Collection(E2ECollection.Name)]
public sealed class DashboardE2ETests(E2EFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Simulator_tour_signs_in_and_shows_the_demo_positions()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("");
        await Expect(page.GetByTestId("interactive")).ToBeAttachedAsync();

        await page.GetByTestId("try-simulator").ClickAsync();

        await Expect(page.GetByTestId("portfolio-summary")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("portfolio-summary")).ToHaveAttributeAsync("aria-busy", "false");
        var cards = page.GetByTestId("position-card");
        await Expect(cards).ToHaveCountAsync(fixture.DemoTickers.Count);
        fixture.DemoTickers.Count.Should().BeGreaterThanOrEqualTo(10);
        await Expect(cards.First).ToBeVisibleAsync();
        var tickers = await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.ticker)");
        tickers.Should().BeEquivalentTo(fixture.DemoTickers);
        await Expect(page.GetByTestId("position-count")).ToHaveTextAsync(Money.Count(fixture.DemoTickers.Count));
        await Expect(page.GetByTestId("auth-dialog")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_quote_changed_through_the_simulator_changes_the_pnl_on_screen_within_a_second()
    {
        var ticker = fixture.FreeTickers[0];
        var account = await fixture.Sim.CreateAccountAsync();
        await fixture.Sim.SetQuoteAsync(ticker, 0.40m, 0.42m);
        var held = await fixture.Sim.FillAsync(account.KeyId, ticker, "yes", "buy", 10, 0.42m);
        var page = await fixture.OpenDashboardAsync(_context, account);
        var pnl = page.Locator($"[data-testid=position-card][data-ticker=\"{ticker}\"] [data-testid=position-pnl]");
        await Expect(pnl).ToHaveTextAsync(ExpectedCardPnl(held, yesBid: 0.40m));

        await fixture.Sim.SetQuoteAsync(ticker, 0.55m, 0.57m);

        await Expect(pnl).ToHaveTextAsync(ExpectedCardPnl(held, yesBid: 0.55m), new() { Timeout = 1000 });
        await Expect(pnl).ToHaveAttributeAsync("data-sign", "positive");
    }

    [Fact]
    public async Task Dropped_kalshi_sockets_show_the_reconnecting_state_then_recover()
    {
        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo);
        var status = page.GetByTestId("connection-status");
        try
        {
            // Refused for long enough to be seen; the test ends the refusal itself.
            await fixture.Sim.SetFaultsAsync(new { drop_websockets = true, refuse_websockets_seconds = 60 });

            await Expect(status).ToHaveAttributeAsync("data-state", "kalshi_reconnecting");
            await Expect(status).ToContainTextAsync("Reconnecting");
            await Expect(page.GetByTestId("not-live")).ToContainTextAsync("Reconnecting to Kalshi");
        }
        finally
        {
            await fixture.Sim.ClearFaultsAsync();
        }

        await Expect(status).ToHaveAttributeAsync("data-state", "connected");
        await Expect(status).ToContainTextAsync("Live");
        await Expect(status).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.GetByTestId("not-live")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("position-card")).ToHaveCountAsync(fixture.DemoTickers.Count);
    }

    [Fact]
    public async Task Clicking_a_card_opens_its_market_page()
    {
        var page = await fixture.OpenDashboardAsync(_context, fixture.Demo);
        var card = page.GetByTestId("position-card").Nth(2);
        var ticker = (await card.GetAttributeAsync("data-ticker"))!;
        var cardPnl = (await card.Locator(".kp-usd").TextContentAsync())!;

        await card.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/markets/" + Regex.Escape(ticker) + "$"));
        var market = page.GetByTestId("market-page");
        await Expect(market).ToHaveAttributeAsync("data-ticker", ticker);
        await Expect(page.GetByTestId("market-ticker")).ToHaveTextAsync(ticker);
        await Expect(page.GetByTestId("market-position-pnl").Locator(".kp-usd")).ToHaveTextAsync(cardPnl);
        await Expect(page.GetByTestId("yes-bid")).ToHaveTextAsync(new Regex(@"^\$0\.\d\d"));
        var link = page.GetByTestId("kalshi-link");
        await Expect(link).ToHaveAttributeAsync("href", "https://kalshi.com/markets/" + ticker[..ticker.IndexOf('-', StringComparison.Ordinal)].ToLowerInvariant());
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", new Regex("noopener"));
        await Expect(page.Locator($"[data-testid=position-card][data-ticker=\"{ticker}\"]")).ToHaveClassAsync(new Regex("kp-card-selected"));
    }

    [Fact]
    public async Task Lost_server_connection_shows_blazors_reconnect_dialog_in_the_apps_style_then_recovers()
    {
        var page = await _context.NewPageAsync();
        var circuits = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            socket.ConnectToServer();
            lock (circuits)
            {
                circuits.Add(socket);
            }
        });
        await fixture.OpenDashboardAsync(page, fixture.Demo);
        var negotiate = new Regex("/_blazor/negotiate");
        await page.RouteAsync(negotiate, route => route.AbortAsync());

        // The browser's link to this server drops, and reconnecting fails while negotiation is refused.
        IWebSocketRoute circuit;
        lock (circuits)
        {
            circuit = circuits[^1];
        }
        await circuit.CloseAsync();

        var modal = page.GetByTestId("reconnect-modal");
        await Expect(modal).ToBeVisibleAsync();
        await Expect(modal).ToHaveClassAsync(new Regex("components-reconnect-retrying"));
        await Expect(modal).ToContainTextAsync("Still offline");
        await Expect(modal.GetByText("Reconnecting…")).ToBeHiddenAsync();
        ScreenshotBaselines.AssertMatches("reconnecting", await ScreenshotE2ETests.CaptureAsync(page));

        await page.UnrouteAsync(negotiate);
        // What the dialog's Retry button does; the automatic retry would come a few seconds later.
        await page.EvaluateAsync("() => Blazor.reconnect()");

        await Expect(modal).ToBeHiddenAsync();
        await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "connected");
        await page.GetByTestId("nav-markets").ClickAsync();
        await Expect(page.GetByTestId("markets-page")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Sign_out_clears_the_session_and_shows_the_sign_in_dialog()
    {
        var account = await fixture.Sim.CreateAccountAsync();
        var page = await fixture.OpenDashboardAsync(_context, account);

        await page.GetByTestId("sign-out").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"\?reason=signed_out$"));
        await Expect(page.GetByTestId("auth-notice")).ToHaveTextAsync("You are signed out.");
        await Expect(page.GetByTestId("portfolio-shell")).ToHaveCountAsync(0);
        (await _context.CookiesAsync()).Should().NotContain(c => c.Name == SessionTokenOptions.CookieName);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("auth-dialog")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_session_the_server_ends_is_signed_out_in_the_browser_with_a_notice()
    {
        var account = await fixture.Sim.CreateAccountAsync();
        var page = await fixture.OpenDashboardAsync(_context, account);
        var cookie = (await _context.CookiesAsync()).Single(c => c.Name == SessionTokenOptions.CookieName);
        var token = new JsonWebToken(cookie.Value);
        var userId = UserIds.For("simulator", account.KeyId);

        // The token can no longer be refreshed (as after its expiry), and the server tells the circuit the session
        // ended: the same path the circuit's own timer takes at the token's exp (PortfolioShell.EndSessionAsync).
        await fixture.App.Services.GetRequiredService<TokenRevocationList>().RevokeAsync(token.Id, userId, token.ValidTo);
        fixture.App.Streams.Find(userId)!.Hub.Publish(new SessionExpiredEvent("token expired") { At = DateTimeOffset.UtcNow });

        await Expect(page).ToHaveURLAsync(new Regex(@"\?reason=session_expired$"));
        await Expect(page.GetByTestId("auth-notice")).ToHaveTextAsync("Your session expired. Sign in again.");
        await Expect(page.GetByTestId("portfolio-shell")).ToHaveCountAsync(0);
    }

    /// <summary>What a position card shows for a YES position marked at the YES bid: "+$1.30" over "+30.95%".</summary>
    private static string ExpectedCardPnl(SimPosition held, decimal yesBid)
    {
        var pnl = held.Position * yesBid - held.Cost;
        return Money.SignedDollars(pnl) + Money.Percent(pnl / held.Cost * 100m);
    }
}
