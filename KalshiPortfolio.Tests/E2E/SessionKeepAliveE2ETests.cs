using KalshiPortfolio.Web.Components.Layout;
using KalshiPortfolio.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>
/// The browser half of "a session outlives 24 h of work" (<c>wwwroot/js/session.js</c>, started by
/// <see cref="SessionKeepAlive"/>): in Chromium, on Playwright's fake clock, so a day passes without waiting for it,
/// against the app's real refresh endpoint, so the HttpOnly cookie really is replaced.
/// </summary>
[Trait("Category", "E2E")]
[Collection(E2ECollection.Name)]
public sealed class SessionKeepAliveE2ETests(E2EFixture fixture) : IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await fixture.NewContextAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private async Task<string> SessionCookieAsync() =>
        (await _context.CookiesAsync()).Single(c => c.Name == SessionTokenOptions.CookieName).Value;

    // Loads the keep-alive module in a page of the app's origin and starts it as SessionKeepAlive does, with a
    // stand-in for .NET that puts the new expiry into the page title.
    private async Task<IPage> StartKeepAliveAsync(DateTimeOffset expiresAt)
    {
        var page = await _context.NewPageAsync();
        await page.Clock.InstallAsync(new ClockInstallOptions { TimeDate = DateTime.UtcNow });
        await page.GotoAsync("healthz");
        await page.EvaluateAsync(
            """
            async ([modulePath, expiresAtMs, windowMs]) => {
                const keepAlive = await import(modulePath);
                const dotNet = { invokeMethodAsync: (name, expiry) => { document.title = name + " " + expiry; return Promise.resolve(); } };
                keepAlive.start(expiresAtMs, windowMs, dotNet);
            }
            """,
            new object[] { SessionKeepAlive.ModulePath.TrimStart('.'), expiresAt.ToUnixTimeMilliseconds(), (long)TimeSpan.FromHours(1).TotalMilliseconds });
        return page;
    }

    [Fact]
    public async Task An_active_user_s_session_is_refreshed_in_the_last_hour_and_the_old_token_revoked()
    {
        var account = await fixture.Sim.CreateAccountAsync();
        await fixture.SignInAsync(_context, account);
        var before = new JsonWebToken(await SessionCookieAsync());
        var page = await StartKeepAliveAsync(before.ValidTo);

        // 23 h 30 min later, the page still in view: the next check (every 30 s) refreshes.
        await page.Clock.FastForwardAsync("23:30:00");
        await page.Clock.RunForAsync(30_000);

        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("^OnSessionRefreshed "));
        var after = new JsonWebToken(await SessionCookieAsync());
        after.Id.Should().NotBe(before.Id, "the HttpOnly cookie now carries the new token");
        after.ValidTo.Should().BeOnOrAfter(before.ValidTo, "a fresh 24 h from now (the server's clock did not move)");
        fixture.App.Services.GetRequiredService<TokenRevocationList>().IsRevoked(before.Id).Should().BeTrue("the refreshed token is revoked");
        var title = await page.TitleAsync();
        DateTimeOffset.Parse(title["OnSessionRefreshed ".Length..], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(after.ValidTo, TimeSpan.FromSeconds(1), ".NET is told the new expiry");
    }

    [Fact]
    public async Task Nothing_is_refreshed_before_the_last_hour()
    {
        var account = await fixture.Sim.CreateAccountAsync();
        await fixture.SignInAsync(_context, account);
        var before = await SessionCookieAsync();
        var page = await StartKeepAliveAsync(new JsonWebToken(before).ValidTo);
        var refreshes = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/v1/account/refresh", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refreshes);
            }
        };

        // 22 h later: many checks run (the clock passes every 30 s mark), none inside the window.
        await page.Clock.RunForAsync((long)TimeSpan.FromMinutes(30).TotalMilliseconds);
        await page.Clock.FastForwardAsync("22:00:00");
        await page.Clock.RunForAsync(60_000);
        // A round trip through the page after the checks: any fetch they started has been issued by now.
        (await page.EvaluateAsync<string>("() => document.title")).Should().NotStartWith("OnSessionRefreshed");

        Volatile.Read(ref refreshes).Should().Be(0);
        (await SessionCookieAsync()).Should().Be(before);
    }
}
