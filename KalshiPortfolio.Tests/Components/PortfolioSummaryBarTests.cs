using Bunit;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Components.Trading;
using KalshiPortfolio.Web.Services.Ui;
using MudBlazor;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class PortfolioSummaryBarTests : MudBunitTest
{
    [Fact]
    public void Shows_totals_formatted_in_dollars()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p
            .Add(c => c.Portfolio, TestData.View(cash: 1000m, marketValue: 234.56m, positions: 12))
            .Add(c => c.Status, TestData.Status(ConnectionState.Connected)));

        cut.Find("[data-testid=total-value]").TextContent.Trim().Should().Be("$1,234.56");
        cut.Find("[data-testid=cash]").TextContent.Trim().Should().Be("$1,000.00");
        cut.Find("[data-testid=position-count]").TextContent.Trim().Should().Be("12");
        cut.FindAll("[data-testid=unmarked-count]").Should().BeEmpty();
    }

    [Fact]
    public void Unmarked_positions_are_counted()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.Portfolio, TestData.View(positions: 5, unmarked: 2)));

        cut.Find("[data-testid=unmarked-count]").TextContent.Should().Contain("2 unmarked");
    }

    [Theory]
    [InlineData(12.5, 1.0123, "pnl-positive", "+$12.50", "(+1.01%)")]
    [InlineData(-1234.5, -2.5, "pnl-negative", "-$1,234.50", "(-2.50%)")]
    [InlineData(0, 0, "pnl-neutral", "$0.00", "(0.00%)")]
    public void Today_pnl_is_coloured_by_its_sign(double dollars, double percent, string css, string text, string pct)
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p
            .Add(c => c.Portfolio, TestData.View(todayDollars: (decimal)dollars, todayPercent: (decimal)percent)));

        var today = cut.Find("[data-testid=today-pnl]");
        today.ClassList.Should().Contain(css);
        today.TextContent.Should().Contain(text).And.Contain(pct);
    }

    [Fact]
    public void Today_pnl_without_a_baseline_percent_shows_a_dash()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.Portfolio, TestData.View(todayDollars: 3m, todayPercent: null)));

        cut.Find("[data-testid=today-pnl]").TextContent.Should().Contain("+$3.00").And.Contain("(—)");
    }

    [Theory]
    [InlineData(ConnectionState.Connected, "connected", "Live: connected to Kalshi.")]
    [InlineData(ConnectionState.KalshiReconnecting, "kalshi_reconnecting", "Reconnecting to Kalshi… figures are polled meanwhile.")]
    [InlineData(ConnectionState.Degraded, "degraded", "Kalshi's live feed is down; figures are polled every few seconds.")]
    [InlineData(ConnectionState.Disconnected, "disconnected", "Disconnected from Kalshi. Figures are not live.")]
    public void Connection_dot_tells_its_state(ConnectionState state, string wire, string words)
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p
            .Add(c => c.Portfolio, TestData.View())
            .Add(c => c.Status, TestData.Status(state)));

        var dot = cut.Find("[data-testid=connection-status]");
        dot.GetAttribute("data-state").Should().Be(wire);
        dot.ClassList.Should().Contain($"kp-conn-{wire}");
        dot.GetAttribute("aria-label").Should().Be(words);
        cut.FindComponent<MudTooltip>().Instance.Text.Should().Be(words);
    }

    [Theory]
    [InlineData(LinkReason.Live, "Live", "true")]
    [InlineData(LinkReason.Verifying, "Checking", "false")]
    public void Connected_says_live_only_once_verified_against_kalshi(LinkReason reason, string label, string live)
    {
        var status = TestData.Status(ConnectionState.Connected) with { Reason = reason };

        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.Status, status));

        var dot = cut.Find("[data-testid=connection-status]");
        dot.TextContent.Should().Contain(label);
        dot.GetAttribute("data-live").Should().Be(live);
        dot.ClassList.Contains("kp-conn-unverified").Should().Be(live == "false");
    }

    [Fact]
    public void Refused_key_is_said_in_the_tooltip()
    {
        var status = TestData.Status(ConnectionState.Disconnected) with { Reason = LinkReason.CredentialsRejected };

        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.Status, status));

        cut.Find("[data-testid=connection-status]").GetAttribute("aria-label").Should().Be("Kalshi refused your API key. Sign in again.");
    }

    [Fact]
    public void Unknown_status_is_disconnected()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.Status, (ConnectionStatus?)null));

        var dot = cut.Find("[data-testid=connection-status]");
        dot.GetAttribute("data-state").Should().Be("disconnected");
        dot.GetAttribute("aria-label").Should().Be("Not connected to Kalshi yet.");
    }

    [Fact]
    public void Before_the_first_status_the_dot_says_connecting_not_offline()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.IsLoading, true));

        var dot = cut.Find("[data-testid=connection-status]");
        dot.GetAttribute("data-state").Should().Be("disconnected");
        dot.ClassList.Should().Contain("kp-conn-pending");
        dot.GetAttribute("aria-label").Should().Be("Connecting to the live feed…");
        dot.TextContent.Should().Contain("Connecting…");
    }

    [Fact]
    public void Loading_shows_skeletons_instead_of_figures()
    {
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p.Add(c => c.IsLoading, true));

        cut.Find("[data-testid=portfolio-summary]").GetAttribute("aria-busy").Should().Be("true");
        cut.Find("[data-testid=total-value]").QuerySelector(".mud-skeleton").Should().NotBeNull();
        cut.Find("[data-testid=today-pnl]").QuerySelector(".mud-skeleton").Should().NotBeNull();
        cut.Find("[data-testid=cash]").QuerySelector(".mud-skeleton").Should().NotBeNull();
        cut.Find("[data-testid=total-value]").TextContent.Should().NotContain("$");
        cut.FindAll("[data-testid=position-count]").Should().BeEmpty();
    }

    [Fact]
    public void Refresh_button_asks_the_owner_to_refresh()
    {
        var refreshed = 0;
        var cut = RenderInteractive<PortfolioSummaryBar>(p => p
            .Add(c => c.Portfolio, TestData.View())
            .Add(c => c.OnRefresh, () => refreshed++));

        cut.Find("[data-testid=refresh-button]").Click();

        refreshed.Should().Be(1);
    }

    [Fact]
    public void Clicking_the_dot_opens_diagnostics_per_link()
    {
        var status = TestData.Status(ConnectionState.KalshiReconnecting, lastError: "The WebSocket closed (1006).");
        var tab = new TabLinkDiagnostics { EventsReceived = 40, LastEventAt = Start.AddSeconds(-2), DroppedEvents = 3, Resyncs = 1, Notifications = 9 };
        EnsureInteractive();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PortfolioSummaryBar>(p => p
            .Add(c => c.Portfolio, TestData.View())
            .Add(c => c.Status, status)
            .Add(c => c.Tab, tab));

        cut.Find("[data-testid=connection-status]").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=diagnostics-dialog]").Should().NotBeNull());
        dialogs.Find("[data-testid=diagnostics-summary]").TextContent.Should().Be("Reconnecting to Kalshi… figures are polled meanwhile.");
        var kalshi = dialogs.Find("[data-link=kalshi]");
        kalshi.QuerySelector("[data-testid=diag-state]")!.TextContent.Should().Be("kalshi reconnecting");
        kalshi.QuerySelector("[data-testid=diag-last-message]")!.TextContent.Should().Be("3s ago");
        kalshi.QuerySelector("[data-testid=diag-reconnects]")!.TextContent.Should().Be("2");
        kalshi.QuerySelector("[data-testid=diag-dropped]")!.TextContent.Should().Be("7");
        kalshi.QuerySelector("[data-testid=diag-last-error]")!.TextContent.Should().Be("The WebSocket closed (1006).");
        var browserTab = dialogs.Find("[data-link=tab]");
        browserTab.TextContent.Should().Contain("2s ago").And.Contain("subscribed");
    }

    [Fact]
    public void Diagnostics_follow_the_status_while_open()
    {
        EnsureInteractive();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PortfolioSummaryBar>(p => p.Add(c => c.Status, TestData.Status(ConnectionState.KalshiReconnecting)));
        cut.Find("[data-testid=connection-status]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=diag-state]").TextContent.Should().Be("kalshi reconnecting"));

        cut.Render(p => p.Add(c => c.Status, TestData.Status(ConnectionState.Connected)));
        Time.Advance(TimeSpan.FromSeconds(1));

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=diag-state]").TextContent.Should().Be("connected"));
    }

    [Fact]
    public void Diagnostics_show_the_servers_metrics_with_messages_per_second()
    {
        EnsureInteractive();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PortfolioSummaryBar>(p => p.Add(c => c.Status, TestData.Status(ConnectionState.Connected)));
        for (var i = 0; i < 10; i++)
        {
            Metrics.MessageReceived();
        }
        Metrics.SseConnected();
        Metrics.RestError(KalshiPortfolio.Core.Kalshi.Errors.KalshiErrorKind.Timeout);
        Metrics.CacheWrite(TimeSpan.FromMilliseconds(2.5), succeeded: false);

        cut.Find("[data-testid=connection-status]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=metric-messages]").TextContent.Should().Be("10"));
        dialogs.Find("[data-testid=metric-sse-connections]").TextContent.Should().Be("1");
        dialogs.Find("[data-testid=metric-rest-errors]").TextContent.Should().Be("Timeout 1");
        dialogs.Find("[data-testid=metric-cache]").TextContent.Should().Be("1 / 1 / 2.5 ms");
        dialogs.Find("[data-testid=metric-messages-per-second]").TextContent.Should().Be("—", "a rate needs two readings");

        for (var i = 0; i < 30; i++)
        {
            Metrics.MessageReceived();
        }
        Time.Advance(TimeSpan.FromSeconds(1));

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=metric-messages-per-second]").TextContent.Should().Be("30"));
    }
}
