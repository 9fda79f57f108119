using System.Text;
using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Bench.Load;

namespace KalshiPortfolio.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class PublishLedgerTests
{
    [Fact]
    public void Every_quote_is_on_a_cent_grid_inside_the_book_and_maps_back_to_its_number()
    {
        for (var state = 0; state < PublishLedger.StatesPerTicker; state++)
        {
            var (bid, ask) = PublishLedger.PricesOf(state);
            bid.Should().BeInRange(1, 98);
            ask.Should().BeInRange(bid + 1, 99);
            PublishLedger.StateOf(bid, ask).Should().Be(state);
        }
        PublishLedger.StateOf(5, 6).Should().Be(-1);
        PublishLedger.StateOf(40, 45).Should().Be(-1, "a 5-cent spread is never published");
    }

    [Fact]
    public void Each_step_moves_both_the_bid_and_the_ask_so_every_holders_pnl_changes()
    {
        for (var state = 0; state < PublishLedger.StatesPerTicker; state++)
        {
            var before = PublishLedger.PricesOf(state);
            var after = PublishLedger.PricesOf((state + 1) % PublishLedger.StatesPerTicker);
            after.BidCents.Should().NotBe(before.BidCents);
            after.AskCents.Should().NotBe(before.AskCents);
        }
    }

    [Fact]
    public void A_stamped_publish_is_found_from_the_ticker_and_prices_a_client_reads()
    {
        var ledger = new PublishLedger(["KXA-1", "KXB-2"]);
        ledger.Current(1).Should().Be(PublishLedger.PricesOf(0));

        var first = ledger.Stamp(1);
        var second = ledger.Stamp(1);

        (first.Sequence, second.Sequence, ledger.LastSequence).Should().Be((1, 2, 2));
        ledger.Current(1).Should().Be((second.BidCents, second.AskCents));
        var index = ledger.IndexOf(Encoding.UTF8.GetBytes("KXB-2"));
        index.Should().Be(1);
        ledger.TryFind(index, first.BidCents, first.AskCents, out var sequence, out var timestamp).Should().BeTrue();
        (sequence, timestamp).Should().Be((1, first.Timestamp));
        ledger.TryFind(0, first.BidCents, first.AskCents, out _, out _).Should().BeFalse("that market never had that quote");
        ledger.IndexOf("KXC-3"u8).Should().Be(-1);
        second.Bid.Should().Be(second.BidCents / 100m);
    }

    [Fact]
    public void Duplicate_tickers_are_refused()
    {
        var create = () => new PublishLedger(["KXA-1", "KXA-1"]);

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_window_counts_publishes_between_its_open_and_close()
    {
        var window = new MeasurementWindow();
        window.Contains(1).Should().BeFalse();
        window.Open(5);
        window.Contains(5).Should().BeTrue("open until closed");
        window.Count.Should().Be(0);

        window.Close(15);

        (window.IsClosed, window.Count).Should().Be((true, 10));
        window.Contains(4).Should().BeFalse();
        window.Contains(14).Should().BeTrue();
        window.Contains(15).Should().BeFalse();
    }
}
