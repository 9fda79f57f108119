using System.Text;
using System.Text.Json.Nodes;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>
/// Hostile numbers and strings in Kalshi's responses and frames (issue 15 item 4): every number is range-checked
/// where it is parsed, an unusable row is skipped and listed while the rest applies, and broken text is replaced.
/// REST cases mutate copies of the real captures.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KalshiInputLimitsTests
{
    private const string Lep = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";

    // ---- REST: positions --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("position_fp", "\"1000000000.01\"")]
    [InlineData("position_fp", "\"-1000000000.01\"")]
    [InlineData("position_fp", "\"79228162514264337593543950335\"")]
    [InlineData("position_fp", "\"1e30\"")]
    [InlineData("position_fp", "1e400")]
    [InlineData("position_fp", "\"NaN\"")]
    [InlineData("position_fp", "\"Infinity\"")]
    [InlineData("position_fp", "\"-Infinity\"")]
    [InlineData("position_fp", "\"3 contracts\"")]
    [InlineData("position_fp", "true")]
    [InlineData("market_exposure_dollars", "\"1000000000000.000001\"")]
    [InlineData("market_exposure_dollars", "\"NaN\"")]
    [InlineData("realized_pnl_dollars", "\"-1e13\"")]
    [InlineData("fees_paid_dollars", "\"7.9e28\"")]
    [InlineData("total_traded_dollars", "{}")]
    [InlineData("last_updated_ts", "\"3000-01-01T00:00:00Z\"")]
    [InlineData("last_updated_ts", "\"1969-12-31T23:59:59Z\"")]
    [InlineData("last_updated_ts", "99999999999999")]
    [InlineData("ticker", "null")]
    [InlineData("ticker", "\"\"")]
    public void A_position_row_with_one_unusable_field_is_skipped_while_the_other_rows_apply(string field, string json)
    {
        var body = PositionsWithThreeRows(rows => rows[1]![field] = JsonNode.Parse(json));

        var page = KalshiResponseParser.ParsePositionsPage(body);

        page.MarketPositions.Select(p => p.Ticker).Should().Equal("A-1", "C-3");
        page.MarketPositions.Should().AllSatisfy(p => (p.Position, p.MarketExposure).Should().Be((3m, 2.5m), "the capture's figures"));
        page.EventPositions.Should().ContainSingle("the event row is untouched");
        var skipped = page.Skipped.Should().ContainSingle().Subject;
        skipped.Kind.Should().Be(KalshiInputKind.MarketPosition);
        skipped.Context.Should().Be("positions response market_positions[1]");
        skipped.Key.Should().Be(field == "ticker" ? null : "B-2", "the ticker is kept when it can be read");
        skipped.Detail.Should().Contain($"'{field}'");
    }

    [Theory]
    [InlineData("position_fp", "\"1000000000.01\"", KalshiInputProblem.OutOfRange)]
    [InlineData("position_fp", "\"NaN\"", KalshiInputProblem.WrongType)]
    [InlineData("ticker", "null", KalshiInputProblem.Missing)]
    public void A_skipped_row_says_why(string field, string json, KalshiInputProblem reason)
    {
        var page = KalshiResponseParser.ParsePositionsPage(PositionsWithThreeRows(rows => rows[1]![field] = JsonNode.Parse(json)));

        page.Skipped.Should().ContainSingle().Which.Reason.Should().Be(reason);
    }

    [Fact]
    public void The_limits_themselves_are_accepted()
    {
        var page = KalshiResponseParser.ParsePositionsPage(PositionsWithThreeRows(rows =>
        {
            rows[0]!["position_fp"] = "1000000000.00";
            rows[0]!["market_exposure_dollars"] = "1000000000000";
            rows[1]!["position_fp"] = "-1000000000";
            rows[1]!["realized_pnl_dollars"] = "-1000000000000";
            rows[2]!["last_updated_ts"] = "1970-01-01T00:00:00Z";
        }));

        page.Skipped.Should().BeEmpty();
        page.MarketPositions.Select(p => p.Position).Should().Equal(KalshiInputLimits.MaxCount, -KalshiInputLimits.MaxCount, 3m);
        page.MarketPositions[0].MarketExposure.Should().Be(KalshiInputLimits.MaxMoney);
    }

    [Fact]
    public void Legacy_integer_fields_are_range_checked_too()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"market_positions":[
              {"ticker":"A","position":3,"market_exposure":250},
              {"ticker":"B","position":3,"market_exposure":100000000000001},
              {"ticker":"C","position":-1000000001,"market_exposure":250}],"cursor":""}
            """);

        var page = KalshiResponseParser.ParsePositionsPage(body);

        page.MarketPositions.Should().ContainSingle().Which.MarketExposure.Should().Be(2.50m);
        page.Skipped.Select(s => (s.Key, s.Reason)).Should().Equal(("B", KalshiInputProblem.OutOfRange), ("C", KalshiInputProblem.OutOfRange));
        page.Skipped[0].Detail.Should().Contain("'market_exposure'", "the field actually read is named");
    }

    [Fact]
    public void A_row_that_is_not_an_object_is_skipped_without_a_key()
    {
        var page = KalshiResponseParser.ParsePositionsPage(PositionsWithThreeRows(rows => rows[1] = JsonValue.Create("oops")));

        page.MarketPositions.Should().HaveCount(2);
        var skipped = page.Skipped.Should().ContainSingle().Subject;
        (skipped.Key, skipped.Reason).Should().Be(((string?)null, KalshiInputProblem.NotAnObject));
    }

    [Fact]
    public void A_bad_event_row_is_skipped_with_its_event_ticker_and_the_market_rows_still_apply()
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("portfolio__positions"))!;
        root["event_positions"]![0]!["total_cost_dollars"] = "NaN";

        var page = KalshiResponseParser.ParsePositionsPage(Encoding.UTF8.GetBytes(root.ToJsonString()));

        page.MarketPositions.Should().ContainSingle().Which.Ticker.Should().Be(Lep);
        page.EventPositions.Should().BeEmpty();
        page.Skipped.Should().ContainSingle().Which.Should().Match<KalshiSkippedInput>(s =>
            s.Kind == KalshiInputKind.EventPosition && s.Key == "KXWTACHALLENGERMATCH-26JUN11JIMLEP");
    }

    [Fact]
    public void A_broken_response_field_outside_the_rows_is_still_a_protocol_error()
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("portfolio__positions"))!;
        root["market_positions"] = "not a list";

        var act = () => KalshiResponseParser.ParsePositionsPage(Encoding.UTF8.GetBytes(root.ToJsonString()));

        act.Should().Throw<KalshiProtocolException>().WithMessage("*'market_positions'*");
    }

    // ---- REST: balance, markets, fills, settlements -----------------------------------------------------------

    [Theory]
    [InlineData("balance_dollars", "\"1000000000000.01\"")]
    [InlineData("balance_dollars", "\"NaN\"")]
    [InlineData("portfolio_value", "100000000000001")]
    [InlineData("updated_ts", "32503680000")]
    public void A_balance_out_of_range_is_a_protocol_error_naming_the_field(string field, string json)
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("auth__balance_ok"))!;
        root[field] = JsonNode.Parse(json);

        var act = () => KalshiResponseParser.ParseBalance(Encoding.UTF8.GetBytes(root.ToJsonString()));

        act.Should().Throw<KalshiProtocolException>().WithMessage($"*'{field}'*");
    }

    [Theory]
    [InlineData("yes_bid_dollars", "\"1.0001\"")]
    [InlineData("yes_ask_dollars", "\"-0.01\"")]
    [InlineData("no_bid_dollars", "\"Infinity\"")]
    [InlineData("last_price_dollars", "\"2\"")]
    [InlineData("yes_bid_size_fp", "\"1e10\"")]
    [InlineData("volume_fp", "\"-1.00\"")]
    [InlineData("open_interest_fp", "\"1000000000000.01\"")]
    [InlineData("close_time", "\"3000-06-01T00:00:00Z\"")]
    [InlineData("ticker", "null")]
    public void A_market_with_an_unusable_number_is_skipped_from_its_page(string field, string json)
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("markets__page1"))!;
        var markets = root["markets"]!.AsArray();
        var victim = markets[2]!["ticker"]!.GetValue<string>();
        markets[2]![field] = JsonNode.Parse(json);

        var page = KalshiResponseParser.ParseMarketsPage(Encoding.UTF8.GetBytes(root.ToJsonString()));

        page.Items.Should().HaveCount(markets.Count - 1).And.NotContain(m => m.Ticker == victim);
        page.Cursor.Should().NotBeNull("the page's cursor still applies");
        var skipped = page.Skipped.Should().ContainSingle().Subject;
        (skipped.Kind, skipped.Key).Should().Be((KalshiInputKind.Market, field == "ticker" ? null : victim));
    }

    [Fact]
    public void Legacy_prices_above_100_cents_are_out_of_range()
    {
        var page = KalshiResponseParser.ParseMarketsPage(Encoding.UTF8.GetBytes("""
            {"markets":[{"ticker":"A","yes_bid":47,"yes_ask":53},{"ticker":"B","yes_bid":47,"yes_ask":101},{"ticker":"C","yes_bid":0,"yes_ask":100}]}
            """));

        page.Items.Select(m => m.Ticker).Should().Equal("A", "C");
        page.Skipped.Should().ContainSingle().Which.Detail.Should().Contain("'yes_ask'").And.Contain("[0, 100] cents");
    }

    [Fact]
    public void A_single_market_out_of_range_is_a_protocol_error()
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("markets__single"))!;
        root["market"]!["yes_bid_dollars"] = "1e6";

        var act = () => KalshiResponseParser.ParseMarket(Encoding.UTF8.GetBytes(root.ToJsonString()));

        act.Should().Throw<KalshiProtocolException>().WithMessage("*'yes_bid_dollars' is out of range*");
    }

    [Theory]
    [InlineData("count_fp", "\"1000000001.00\"")]
    [InlineData("yes_price_dollars", "\"5.2\"")]
    [InlineData("fee_cost", "\"NaN\"")]
    [InlineData("created_time", "\"0001-01-01T00:00:00Z\"")]
    public void A_fill_with_an_unusable_number_is_skipped_with_its_ticker(string field, string json)
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("fills__after_taker"))!;
        var fills = root["fills"]!.AsArray();
        fills[0]![field] = JsonNode.Parse(json);

        var page = KalshiResponseParser.ParseFillsPage(Encoding.UTF8.GetBytes(root.ToJsonString()));

        page.Items.Should().HaveCount(fills.Count - 1);
        page.Skipped.Should().ContainSingle().Which.Should().Match<KalshiSkippedInput>(s => s.Kind == KalshiInputKind.Fill && s.Key == Lep);
    }

    [Fact]
    public void A_settlement_with_an_unusable_number_is_skipped()
    {
        var page = KalshiResponseParser.ParseSettlementsPage(Encoding.UTF8.GetBytes("""
            {"settlements":[
              {"ticker":"A","market_result":"yes","yes_count_fp":"10.00","yes_total_cost_dollars":"5.0000","revenue":1000,"value":100},
              {"ticker":"B","market_result":"yes","yes_count_fp":"10.00","yes_total_cost_dollars":"5.0000","revenue":1e20,"value":100},
              {"ticker":"C","market_result":"yes","yes_count_fp":"10.00","revenue":1000,"value":250}],"cursor":""}
            """));

        page.Items.Should().ContainSingle().Which.Revenue.Should().Be(10m);
        page.Skipped.Select(s => (s.Kind, s.Key)).Should().Equal((KalshiInputKind.Settlement, "B"), (KalshiInputKind.Settlement, "C"));
    }

    // ---- strings ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("\\ud800\\u0041")]
    public void A_lone_surrogate_in_a_rest_body_is_replaced_not_fatal(string escaped)
    {
        var text = KalshiCaptures.Text("markets__single").Replace("\"title\":\"", $"\"title\":\"{escaped}", StringComparison.Ordinal);
        text.Should().Contain(escaped, "the mutation applied");

        var market = KalshiResponseParser.ParseMarket(Encoding.UTF8.GetBytes(text));

        market.Title.Should().StartWith("\uFFFD");
        market.Title!.Where(char.IsSurrogate).Should().BeEmpty("no lone surrogate survives");
    }

    [Fact]
    public void A_lone_surrogate_in_a_ticker_keeps_the_row_with_a_replacement_character()
    {
        var page = KalshiResponseParser.ParsePositionsPage(Encoding.UTF8.GetBytes("""
            {"market_positions":[{"ticker":"A\ud800B","position_fp":"1.00","market_exposure_dollars":"0.50"}],"cursor":""}
            """));

        page.MarketPositions.Should().ContainSingle().Which.Ticker.Should().Be("A\uFFFDB");
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_replaced_not_fatal()
    {
        var prefix = Encoding.UTF8.GetBytes("""{"market":{"ticker":"T","title":"a""");
        var suffix = Encoding.UTF8.GetBytes("""b"}}""");
        byte[] body = [.. prefix, 0xED, 0xA0, 0x80, 0xFF, .. suffix];

        var market = KalshiResponseParser.ParseMarket(body);

        market.Title.Should().StartWith("a").And.EndWith("b").And.Contain("\uFFFD");
    }

    [Fact]
    public void Escapes_next_to_a_lone_surrogate_are_decoded_as_the_reader_would()
    {
        var market = KalshiResponseParser.ParseMarket(Encoding.UTF8.GetBytes("""
            {"market":{"ticker":"T","title":"\"q\" \\ \/ \n\t \u00e9 \ud83d\ude00 \ud800"}}
            """));

        market.Title.Should().Be("\"q\" \\ / \n\t é 😀 \uFFFD");
    }

    [Fact]
    public void A_lone_surrogate_in_an_error_body_is_replaced()
    {
        var error = KalshiErrorParser.TryParse(Encoding.UTF8.GetBytes("""{"error":{"code":"x","message":"bad \udfff thing"}}"""));

        error!.Message.Should().Be("bad \uFFFD thing");
    }

    // ---- WebSocket ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("position_fp", "\"1e12\"")]
    [InlineData("position_fp", "\"NaN\"")]
    [InlineData("position_cost_dollars", "\"7.9e28\"")]
    [InlineData("realized_pnl_dollars", "\"-1000000000001\"")]
    [InlineData("volume_fp", "\"-5\"")]
    public void A_market_position_frame_out_of_range_is_malformed_naming_its_ticker(string field, string json)
    {
        var frame = JsonNode.Parse("""
            {"type":"market_position","sid":14,"msg":{"user_id":"user123","market_ticker":"FED-23DEC-T3.00",
             "position_fp":"100.00","position_cost_dollars":"50.0000","realized_pnl_dollars":"10.0000",
             "fees_paid_dollars":"1.0000","position_fee_cost_dollars":"0.5000","volume_fp":"15.00","subaccount":0}}
            """)!;
        frame["msg"]![field] = JsonNode.Parse(json);

        var message = KalshiWsMessageParser.Parse(frame.ToJsonString());

        var malformed = message.Should().BeOfType<KalshiWsMalformed>().Subject;
        malformed.FrameType.Should().Be("market_position");
        malformed.Reason.Should().Contain($"'{field}'");
        malformed.Skipped.Should().NotBeNull();
        malformed.Skipped!.Kind.Should().Be(KalshiInputKind.MarketPosition);
        malformed.Skipped.Key.Should().Be("FED-23DEC-T3.00");
    }

    [Theory]
    [InlineData("price_dollars", "\"1.5\"")]
    [InlineData("yes_bid_dollars", "\"-0.1\"")]
    [InlineData("yes_bid_size_fp", "\"Infinity\"")]
    [InlineData("volume_fp", "\"1e13\"")]
    [InlineData("dollar_volume", "-1")]
    [InlineData("ts_ms", "99999999999999999")]
    public void A_ticker_frame_out_of_range_is_malformed_naming_its_market(string field, string json)
    {
        var frame = JsonNode.Parse("""
            {"type":"ticker","sid":11,"msg":{"market_ticker":"FED-23DEC-T3.00","price_dollars":"0.480",
             "yes_bid_dollars":"0.450","yes_ask_dollars":"0.530","yes_bid_size_fp":"300.00","yes_ask_size_fp":"150.00",
             "volume_fp":"33896.00","open_interest_fp":"20422.00","dollar_volume":16948,"ts":1669149841}}
            """)!;
        frame["msg"]![field] = JsonNode.Parse(json);

        var malformed = KalshiWsMessageParser.Parse(frame.ToJsonString()).Should().BeOfType<KalshiWsMalformed>().Subject;

        var skipped = malformed.Skipped!;
        (skipped.Kind, skipped.Key, skipped.Context).Should().Be((KalshiInputKind.Ticker, "FED-23DEC-T3.00", "ticker frame"));
        skipped.Detail.Should().Contain($"'{field}'");
    }

    [Theory]
    [InlineData("fill", """{"type":"fill","sid":13,"msg":{"trade_id":"t","market_ticker":"M","yes_price_dollars":"7.5","count_fp":"1.00"}}""", KalshiInputKind.Fill)]
    [InlineData("trade", """{"type":"trade","sid":2,"msg":{"market_ticker":"M","yes_price_dollars":"0.5","count_fp":"NaN"}}""", KalshiInputKind.Trade)]
    public void Fill_and_trade_frames_are_range_checked(string type, string frame, KalshiInputKind kind)
    {
        var malformed = KalshiWsMessageParser.Parse(frame).Should().BeOfType<KalshiWsMalformed>().Subject;

        malformed.FrameType.Should().Be(type);
        (malformed.Skipped!.Kind, malformed.Skipped.Key).Should().Be((kind, "M"));
    }

    [Fact]
    public void A_frame_without_a_market_ticker_is_skipped_without_a_key()
    {
        var malformed = KalshiWsMessageParser.Parse("""{"type":"market_position","sid":1,"msg":{"market_ticker":null,"position_fp":"1.00"}}""")
            .Should().BeOfType<KalshiWsMalformed>().Subject;

        (malformed.Skipped!.Key, malformed.Skipped.Reason).Should().Be(((string?)null, KalshiInputProblem.Missing));
    }

    [Fact]
    public void A_frame_that_is_not_json_has_no_skipped_item()
    {
        KalshiWsMessageParser.Parse("{not json").Should().BeOfType<KalshiWsMalformed>().Which.Skipped.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"type":"ticker","sid":1,"msg":{"market_ticker":"T\ud800","yes_bid_dollars":"0.40","ts":1669149841}}""")]
    [InlineData("""{"type":"ticker","sid":1,"msg":{"market_ticker":"T\udc00","yes_bid_dollars":"0.40","ts":1669149841}}""")]
    public void A_lone_surrogate_escaped_in_a_frame_is_replaced_not_fatal(string frame)
    {
        var ticker = KalshiWsMessageParser.Parse(frame).Should().BeOfType<KalshiWsTicker>().Subject;

        ticker.MarketTicker.Should().Be("T\uFFFD");
        ticker.YesBid.Should().Be(0.40m);
    }

    [Fact]
    public void A_lone_surrogate_char_in_a_frame_string_is_replaced_not_fatal()
    {
        var frame = "{\"type\":\"ticker\",\"sid\":1,\"msg\":{\"market_ticker\":\"T\ud800\",\"yes_bid_dollars\":\"0.40\",\"ts\":1669149841}}";

        KalshiWsMessageParser.Parse(frame).Should().BeOfType<KalshiWsTicker>().Which.MarketTicker.Should().Be("T\uFFFD");
    }

    private static byte[] PositionsWithThreeRows(Action<JsonArray> mutate)
    {
        var root = JsonNode.Parse(KalshiCaptures.Text("portfolio__positions"))!;
        var captured = root["market_positions"]![0]!;
        var rows = new JsonArray();
        foreach (var ticker in new[] { "A-1", "B-2", "C-3" })
        {
            var row = captured.DeepClone();
            row["ticker"] = ticker;
            rows.Add(row);
        }

        root["market_positions"] = rows;
        mutate(rows);
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
