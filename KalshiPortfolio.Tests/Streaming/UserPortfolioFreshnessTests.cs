using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>What the portfolio says about the age of its figures: stale marks, cash behind a fill, rows kept.</summary>
[Trait("Category", "Unit")]
public sealed class UserPortfolioFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private static PositionUpdate Held(string ticker, decimal count) =>
        new() { Ticker = ticker, Position = count, Cost = count * 0.40m, UpdatedAt = Now };

    private static MarketQuote Quote(string ticker, decimal bid, DateTimeOffset at) =>
        MarketQuote.Create(ticker, bid, bid + 0.02m, null, at, receivedAt: at);

    [Fact]
    public void A_price_no_one_confirmed_for_longer_than_StaleAfter_is_marked_stale_and_a_new_quote_clears_it()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = new UserPortfolio("u", new StreamingOptions { StaleAfter = TimeSpan.FromSeconds(15) }, time);
        portfolio.ApplySnapshot([Held("A", 10m)], [Quote("A", 0.40m, Now)], 100m);

        time.Advance(TimeSpan.FromSeconds(14));
        portfolio.SweepStale();
        portfolio.GetPosition("A")!.IsStale.Should().BeFalse("checked 14 s ago");

        time.Advance(TimeSpan.FromSeconds(2));
        portfolio.SweepStale();
        portfolio.GetPosition("A")!.IsStale.Should().BeTrue("nothing confirmed it for 16 s");
        portfolio.Freshness.StalePositions.Should().Be(1);
        portfolio.PriceVerifiedAt("A").Should().Be(Now);

        portfolio.ApplyQuote(Quote("A", 0.41m, time.GetUtcNow()));
        portfolio.GetPosition("A")!.IsStale.Should().BeFalse("a quote just arrived");
        portfolio.Freshness.StalePositions.Should().Be(0);
    }

    [Fact]
    public void A_balance_read_before_a_fill_leaves_the_cash_stale_until_a_later_read()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = new UserPortfolio("u", new StreamingOptions(), time);
        portfolio.ApplyCash(100m);
        portfolio.Freshness.CashStale.Should().BeFalse();

        var mark = portfolio.CashMark;   // the balance request goes out…
        portfolio.NoteCashPending();     // …a fill arrives meanwhile…
        portfolio.Freshness.CashStale.Should().BeTrue("a fill moved the cash on Kalshi's side");
        portfolio.ApplyCash(100m, mark); // …and the answer predates it.

        portfolio.Freshness.CashStale.Should().BeTrue("the balance read was older than the fill");
        portfolio.ApplyCash(98.80m, portfolio.CashMark);
        portfolio.Freshness.CashStale.Should().BeFalse();
        portfolio.GetView().Summary.Cash.Should().Be(98.80m);
    }

    [Fact]
    public void A_market_whose_snapshot_row_could_not_be_read_is_kept_not_closed()
    {
        using var portfolio = new UserPortfolio("u", new StreamingOptions(), new FakeTimeProvider(Now));
        portfolio.ApplySnapshot([Held("A", 10m), Held("B", 5m)], [], 100m);

        var changes = portfolio.ApplySnapshot([Held("A", 10m)], [], 100m, keep: new HashSet<string> { "B" });

        portfolio.GetPosition("B")!.Position.Should().Be(5m, "its row was unreadable, so it is not known to be flat");
        changes.Should().NotContain(c => c.Ticker == "B" && c.Kind == PositionChangeKind.Closed);

        portfolio.ApplySnapshot([Held("A", 10m)], [], 100m);
        portfolio.GetPosition("B").Should().BeNull("a readable snapshot without it closes it");
    }

    // A and B held, both priced by a snapshot at Now; a price unconfirmed for 15 s is stale.
    private static UserPortfolio HoldingAAndB(FakeTimeProvider time)
    {
        var portfolio = new UserPortfolio("u", new StreamingOptions { StaleAfter = TimeSpan.FromSeconds(15) }, time);
        portfolio.ApplySnapshot([Held("A", 10m), Held("B", 5m)], [Quote("A", 0.40m, Now), Quote("B", 0.50m, Now)], 100m);
        return portfolio;
    }

    private static void GoLive(UserPortfolio portfolio) =>
        portfolio.UpdateStatus(s => s with { State = ConnectionState.Connected, Reason = LinkReason.Live });

    [Fact]
    public void A_held_market_whose_live_quote_was_unusable_turns_stale_though_the_socket_keeps_talking_and_a_good_quote_clears_it()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = HoldingAAndB(time);
        GoLive(portfolio);

        portfolio.MarkUnconfirmed("A", UnconfirmedReason.QuoteSkipped);
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            portfolio.NoteMessage(time.GetUtcNow()); // other markets' frames keep arriving
        }
        portfolio.SweepStale();

        portfolio.GetPosition("A")!.IsStale.Should().BeTrue("its own quote was unusable 20 s ago and nothing read it since");
        portfolio.GetPosition("B")!.IsStale.Should().BeFalse("the live socket confirms the markets it was not in doubt about");
        portfolio.PriceVerifiedAt("A").Should().Be(Now);

        portfolio.ApplyQuote(Quote("A", 0.42m, time.GetUtcNow()));
        portfolio.GetPosition("A")!.IsStale.Should().BeFalse("a good quote confirms it again");
    }

    [Fact]
    public void A_kept_row_turns_stale_until_a_snapshot_reads_it_and_a_good_quote_does_not_confirm_its_position()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = HoldingAAndB(time);
        GoLive(portfolio);

        portfolio.ApplySnapshot([Held("A", 10m)], [Quote("A", 0.40m, Now)], 100m, keep: new HashSet<string> { "B" });
        time.Advance(TimeSpan.FromSeconds(16));
        portfolio.NoteMessage(time.GetUtcNow());
        portfolio.ApplyQuote(Quote("B", 0.51m, time.GetUtcNow()));
        portfolio.SweepStale();

        portfolio.GetPosition("B")!.IsStale.Should().BeTrue("Kalshi's row for it was unreadable: its position is not confirmed");
        portfolio.GetPosition("A")!.IsStale.Should().BeFalse();
        portfolio.Freshness.StalePositions.Should().Be(1);

        portfolio.ApplySnapshot([Held("A", 10m), Held("B", 5m)], [Quote("A", 0.40m, time.GetUtcNow()), Quote("B", 0.51m, time.GetUtcNow())], 100m);
        portfolio.GetPosition("B")!.IsStale.Should().BeFalse("a snapshot read its row again");
    }

    [Fact]
    public void A_held_market_the_snapshot_gave_no_quote_for_is_not_confirmed_by_it()
    {
        var time = new FakeTimeProvider(Now);
        using var portfolio = HoldingAAndB(time);

        time.Advance(TimeSpan.FromSeconds(10));
        portfolio.ApplySnapshot([Held("A", 10m), Held("B", 5m)], [Quote("A", 0.40m, time.GetUtcNow())], 100m, unquoted: new HashSet<string> { "B" });
        time.Advance(TimeSpan.FromSeconds(10));
        portfolio.ApplySnapshot([Held("A", 10m), Held("B", 5m)], [Quote("A", 0.40m, time.GetUtcNow())], 100m, unquoted: new HashSet<string> { "B" });
        time.Advance(TimeSpan.FromSeconds(6));
        portfolio.SweepStale();

        portfolio.GetPosition("B")!.IsStale.Should().BeTrue("its price was last read 26 s ago; later snapshots could not read it");
        portfolio.GetPosition("A")!.IsStale.Should().BeFalse();
    }
}
