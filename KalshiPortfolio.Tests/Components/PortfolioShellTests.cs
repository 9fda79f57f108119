using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Components.Layout;
using KalshiPortfolio.Web.Components.Pages;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace KalshiPortfolio.Tests.Components;

/// <summary>The layout end to end inside bUnit: sign-in gate, live subscription, session end, sign-out.</summary>
[Trait("Category", "Component")]
public class PortfolioShellTests : MudBunitTest
{
    private readonly FakePortfolioStreams _streams;
    private readonly BunitJSModuleInterop _account;
    private readonly BunitJSModuleInterop _session;
    private readonly BunitJSModuleInterop _theme;
    private readonly BunitAuthorizationContext _auth;
    private readonly FakeMarketCatalog _catalog = new();

    public PortfolioShellTests()
    {
        _streams = new FakePortfolioStreams(Time);
        Services.AddSingleton<IPortfolioStreams>(_streams);
        Services.AddSingleton<ISimulatorDemoAccount>(new FakeSimulatorDemoAccount());
        Services.AddSingleton<IMarketCatalog>(_catalog);
        Services.AddPortfolioUi();
        _auth = AddAuthorization();
        _account = JSInterop.SetupModule(BrowserSession.ModulePath);
        _session = JSInterop.SetupModule(SessionKeepAlive.ModulePath);
        _theme = JSInterop.SetupModule(UiThemeState.ModulePath);
    }

    [Fact]
    public void Signed_out_shows_the_sign_in_dialog_and_not_the_page()
    {
        var cut = RenderLayout();

        cut.Find("[data-testid=auth-dialog]").Should().NotBeNull();
        cut.FindAll("[data-testid=portfolio-summary]").Should().BeEmpty();
        cut.FindAll("[data-testid=page]").Should().BeEmpty();
        _streams.SubscribeCalls.Should().Be(0);
    }

    [Fact]
    public void Interactive_marker_is_rendered_only_when_interactive()
    {
        RenderLayout().FindAll("[data-testid=interactive]").Should().ContainSingle();
    }

