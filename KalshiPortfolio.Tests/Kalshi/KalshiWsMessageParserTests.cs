using System.Text;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiWsMessageParserTests
{
    private const string Lep = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";

    // §5.4–5.6 of the reference: Kalshi's documented examples.
    private const string DocTicker = """
        {"type":"ticker","sid":11,"msg":{"market_ticker":"FED-23DEC-T3.00","market_id":"9b0f6b43-5b68-4f9f-9f02-a2a3b5e1c6f0",
         "price_dollars":"0.480","yes_bid_dollars":"0.450","yes_ask_dollars":"0.530",
         "yes_bid_size_fp":"300.00","yes_ask_size_fp":"150.00","last_trade_size_fp":"25.00",
         "volume_fp":"33896.00","open_interest_fp":"20422.00","dollar_volume":16948,"dollar_open_interest":10211,
         "ts":1669149841,"ts_ms":1669149841000,"time":"2022-11-22T20:44:01Z"}}
        """;

    private const string DocFill = """
        {"type":"fill","sid":13,"msg":{"trade_id":"d91bc706-ee49-470d-82d8-11418bda6fed","order_id":"ee587a1c-8b87-4dcf-b721-9f6f790619fa",
         "market_ticker":"HIGHNY-22DEC23-B53.5","exchange_index":2,"is_taker":true,"side":"yes","action":"buy",
         "yes_price_dollars":"0.750","count_fp":"278.00","fee_cost":"0.0100",
         "outcome_side":"yes","book_side":"bid","purchased_side":"yes","post_position_fp":"500.00",
         "ts":1671899397,"ts_ms":1671899397000,"client_order_id":"my-order-1","subaccount":3}}
        """;

    private const string DocMarketPosition = """
        {"type":"market_position","sid":14,"msg":{"user_id":"user123","market_ticker":"FED-23DEC-T3.00",
         "position_fp":"100.00","position_cost_dollars":"50.0000","realized_pnl_dollars":"10.0000",
         "fees_paid_dollars":"1.0000","position_fee_cost_dollars":"0.5000","volume_fp":"15.00","subaccount":0}}
        """;

    [Theory]
    [InlineData("ws__orderbook_trade_yes", 5)]
    [InlineData("ws__orderbook_trade_noleg", 7)]
    public void Recorded_frames_parse_into_one_ack_per_channel_then_book_frames(string capture, int frameCount)
    {
        var frames = KalshiCaptures.Frames(capture);
        frames.Should().HaveCount(frameCount);

        var messages = frames.Select(f => KalshiWsMessageParser.Parse(f)).ToList();

        messages[0].Should().Be(new KalshiWsSubscribed(1, "orderbook_delta", 1));
        messages[1].Should().Be(new KalshiWsSubscribed(1, "trade", 2));
        messages[2].Should().Be(new KalshiWsUnknown("orderbook_snapshot", 1, 1));
        messages.Skip(3).Should().Equal(Enumerable.Range(2, frameCount - 3).Select(seq => (KalshiWsMessage)new KalshiWsUnknown("orderbook_delta", 1, seq)));
        frames.Select(f => KalshiWsMessageParser.Parse(Encoding.UTF8.GetBytes(f))).Should().Equal(messages, "the UTF-8 and string overloads agree");
    }

    [Fact]
    public void Documented_ticker_parses_with_ts_ms_and_quotes()
    {
        var ticker = KalshiWsMessageParser.Parse(DocTicker).Should().BeOfType<KalshiWsTicker>().Subject;

        ticker.Sid.Should().Be(11);
        ticker.Seq.Should().BeNull("ticker messages carry no seq");
        ticker.MarketTicker.Should().Be("FED-23DEC-T3.00");
        ticker.MarketId.Should().Be("9b0f6b43-5b68-4f9f-9f02-a2a3b5e1c6f0");
        (ticker.Price, ticker.YesBid, ticker.YesAsk).Should().Be((0.48m, 0.45m, 0.53m));
        (ticker.YesBidSize, ticker.YesAskSize, ticker.LastTradeSize).Should().Be((300m, 150m, 25m));
        (ticker.Volume, ticker.OpenInterest, ticker.DollarVolume, ticker.DollarOpenInterest).Should().Be((33896m, 20422m, 16948L, 10211L));
        ticker.Timestamp.Should().Be(new DateTimeOffset(2022, 11, 22, 20, 44, 1, TimeSpan.Zero));

        var quote = ticker.ToQuote();
        (quote.Ticker, quote.YesBid, quote.YesAsk, quote.LastPrice, quote.NoBid, quote.NoAsk).Should().Be(("FED-23DEC-T3.00", 0.45m, 0.53m, 0.48m, 0.47m, 0.55m));
        quote.Timestamp.Should().Be(ticker.Timestamp!.Value);
    }

    [Fact]
    public void Ticker_time_prefers_ts_ms_then_ts_then_time()
    {
        Ts("\"ts\":1669149841,\"ts_ms\":1669149841250,\"time\":\"2000-01-01T00:00:00Z\"").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1669149841250));
        Ts("\"ts\":1669149841,\"time\":\"2000-01-01T00:00:00Z\"").Should().Be(DateTimeOffset.FromUnixTimeSeconds(1669149841));
        Ts("\"time\":\"2022-11-22T20:44:01Z\"").Should().Be(new DateTimeOffset(2022, 11, 22, 20, 44, 1, TimeSpan.Zero));
        Ts(string.Empty).Should().BeNull();

        static DateTimeOffset? Ts(string fields) =>
            ((KalshiWsTicker)KalshiWsMessageParser.Parse($"{{\"type\":\"ticker\",\"sid\":1,\"msg\":{{\"market_ticker\":\"T\"{(fields.Length > 0 ? "," : "")}{fields}}}}}")).Timestamp;
    }

    [Fact]
    public void Legacy_ticker_prices_are_integer_cents()
    {
        var ticker = (KalshiWsTicker)KalshiWsMessageParser.Parse(
            """{"type":"ticker","sid":11,"msg":{"market_ticker":"FED-23DEC-T3.00","price":48,"yes_bid":45,"yes_ask":53,"volume":33896,"open_interest":20422,"ts":1669149841}}""");

        (ticker.Price, ticker.YesBid, ticker.YesAsk, ticker.Volume, ticker.OpenInterest).Should().Be((0.48m, 0.45m, 0.53m, 33896m, 20422m));
        ticker.ToQuote().YesBid.Should().Be(0.45m);
    }

    [Fact]
    public void Ticker_numbers_sent_as_json_numbers_are_accepted()
    {
        var ticker = (KalshiWsTicker)KalshiWsMessageParser.Parse(
            """{"type":"ticker","sid":1,"msg":{"market_ticker":"T","price_dollars":0.48,"yes_bid_dollars":0.0175,"yes_ask_dollars":0.53,"yes_bid_size_fp":0.5,"ts_ms":"1669149841000"}}""");

        (ticker.Price, ticker.YesBid, ticker.YesAsk, ticker.YesBidSize).Should().Be((0.48m, 0.0175m, 0.53m, 0.5m));
        ticker.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1669149841000));
    }

    [Fact]
    public void Ticker_empty_side_becomes_a_null_quote_side_and_a_missing_time_needs_the_receive_time()
    {
        var ticker = (KalshiWsTicker)KalshiWsMessageParser.Parse(
            """{"type":"ticker","sid":1,"msg":{"market_ticker":"T","price_dollars":"0.0000","yes_bid_dollars":"0.4700","yes_bid_size_fp":"3.00","yes_ask_dollars":"1.0000","yes_ask_size_fp":"0.00"}}""");
        var receivedAt = new DateTimeOffset(2026, 6, 11, 6, 31, 0, TimeSpan.Zero);

        var quote = ticker.ToQuote(receivedAt);

        (quote.YesBid, quote.YesAsk, quote.LastPrice, quote.Timestamp).Should().Be((0.47m, (decimal?)null, (decimal?)null, receivedAt));
        FluentActions.Invoking(() => ticker.ToQuote()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Documented_fill_parses()
    {
        var fill = KalshiWsMessageParser.Parse(DocFill).Should().BeOfType<KalshiWsFill>().Subject;

        fill.Sid.Should().Be(13);
        fill.TradeId.Should().Be("d91bc706-ee49-470d-82d8-11418bda6fed");
        fill.OrderId.Should().Be("ee587a1c-8b87-4dcf-b721-9f6f790619fa");
        fill.MarketTicker.Should().Be("HIGHNY-22DEC23-B53.5");
        (fill.IsTaker, fill.OutcomeSide, fill.BookSide, fill.Side, fill.Action).Should().Be((true, "yes", "bid", "yes", "buy"));
        (fill.YesPrice, fill.Count, fill.FeeCost, fill.PostPosition).Should().Be((0.75m, 278m, 0.01m, 500m));
        (fill.ClientOrderId, fill.Subaccount).Should().Be(("my-order-1", 3));
        fill.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1671899397000));
    }

    [Fact]
    public void Legacy_fill_uses_integer_cents_and_counts()
    {
        var fill = (KalshiWsFill)KalshiWsMessageParser.Parse(
            """{"type":"fill","sid":13,"msg":{"trade_id":"t","order_id":"o","market_ticker":"M","is_taker":false,"side":"no","action":"sell","yes_price":75,"count":278,"post_position":-500,"ts":1671899397}}""");

        (fill.YesPrice, fill.Count, fill.PostPosition, fill.FeeCost).Should().Be((0.75m, 278m, -500m, (decimal?)null));
        (fill.OutcomeSide, fill.Action).Should().Be(("no", "sell"));
        fill.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1671899397));
    }

    [Fact]
    public void Documented_market_position_parses_in_dollars()
    {
        var position = KalshiWsMessageParser.Parse(DocMarketPosition).Should().BeOfType<KalshiWsMarketPosition>().Subject;

        position.Sid.Should().Be(14);
        (position.MarketTicker, position.UserId, position.Subaccount).Should().Be(("FED-23DEC-T3.00", "user123", 0));
        (position.Position, position.PositionCost, position.RealizedPnl, position.FeesPaid, position.PositionFeeCost, position.Volume)
            .Should().Be((100m, 50m, 10m, 1m, 0.5m, 15m));
    }

    [Fact]
    public void Legacy_market_position_money_is_centi_cents()
    {
        var position = (KalshiWsMarketPosition)KalshiWsMessageParser.Parse(
            """{"type":"market_position","sid":14,"msg":{"user_id":"user123","market_ticker":"FED-23DEC-T3.00","position":100,"position_cost":500000,"realized_pnl":100000,"fees_paid":10000,"position_fee_cost":5000,"volume":15}}""");

        (position.Position, position.PositionCost, position.RealizedPnl, position.FeesPaid, position.PositionFeeCost, position.Volume)
            .Should().Be((100m, 50.00m, 10.00m, 1.00m, 0.50m, 15m));
    }

    [Fact]
    public void Market_position_prefers_dollar_fields_over_legacy_centi_cents()
    {
        var position = (KalshiWsMarketPosition)KalshiWsMessageParser.Parse(
            """{"type":"market_position","sid":14,"msg":{"market_ticker":"M","position_fp":"-2.00","position":-9,"position_cost_dollars":"0.5400","position_cost":999999}}""");

        (position.Position, position.PositionCost).Should().Be((-2m, 0.54m));
    }

    [Fact]
    public void Trade_parses_current_and_legacy_fields()
    {
        var current = (KalshiWsTrade)KalshiWsMessageParser.Parse(
            """{"type":"trade","sid":2,"seq":9,"msg":{"trade_id":"56932642","market_ticker":"KXPGATOUR-USO26-JDAY","yes_price_dollars":"0.0300","no_price_dollars":"0.9700","count_fp":"7.77","taker_side":"yes","taker_outcome_side":"yes","taker_book_side":"bid","ts":1781538522,"ts_ms":1781538522609}}""");
        var legacy = (KalshiWsTrade)KalshiWsMessageParser.Parse(
            """{"type":"trade","sid":2,"msg":{"trade_id":"x","market_ticker":"M","yes_price":36,"no_price":64,"count":136,"taker_side":"no","ts":1669149841}}""");

        (current.Sid, current.Seq, current.TradeId, current.MarketTicker).Should().Be((2L, 9L, "56932642", "KXPGATOUR-USO26-JDAY"));
        (current.YesPrice, current.NoPrice, current.Count, current.TakerOutcomeSide, current.TakerBookSide).Should().Be((0.03m, 0.97m, 7.77m, "yes", "bid"));
        current.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1781538522609));
        (legacy.YesPrice, legacy.NoPrice, legacy.Count, legacy.TakerOutcomeSide).Should().Be((0.36m, 0.64m, 136m, "no"));
    }

    [Fact]
    public void Control_replies_parse()
    {
        KalshiWsMessageParser.Parse("""{"id":102,"sid":2,"seq":7,"type":"unsubscribed"}""")
            .Should().Be(new KalshiWsUnsubscribed(102, 2, 7));
        KalshiWsMessageParser.Parse("""{"id":123,"type":"error","msg":{"code":6,"msg":"Already subscribed"}}""")
            .Should().Be(new KalshiWsError(123, 6, "Already subscribed"));

        var updated = KalshiWsMessageParser.Parse("""{"id":123,"sid":456,"seq":222,"type":"ok","msg":{"market_tickers":["A","B"]}}""")
            .Should().BeOfType<KalshiWsOk>().Subject;
        (updated.Id, updated.Sid, updated.Seq).Should().Be((123L, 456L, 222L));
        updated.MarketTickers.Should().Equal("A", "B");

        var listed = KalshiWsMessageParser.Parse("""{"id":3,"type":"ok","msg":[{"channel":"ticker","sid":2},{"channel":"fill","sid":5}]}""")
            .Should().BeOfType<KalshiWsOk>().Subject;
        listed.Subscriptions.Should().Equal(new KalshiWsSubscription("ticker", 2), new KalshiWsSubscription("fill", 5));
        listed.MarketTickers.Should().BeEmpty();
    }

    [Fact]
    public void Other_message_types_are_unknown_with_their_sid_and_seq()
    {
        KalshiWsMessageParser.Parse("""{"type":"user_order","sid":4,"seq":12,"msg":{"order_id":"o"}}""")
            .Should().Be(new KalshiWsUnknown("user_order", 4, 12));
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("", null, "empty")]
    [InlineData("   ", null, "not valid JSON")]
    [InlineData("[1,2]", null, "not a JSON object")]
    [InlineData("{\"msg\":{}}", null, "no 'type'")]
    [InlineData("{\"type\":\"ticker\",\"msg\":{}}", "ticker", "'market_ticker'")]
    [InlineData("{\"type\":\"ticker\"}", "ticker", "'msg'")]
    [InlineData("{\"type\":\"ticker\",\"msg\":{\"market_ticker\":\"X\",\"yes_bid_dollars\":\"abc\"}}", "ticker", "'yes_bid_dollars'")]
    [InlineData("{\"type\":\"ticker\",\"msg\":{\"market_ticker\":\"X\"", null, "not valid JSON")]
    [InlineData("{\"type\":\"ok\"} trailing", null, "not valid JSON")]
    [InlineData("{\"type\":\"subscribed\",\"msg\":{\"channel\":\"ticker\"}}", "subscribed", "'sid'")]
    [InlineData("{\"type\":\"fill\",\"msg\":{\"trade_id\":\"t\",\"market_ticker\":\"X\"}}", "fill", "'count_fp'")]
    [InlineData("{\"type\":\"market_position\",\"msg\":{\"market_ticker\":\"X\"}}", "market_position", "'position_fp'")]
    [InlineData("{\"type\":\"ticker\",\"sid\":\"one\",\"msg\":{\"market_ticker\":\"X\"}}", "ticker", "'sid'")]
    public void Garbled_frames_become_malformed_results_instead_of_exceptions(string frame, string? frameType, string reasonPart)
    {
        var message = KalshiWsMessageParser.Parse(frame).Should().BeOfType<KalshiWsMalformed>().Subject;

        message.FrameType.Should().Be(frameType);
        message.Reason.Should().Contain(reasonPart);
        message.Type.Should().Be("malformed");
    }

    [Fact]
    public void Invalid_utf8_and_random_bytes_never_throw()
    {
        KalshiWsMessageParser.Parse(new byte[] { 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D }).Should().BeOfType<KalshiWsMalformed>();
        KalshiWsMessageParser.Parse(ReadOnlySpan<byte>.Empty).Should().BeOfType<KalshiWsMalformed>();

        var random = new Random(20260611);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            KalshiWsMessageParser.Parse(bytes).Should().NotBeNull();
        }
    }

    [Fact]
    public void Every_truncation_of_real_frames_is_handled_without_throwing()
    {
        foreach (var frame in KalshiCaptures.Frames("ws__orderbook_trade_yes").Append(DocTicker).Append(DocFill).Append(DocMarketPosition))
        {
            for (var length = 0; length < frame.Length; length++)
            {
                var message = KalshiWsMessageParser.Parse(frame[..length]);
                message.Should().NotBeNull();
            }
        }
    }

    [Fact]
    public void Recorded_frames_name_the_recorded_market()
    {
        var frame = KalshiCaptures.Frames("ws__orderbook_trade_yes")[2];

        frame.Should().Contain(Lep);
        KalshiWsMessageParser.Parse(frame).Type.Should().Be("orderbook_snapshot");
    }
}
