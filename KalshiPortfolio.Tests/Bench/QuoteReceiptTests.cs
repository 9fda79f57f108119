using System.Text;
using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.WebSockets;
using KalshiPortfolio.Web.Streaming;

namespace KalshiPortfolio.Tests.Bench;

/// <summary>The bench reads quotes out of the app's real SSE payloads and the simulator's real ticker frames.</summary>
[Trait("Category", "Unit")]
public sealed class QuoteReceiptTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_the_apps_position_update()
    {
        var quote = MarketQuote.Create("KXTEST-26DEC31-A", 0.41m, 0.44m, 0.42m, Now);
        var state = PositionState.Create(new PositionUpdate { Ticker = "KXTEST-26DEC31-A", Position = -10, Cost = 5m, UpdatedAt = Now }, quote, MarkMethod.Liquidation);
        var data = SseEventSerializer.Serialize(new PositionUpdatedEvent(state) { At = Now });

        var kind = QuoteReceipt.Read(data, out var ticker, out var bid, out var ask);

        kind.Should().Be(ReceiptKind.PositionUpdate);
        Encoding.UTF8.GetString(ticker).Should().Be("KXTEST-26DEC31-A");
        (bid, ask).Should().Be((41, 44));
    }

    [Fact]
    public void Reads_the_simulators_ticker_frame_as_the_floor_relays_it()
    {
        var market = MarketCatalogue.Load(Now)[3];
        market.Quote = new Quote(0.07m, 12, 0.10m, 3);
        var frame = WsWire.Envelope(WsWire.TickerPrefix, 4, WsWire.TickerBody(market, Now));

        var kind = QuoteReceipt.Read(frame, out var ticker, out var bid, out var ask);

        kind.Should().Be(ReceiptKind.Ticker);
        Encoding.UTF8.GetString(ticker).Should().Be(market.Ticker);
        (bid, ask).Should().Be((7, 10));
    }

    [Fact]
    public void Other_events_and_quotes_without_prices_are_not_receipts()
    {
        var snapshot = SseEventSerializer.Serialize(new PortfolioUpdatedEvent(new PortfolioView(new PositionTracker().GetPortfolio(), TodayPnl.Zero)) { At = Now });
        var unmarked = PositionState.Create(new PositionUpdate { Ticker = "KXTEST-26DEC31-B", Position = 3, Cost = 1m, UpdatedAt = Now }, null, MarkMethod.Liquidation);
        var noQuote = SseEventSerializer.Serialize(new PositionUpdatedEvent(unmarked) { At = Now });

        QuoteReceipt.Read(snapshot, out _, out _, out _).Should().Be(ReceiptKind.Other);
        QuoteReceipt.Read(noQuote, out _, out _, out _).Should().Be(ReceiptKind.Other, "yes_bid_dollars is null");
        QuoteReceipt.Read("{\"id\":1,\"type\":\"subscribed\",\"msg\":{\"channel\":\"ticker\",\"sid\":1}}"u8, out _, out _, out _).Should().Be(ReceiptKind.Other);
        QuoteReceipt.Read(""u8, out _, out _, out _).Should().Be(ReceiptKind.Other);
    }

    [Theory]
    [InlineData("0.41", 41)]
    [InlineData("0.4100", 41)]
    [InlineData("0.4", 40)]
    [InlineData("0.05", 5)]
    [InlineData("1", 100)]
    [InlineData("12.34", 1234)]
    [InlineData("0.415", -1)]
    [InlineData("0.4150", -1)]
    [InlineData("", -1)]
    [InlineData(".41", -1)]
    [InlineData("0.4a", -1)]
    [InlineData("-0.41", -1)]
    public void Parses_fixed_point_dollars_in_whole_cents(string text, int cents)
    {
        QuoteReceipt.ParseCents(Encoding.ASCII.GetBytes(text)).Should().Be(cents);
    }
}