    [Fact]
    public void Prerender_does_not_subscribe()
    {
        SignIn();
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, Page));

        cut.FindAll("[data-testid=interactive]").Should().BeEmpty();
        cut.Find("[data-testid=portfolio-summary]").GetAttribute("aria-busy").Should().Be("true");
        _streams.SubscribeCalls.Should().Be(0);
    }

    [Fact]
    public void Signed_in_shows_the_live_portfolio_around_the_page()
    {
        SignIn();
        _streams.Positions.Add(TestData.Position(ticker: "KXA"));
        _streams.Positions.Add(TestData.Position(ticker: "KXB", yesBid: 0.40m, yesAsk: 0.42m));

        var cut = RenderLayout();

        cut.WaitForAssertion(() => cut.FindAll("[data-testid=position-card]").Should().HaveCount(2));
        cut.Find("[data-testid=total-value]").TextContent.Trim().Should().Be("$1,234.56");
        cut.Find("[data-testid=connection-status]").GetAttribute("data-state").Should().Be("connected");
        cut.Find("[data-testid=page]").TextContent.Should().Be("page");
        cut.FindAll("[data-testid=auth-dialog]").Should().BeEmpty();
        _streams.Hub.SubscriberCount.Should().Be(1);
    }

    [Fact]
    public void A_quote_change_reaches_the_card_within_a_frame()
    {
        SignIn();
        var held = TestData.Position(ticker: "KXA");
        _streams.Positions.Add(held);
        var cut = RenderLayout();
        cut.WaitForAssertion(() => cut.Find("[data-ticker=KXA] [data-testid=position-pnl]").TextContent.Should().Contain("+$0.50"));

        _streams.Update(TestData.Repriced(held, 0.60m));
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => cut.Find("[data-ticker=KXA] [data-testid=position-pnl]").TextContent.Should().Contain("+$1.30"));
        cut.Find("[data-ticker=KXA] [data-testid=pnl-flash]").ClassList.Should().Contain("kp-flash-up");
    }

    [Fact]
    public void Connection_changes_reach_the_dot()
    {
        SignIn();
        var cut = RenderLayout();
        cut.WaitForAssertion(() => cut.Find("[data-testid=connection-status]").GetAttribute("data-state").Should().Be("connected"));

        _streams.Publish(new ConnectionStatusEvent(TestData.Status(ConnectionState.KalshiReconnecting)) { At = Time.GetUtcNow() });
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => cut.Find("[data-testid=connection-status]").GetAttribute("data-state").Should().Be("kalshi_reconnecting"));
    }

    [Fact]
    public void Expired_session_that_cannot_refresh_is_signed_out()
    {
        SignIn();
        _account.Setup<AccountApiResult?>("refresh", _ => true).SetResult(new AccountApiResult { Ok = false, Status = 401 });
        var cut = RenderLayout();
        cut.WaitForAssertion(() => _streams.Hub.SubscriberCount.Should().Be(1));

        _streams.Publish(new SessionExpiredEvent("token expired") { At = Time.GetUtcNow() });
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["logout"].Should().ContainSingle();
        History().Single().Options.ForceLoad.Should().BeTrue();
        Navigation.Uri.Should().EndWith("/?reason=session_expired");
    }

    [Fact]
    public void Expired_session_that_refreshes_reloads_with_the_new_cookie()
    {
        SignIn();
        _account.Setup<AccountApiResult?>("refresh", _ => true).SetResult(new AccountApiResult { Ok = true, Status = 200 });
        var cut = RenderLayout();
        cut.WaitForAssertion(() => _streams.Hub.SubscriberCount.Should().Be(1));

        _streams.Publish(new SessionExpiredEvent("token expired") { At = Time.GetUtcNow() });
        Time.Advance(LivePortfolio.FrameInterval);

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["logout"].Should().BeEmpty();
        History().Single().Options.ForceLoad.Should().BeTrue();
        new Uri(Navigation.Uri).Query.Should().BeEmpty();
    }

    [Fact]
    public void Token_expiry_ends_the_session_even_without_a_server_event()
    {
        SignIn(expiresAt: Start.AddMinutes(10));
        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        Time.Advance(TimeSpan.FromMinutes(10));
        History().Should().BeEmpty("the grace period has not passed");
        Time.Advance(PortfolioShell.ExpiryGrace);

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["refresh"].Should().ContainSingle("a refresh is tried first");
        _account.Invocations["logout"].Should().ContainSingle();
        Navigation.Uri.Should().EndWith("/?reason=session_expired");
    }

    [Fact]
    public void A_circuit_that_opens_after_its_tokens_expiry_ends_the_session_at_once()
    {
        SignIn(expiresAt: Start - PortfolioShell.ExpiryGrace - TimeSpan.FromSeconds(1));

        var cut = RenderLayout();

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["refresh"].Should().ContainSingle("a refresh is tried first");
        Navigation.Uri.Should().EndWith("/?reason=session_expired");
    }

    [Fact]
    public async Task A_refreshed_session_pushes_the_deadline_back()
    {
        SignIn(expiresAt: Start.AddMinutes(10));
        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        var keepAlive = cut.FindComponent<SessionKeepAlive>();
        await cut.InvokeAsync(() => keepAlive.Instance.OnSessionRefreshed(Start.AddHours(2).ToString("O")));
        Time.Advance(TimeSpan.FromMinutes(30));

        History().Should().BeEmpty();
        _account.Invocations["logout"].Should().BeEmpty();
    }

    [Fact]
    public void Losing_the_circuit_user_signs_out_when_no_refresh_is_possible()
    {
        SignIn();
        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        _auth.SetNotAuthorized();

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["refresh"].Should().ContainSingle();
        _account.Invocations["logout"].Should().ContainSingle();
        Navigation.Uri.Should().EndWith("/?reason=session_expired");
    }

    [Fact]
    public void Sign_out_clears_the_cookie_from_the_browser_then_reloads()
    {
        SignIn();
        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        cut.Find("[data-testid=sign-out]").Click();

        cut.WaitForAssertion(() => History().Should().ContainSingle());
        _account.Invocations["logout"].Should().ContainSingle();
        History().Single().Options.ForceLoad.Should().BeTrue();
        Navigation.Uri.Should().EndWith("/?reason=signed_out");
    }

    [Theory]
    [InlineData(ConnectionState.KalshiReconnecting, LinkReason.SocketDropped, "socket_dropped", "Reconnecting to Kalshi")]
    [InlineData(ConnectionState.Degraded, LinkReason.Silent, "silent", "went quiet")]
    [InlineData(ConnectionState.Degraded, LinkReason.ConnectFailed, "connect_failed", "polled every few seconds")]
    public void Figures_that_are_not_live_are_said_in_a_banner(ConnectionState state, LinkReason reason, string wire, string words)
    {
        SignIn();
        _streams.Status = TestData.Status(state) with { Reason = reason };

        var cut = RenderLayout();

        cut.WaitForAssertion(() =>
        {
            var banner = cut.Find("[data-testid=not-live]");
            banner.GetAttribute("data-reason").Should().Be(wire);
            banner.TextContent.Should().Contain(words);
        });
    }

    [Fact]
    public void Live_figures_have_no_banner()
    {
        SignIn();
        _streams.Status = TestData.Status(ConnectionState.Connected);

        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        cut.FindAll("[data-testid=not-live]").Should().BeEmpty();
    }

    [Fact]
    public void Refused_key_asks_the_user_to_sign_in_again()
    {
        SignIn();
        _streams.Status = TestData.Status(ConnectionState.Disconnected) with { Reason = LinkReason.CredentialsRejected };

        var cut = RenderLayout();

        cut.WaitForAssertion(() => cut.Find("[data-testid=credentials-invalid]").TextContent.Should().Contain("Sign in again"));
    }

    [Fact]
    public void A_user_without_a_live_portfolio_is_told_so()
    {
        SignIn(userId: "user-unknown");

        var cut = RenderLayout();

        cut.WaitForAssertion(() => cut.Find("[data-testid=feed-unavailable]").Should().NotBeNull());
        cut.Find("[data-testid=portfolio-summary]").GetAttribute("aria-busy").Should().Be("false");
    }

    [Fact]
    public void Refresh_button_asks_the_server_for_a_snapshot()
    {
        SignIn();
        var cut = RenderLayout();
        cut.WaitForAssertion(() => cut.Find("[data-testid=total-value]").TextContent.Should().Contain("$"));

        cut.Find("[data-testid=refresh-button]").Click();

        cut.WaitForAssertion(() => _streams.RefreshCalls.Should().Be(1));
    }

    [Fact]
    public void Panel_toggle_opens_and_the_scrim_closes_the_panel()
    {
        SignIn();
        var cut = RenderLayout();
        WaitUntilLoaded(cut);

        // The live state renders from a background loop too: wait for each render rather than assume it is done.
        cut.Find("[data-testid=panel-toggle]").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=panel-container]").ClassList.Should().Contain("kp-panel-open"));

        cut.WaitForElement(".kp-scrim").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid=panel-container]").ClassList.Should().NotContain("kp-panel-open"));
    }

    [Fact]
    public void Market_page_route_highlights_its_card()
    {
        SignIn();
        _streams.Positions.Add(TestData.Position(ticker: "KXA"));
        _streams.Positions.Add(TestData.Position(ticker: "KXB"));
        var cut = RenderLayout();
        cut.WaitForAssertion(() => cut.FindAll("[data-testid=position-card]").Should().HaveCount(2));

        cut.Find("[data-ticker=KXB]").Click();

        cut.WaitForAssertion(() => cut.Find("[data-ticker=KXB]").ClassList.Should().Contain("kp-card-selected"));
        new Uri(Navigation.Uri).AbsolutePath.Should().Be("/markets/KXB");
    }

    [Fact]
    public void Session_keep_alive_starts_with_the_token_expiry()
    {
        var expires = Start.AddMinutes(50);
        SignIn(expiresAt: expires);

        RenderLayout();

        var start = _session.Invocations["start"].Should().ContainSingle().Subject;
        start.Arguments[0].Should().Be(expires.ToUnixTimeMilliseconds());
        start.Arguments[1].Should().Be((long)TimeSpan.FromHours(1).TotalMilliseconds);
    }

    [Fact]
    public void Theme_toggle_switches_to_light_and_remembers_it()
    {
        var cut = RenderLayout();
        cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode).Should().BeTrue();

        cut.Find("[data-testid=theme-toggle]").Click();

        cut.WaitForAssertion(() => cut.FindComponent<MudThemeProvider>().Instance.GetState(x => x.IsDarkMode).Should().BeFalse());
        cut.WaitForAssertion(() => _theme.Invocations["setTheme"].Single().Arguments.Should().Equal("light"));
    }

    [Fact]
    public void Home_shows_the_overview_and_movers()
    {
        SignIn();
        _streams.Positions.Add(TestData.Position(ticker: "KXUP", yesBid: 0.60m, yesAsk: 0.62m));
        _streams.Positions.Add(TestData.Position(ticker: "KXDOWN", yesBid: 0.30m, yesAsk: 0.32m));
        var cut = RenderLayout(builder =>
        {
            builder.OpenComponent<Home>(0);
            builder.CloseComponent();
        });

        cut.WaitForAssertion(() => cut.Find("[data-testid=overview-unrealized]").TextContent.Should().Contain("+$34.56"));
        cut.Find(".kp-movers").TextContent.Should().Contain("KXUP").And.Contain("KXDOWN");
    }

    [Fact]
    public void Home_without_positions_points_to_the_markets()
    {
        SignIn();
        var cut = RenderLayout(builder =>
        {
            builder.OpenComponent<Home>(0);
            builder.CloseComponent();
        });

        cut.WaitForAssertion(() => cut.Find("[data-testid=overview-empty]").TextContent.Should().Contain("No open positions"));
        cut.Find("[data-testid=overview-browse-markets]").GetAttribute("href").Should().Be("markets");
        cut.FindAll(".kp-movers").Should().BeEmpty();
    }

    [Fact]
    public void Market_page_shows_the_position_and_its_pnl()
    {
        SignIn();
        _streams.Positions.Add(TestData.Position(ticker: "KXA"));
        var cut = RenderLayout(builder =>
        {
            builder.OpenComponent<MarketPage>(0);
            builder.AddComponentParameter(1, nameof(MarketPage.Ticker), "KXA");
            builder.CloseComponent();
        });

        cut.WaitForAssertion(() => cut.Find("[data-testid=market-position-pnl]").TextContent.Should().Contain("+$0.50"));
        cut.Find("[data-testid=market-page]").GetAttribute("data-ticker").Should().Be("KXA");
    }

    [Fact]
    public void Market_page_without_a_position_says_so()
    {
        SignIn();
        _catalog.WithMarket(FakeMarketCatalog.Market("KXNONE"));
        var cut = RenderLayout(builder =>
        {
            builder.OpenComponent<MarketPage>(0);
            builder.AddComponentParameter(1, nameof(MarketPage.Ticker), "KXNONE");
            builder.CloseComponent();
        });

        cut.WaitForAssertion(() => cut.Find("[data-testid=no-position]").Should().NotBeNull());
    }

    [Fact]
    public async Task Disposing_the_circuit_scope_ends_the_subscription()
    {
        SignIn();
        var cut = RenderLayout();
        cut.WaitForAssertion(() => _streams.Hub.SubscriberCount.Should().Be(1));

        await DisposeComponentsAsync();
        await Services.GetRequiredService<LivePortfolio>().DisposeAsync();

        _streams.Hub.SubscriberCount.Should().Be(0);
    }

    private static readonly RenderFragment Page = builder =>
    {
        builder.OpenElement(0, "p");
        builder.AddAttribute(1, "data-testid", "page");
        builder.AddContent(2, "page");
        builder.CloseElement();
    };

    /// <summary>Interactions wait for the first snapshot, as a trader would: no race with the loop's first render.</summary>
    private static void WaitUntilLoaded(IRenderedComponent<MainLayout> cut) =>
        cut.WaitForAssertion(() => cut.Find("[data-testid=portfolio-summary]").GetAttribute("aria-busy").Should().Be("false"));

    private IRenderedComponent<MainLayout> RenderLayout(RenderFragment? body = null) =>
        RenderInteractive<MainLayout>(p => p.Add(l => l.Body, body ?? Page));

    private void SignIn(string userId = FakePortfolioStreams.UserId, DateTimeOffset? expiresAt = null)
    {
        _auth.SetAuthorized("trader");
        _auth.SetClaims(
            new Claim("sub", userId),
            new Claim("exp", (expiresAt ?? Start.AddHours(8)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private IReadOnlyCollection<NavigationHistory> History() =>
        Services.GetRequiredService<BunitNavigationManager>().History;
}
