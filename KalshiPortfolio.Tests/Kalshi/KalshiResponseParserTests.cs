using System.Text;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Json;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>Tolerant parsing of REST bodies: current strings, numbers, legacy integers, odd timestamps, missing fields.</summary>
[Trait("Category", "Unit")]
public sealed class KalshiResponseParserTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 6, 11, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Legacy_market_prices_are_integer_cents()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""
            {"market":{"ticker":"FED-23DEC-T3.00","yes_bid":47,"yes_ask":53,"no_bid":47,"no_ask":53,"last_price":48,
             "volume":33896,"volume_24h":120,"open_interest":20422,"settlement_value":100}}
            """));

        (market.YesBid, market.YesAsk, market.NoBid, market.NoAsk, market.LastPrice).Should().Be((0.47m, 0.53m, 0.47m, 0.53m, 0.48m));
        (market.Volume, market.Volume24h, market.OpenInterest).Should().Be((33896m, 120m, 20422m));
        market.SettlementValue.Should().Be(1.00m);
        market.YesBidSize.Should().BeNull("legacy markets carry no sizes");
        var quote = market.ToQuote(AsOf);
        (quote.YesBid, quote.YesAsk, quote.LastPrice).Should().Be((0.47m, 0.53m, 0.48m));
    }

    [Fact]
    public void Legacy_empty_book_sentinels_become_null_quote_sides()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""{"market":{"ticker":"T","yes_bid":0,"yes_ask":100,"last_price":0}}"""));

        (market.YesBid, market.YesAsk).Should().Be((0m, 1m));
        var quote = market.ToQuote(AsOf);
        (quote.YesBid, quote.YesAsk, quote.LastPrice).Should().Be(((decimal?)null, (decimal?)null, (decimal?)null));
    }

    [Fact]
    public void Dollar_strings_win_over_legacy_integers_when_both_are_present()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""{"market":{"ticker":"T","yes_bid_dollars":"0.4700","yes_bid":12,"last_price_dollars":"0.9900","last_price":1}}"""));
        var page = KalshiResponseParser.ParsePositionsPage(Json("""
            {"market_positions":[{"ticker":"T","position_fp":"3.00","position":9,"market_exposure_dollars":"2.500000","market_exposure":999}]}
            """));

        (market.YesBid, market.LastPrice).Should().Be((0.47m, 0.99m));
        (page.MarketPositions[0].Position, page.MarketPositions[0].MarketExposure).Should().Be((3m, 2.50m));
    }

    [Fact]
    public void Legacy_positions_are_integer_counts_and_cents_with_an_integer_timestamp()
    {
        var page = KalshiResponseParser.ParsePositionsPage(Json("""
            {"cursor":null,
             "market_positions":[{"ticker":"T","position":-4,"market_exposure":292,"realized_pnl":-12,"fees_paid":7,"total_traded":410,
                                  "resting_orders_count":2,"last_updated_ts":1781159370}],
             "event_positions":[{"event_ticker":"E","total_cost":410,"total_cost_shares":6,"event_exposure":292,"realized_pnl":-12,"fees_paid":7,"resting_order_count":1}]}
            """));

        var position = page.MarketPositions.Single();
        position.Position.Should().Be(-4m, "negative means NO contracts");
        position.MarketExposure.Should().Be(2.92m);
        position.RealizedPnl.Should().Be(-0.12m);
        position.FeesPaid.Should().Be(0.07m);
        position.TotalTraded.Should().Be(4.10m);
        position.RestingOrdersCount.Should().Be(2);
        position.LastUpdated.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1781159370));
        var evt = page.EventPositions.Single();
        (evt.TotalCost, evt.TotalCostShares, evt.EventExposure, evt.RealizedPnl, evt.FeesPaid, evt.RestingOrderCount)
            .Should().Be((4.10m, 6m, 2.92m, -0.12m, 0.07m, 1));
        page.Cursor.Should().BeNull();
    }

    [Fact]
    public void Legacy_balance_is_integer_cents()
    {
        var balance = KalshiResponseParser.ParseBalance(Json("""{"balance":9801}"""));

        balance.Cash.Should().Be(98.01m);
        balance.PortfolioValue.Should().BeNull("portfolio_value only exists since 2025-10");
        balance.UpdatedAt.Should().BeNull();
    }

    [Fact]
    public void Numbers_are_accepted_where_strings_are_expected()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""
            {"market":{"ticker":"T","yes_bid_dollars":0.47,"yes_ask_dollars":0.52,"yes_bid_size_fp":3,"yes_ask_size_fp":12.5,"last_price_dollars":0.5}}
            """));
        var balance = KalshiResponseParser.ParseBalance(Json("""{"balance_dollars":98.0186,"portfolio_value":198}"""));

        (market.YesBid, market.YesAsk, market.YesBidSize, market.YesAskSize, market.LastPrice).Should().Be((0.47m, 0.52m, 3m, 12.5m, 0.5m));
        balance.Cash.Should().Be(98.0186m);
    }

    [Fact]
    public void Strings_are_accepted_where_numbers_are_expected()
    {
        var balance = KalshiResponseParser.ParseBalance(Json("""{"balance":"9801","portfolio_value":"198","updated_ts":"1781159348"}"""));
        var page = KalshiResponseParser.ParsePositionsPage(Json("""
            {"market_positions":[{"ticker":"T","position_fp":"1.00","market_exposure_dollars":"0.52","resting_orders_count":"0"}]}
            """));
        var status = KalshiResponseParser.ParseExchangeStatus(Json("""{"exchange_active":"true","trading_active":"false"}"""));

        (balance.Cash, balance.PortfolioValue).Should().Be((98.01m, 1.98m));
        balance.UpdatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1781159348));
        page.MarketPositions[0].RestingOrdersCount.Should().Be(0);
        (status.ExchangeActive, status.TradingActive).Should().Be((true, false));
    }

    [Theory]
    [InlineData("\"0.0175\"", "0.0175")]
    [InlineData("\"0.001\"", "0.001")]
    [InlineData("\"0.0001\"", "0.0001")]
    [InlineData("\"0.500000\"", "0.5")]
    [InlineData("0.0175", "0.0175")]
    [InlineData("\"1.75e-2\"", "0.0175")]
    public void Sub_cent_prices_are_kept_exactly(string json, string expected)
    {
        var market = KalshiResponseParser.ParseMarket(Json($$$"""{"market":{"ticker":"T","yes_bid_dollars":{{{json}}}}}"""));

        market.YesBid.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Fractional_counts_are_kept()
    {
        var fills = KalshiResponseParser.ParseFillsPage(Json("""
            {"fills":[{"trade_id":"t1","market_ticker":"T","count_fp":"0.50","yes_price_dollars":"0.0300","no_price_dollars":"0.9700","fee_cost":"0.0011","ts":1781159370}]}
            """));

        var fill = fills.Items.Single();
        fill.FillId.Should().Be("t1", "trade_id is the legacy name of fill_id");
        fill.Ticker.Should().Be("T", "market_ticker is the legacy name of ticker");
        fill.Count.Should().Be(0.50m);
        (fill.YesPrice, fill.NoPrice, fill.FeeCost).Should().Be((0.03m, 0.97m, 0.0011m));
        fill.CreatedTime.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1781159370), "ts is used when created_time is absent");
        fills.Cursor.Should().BeNull();
    }

    [Fact]
    public void Legacy_fills_are_integer_counts_and_cents()
    {
        var fill = KalshiResponseParser.ParseFillsPage(Json("""
            {"fills":[{"trade_id":"t","ticker":"T","count":2,"yes_price":52,"no_price":48,"side":"yes","action":"buy","is_taker":false}]}
            """)).Items.Single();

        (fill.Count, fill.YesPrice, fill.NoPrice, fill.IsTaker, fill.FeeCost).Should().Be((2m, 0.52m, 0.48m, false, 0m));
    }

    [Fact]
    public void Settlements_mix_integer_cent_revenue_with_dollar_string_costs()
    {
        var settlement = KalshiResponseParser.ParseSettlementsPage(Json("""
            {"cursor":"","settlements":[{"ticker":"KXQUICKSETTLE-11JUN26H0140-2","event_ticker":"KXQUICKSETTLE-11JUN26H0140","market_result":"yes",
              "yes_count_fp":"3.00","no_count_fp":"0.00","yes_total_cost_dollars":"2.500000","no_total_cost_dollars":"0.000000",
              "revenue":300,"fee_cost":"0.3400","value":100,"settled_time":"2026-06-11T06:10:45.333635Z"}]}
            """)).Items.Single();

        settlement.Revenue.Should().Be(3.00m, "revenue is 300 cents");
        settlement.Value.Should().Be(1.00m, "value is the payout of one YES contract in cents");
        (settlement.YesCount, settlement.NoCount, settlement.YesTotalCost, settlement.NoTotalCost, settlement.FeeCost)
            .Should().Be((3m, 0m, 2.50m, 0m, 0.34m));
        (settlement.PnlBeforeFees, settlement.NetPnl).Should().Be((0.50m, 0.16m), "3.00 + 0 pairs − 2.50, then − 0.34 fees");
        settlement.MarketResult.Should().Be("yes");
        settlement.SettledTime.Should().Be(new DateTimeOffset(2026, 6, 11, 6, 10, 45, TimeSpan.Zero).AddTicks(3336350));
    }

    [Fact]
    public void Legacy_settlement_costs_are_integer_cents()
    {
        var settlement = KalshiResponseParser.ParseSettlementsPage(Json("""
            {"settlements":[{"ticker":"T","yes_count":3,"no_count":1,"yes_total_cost":250,"no_total_cost":73,"revenue":300}]}
            """)).Items.Single();

        (settlement.YesCount, settlement.NoCount, settlement.YesTotalCost, settlement.NoTotalCost, settlement.Revenue)
            .Should().Be((3m, 1m, 2.50m, 0.73m, 3.00m));
        settlement.Value.Should().BeNull();
    }

    [Fact]
    public void Missing_optional_fields_are_null_or_zero()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""{"market":{"ticker":"T"}}"""));
        var position = KalshiResponseParser.ParsePositionsPage(Json("""
            {"market_positions":[{"ticker":"T","position_fp":"-1.00","market_exposure_dollars":"0.730000"}]}
            """)).MarketPositions.Single();

        market.Should().BeEquivalentTo(new { Ticker = "T", EventTicker = (string?)null, YesBid = (decimal?)null, Status = (string?)null, CloseTime = (DateTimeOffset?)null });
        market.PriceRanges.Should().BeEmpty();
        var quote = market.ToQuote(AsOf);
        (quote.YesBid, quote.YesAsk, quote.LastPrice).Should().Be(((decimal?)null, (decimal?)null, (decimal?)null));
        (position.Position, position.MarketExposure, position.RealizedPnl, position.FeesPaid, position.TotalTraded)
            .Should().Be((-1m, 0.73m, 0m, 0m, 0m));
        position.LastUpdated.Should().BeNull();
        position.RestingOrdersCount.Should().BeNull();
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var status = KalshiResponseParser.ParseExchangeStatus(Json("""
            {"exchange_active":false,"trading_active":false,"exchange_estimated_resume_time":"2026-06-11T09:00:00Z",
             "intra_exchange_transfers_active":true,"exchange_index_statuses":[{"exchange_index":0}],"brand_new_field":{"x":[1,2]}}
            """));

        status.Should().Be(new Core.Kalshi.Models.KalshiExchangeStatus(false, false,
            new DateTimeOffset(2026, 6, 11, 9, 0, 0, TimeSpan.Zero), true));
    }

    [Theory]
    [InlineData("\"2026-06-11T06:29:30.165032Z\"", "2026-06-11T06:29:30.1650320+00:00")]
    [InlineData("\"2026-06-11T06:29:30.165032123Z\"", "2026-06-11T06:29:30.1650321+00:00")]
    [InlineData("\"2026-06-11T02:29:30.165032-04:00\"", "2026-06-11T06:29:30.1650320+00:00")]
    [InlineData("\"2026-06-11T06:29:30Z\"", "2026-06-11T06:29:30.0000000+00:00")]
    [InlineData("1781159370", "2026-06-11T06:29:30.0000000+00:00")]
    [InlineData("\"1781159370\"", "2026-06-11T06:29:30.0000000+00:00")]
    [InlineData("1781159370000", "2026-06-11T06:29:30.0000000+00:00")]
    public void Timestamps_are_rfc3339_or_unix_and_always_utc(string json, string expectedRoundTrip)
    {
        var position = KalshiResponseParser.ParsePositionsPage(Json($$"""
            {"market_positions":[{"ticker":"T","position_fp":"1","market_exposure_dollars":"1","last_updated_ts":{{json}}}]}
            """)).MarketPositions.Single();

        position.LastUpdated!.Value.ToString("o", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expectedRoundTrip);
    }

    [Fact]
    public void A_row_without_a_ticker_is_skipped_naming_the_field_and_row_while_the_others_apply()
    {
        // Until issue 15 a missing ticker failed the whole page; now only the row is left out.
        var page = KalshiResponseParser.ParsePositionsPage(Json("""
            {"market_positions":[{"ticker":"A","position_fp":"1","market_exposure_dollars":"1"},{"position_fp":"1","market_exposure_dollars":"1"}]}
            """));

        page.MarketPositions.Select(p => p.Ticker).Should().Equal("A");
        var skipped = page.Skipped.Should().ContainSingle().Subject;
        (skipped.Kind, skipped.Key, skipped.Reason).Should().Be((KalshiInputKind.MarketPosition, (string?)null, KalshiInputProblem.Missing));
        skipped.Context.Should().Be("positions response market_positions[1]");
        skipped.Detail.Should().Contain("'ticker'");
    }

    [Fact]
    public void A_position_without_any_count_is_skipped_with_its_ticker_as_key()
    {
        var page = KalshiResponseParser.ParsePositionsPage(Json("""{"market_positions":[{"ticker":"A","market_exposure_dollars":"1"}]}"""));

        page.MarketPositions.Should().BeEmpty();
        var skipped = page.Skipped.Should().ContainSingle().Subject;
        skipped.Key.Should().Be("A");
        skipped.Detail.Should().Contain("'position_fp' (or legacy 'position')");
    }

    [Theory]
    [InlineData("""{"market":{"ticker":"T","yes_bid_dollars":"abc"}}""", "'yes_bid_dollars'")]
    [InlineData("""{"market":{"ticker":"T","yes_bid_dollars":{"v":1}}}""", "'yes_bid_dollars'")]
    [InlineData("""{"market":{"ticker":"T","close_time":"next tuesday"}}""", "'close_time'")]
    [InlineData("""{"market":{"ticker":["T"]}}""", "'ticker'")]
    [InlineData("""{"market":{"ticker":"T","price_ranges":{"start":"0"}}}""", "'price_ranges'")]
    [InlineData("""{"market":"T"}""", "market")]
    [InlineData("""[]""", "not an object")]
    [InlineData("""{"nothing":1}""", "'market'")]
    public void Values_of_the_wrong_type_are_protocol_errors_naming_the_field(string json, string fieldMention)
    {
        var act = () => KalshiResponseParser.ParseMarket(Json(json));

        act.Should().Throw<KalshiProtocolException>().Which.Message.Should().Contain(fieldMention);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("<html>502</html>")]
    [InlineData("{\"balance\":1}{\"balance\":2}")]
    public void Malformed_json_is_a_protocol_error(string body)
    {
        var act = () => KalshiResponseParser.ParseBalance(Json(body));

        act.Should().Throw<KalshiProtocolException>();
    }

    [Fact]
    public void Empty_strings_mean_absent()
    {
        var market = KalshiResponseParser.ParseMarket(Json("""{"market":{"ticker":"T","result":"","subtitle":"","settlement_value_dollars":"","close_time":""}}"""));

        (market.Result, market.Subtitle, market.SettlementValue, market.CloseTime).Should().Be(((string?)null, (string?)null, (decimal?)null, (DateTimeOffset?)null));
    }

    [Fact]
    public void A_bare_market_object_is_tolerated()
    {
        KalshiResponseParser.ParseMarket(Json("""{"ticker":"T","yes_bid_dollars":"0.10"}""")).YesBid.Should().Be(0.10m);
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
}
