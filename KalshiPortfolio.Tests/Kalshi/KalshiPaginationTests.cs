using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiPaginationTests
{
    private static readonly string Positions = KalshiTestHarness.PathOf("/portfolio/positions");

    [Fact]
    public async Task Positions_are_collected_from_every_page_with_the_filters_resent_on_each()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler
            .On(r => Cursor(r) is null, Respond.Ok(PositionsPage(1, "\"c2\"")))
            .On(r => Cursor(r) == "c2", Respond.Ok(PositionsPage(2, "\"c3\"")))
            .On(r => Cursor(r) == "c3", Respond.Ok(PositionsPage(3, "\"\"")));
        var query = new PositionQuery { EventTicker = "EVT-1", CountFilter = "position", Limit = 1, Subaccount = 0 };

        var positions = await harness.Authenticated().GetPositionsAsync(query);

        positions.MarketPositions.Select(p => (p.Ticker, p.Position, p.MarketExposure))
            .Should().Equal(("T1", 1m, 0.10m), ("T2", 2m, 0.20m), ("T3", 3m, 0.30m));
        positions.EventPositions.Select(e => e.EventTicker).Should().Equal("E1", "E2", "E3");
        var requests = harness.Handler.Requests;
        requests.Select(r => r.Query("cursor")).Should().Equal(null, "c2", "c3");
        requests.Should().OnlyContain(r =>
            r.Uri.AbsolutePath == Positions && r.Query("event_ticker") == "EVT-1" && r.Query("count_filter") == "position" &&
            r.Query("limit") == "1" && r.Query("subaccount") == "0");
    }

    [Theory]
    [InlineData("\"cursor\":\"\",")]
    [InlineData("\"cursor\":null,")]
    [InlineData("")]
    public async Task An_empty_null_or_absent_cursor_ends_the_listing(string cursorField)
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Positions, Respond.Ok("{" + cursorField + "\"market_positions\":[],\"event_positions\":[]}"));

        var positions = await harness.Authenticated().GetPositionsAsync();

        positions.MarketPositions.Should().BeEmpty();
        harness.Handler.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_cursor_that_repeats_does_not_loop_forever()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(Positions, Respond.Ok(PositionsPage(1, "\"same\"")));

        var act = () => harness.Authenticated().GetPositionsAsync();

        (await act.Should().ThrowAsync<KalshiProtocolException>()).Which.Message.Should().Contain("already returned");
        harness.Handler.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_cursor_cycle_does_not_loop_forever()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler
            .On(r => Cursor(r) is null || Cursor(r) == "b", Respond.Ok(PositionsPage(1, "\"a\"")))
            .On(r => Cursor(r) == "a", Respond.Ok(PositionsPage(2, "\"b\"")));

        var act = () => harness.Authenticated().GetPositionsAsync();

        await act.Should().ThrowAsync<KalshiProtocolException>();
        harness.Handler.Requests.Select(r => r.Query("cursor")).Should().Equal(null, "a", "b");
    }

    [Fact]
    public async Task A_listing_that_never_ends_stops_at_the_page_cap()
    {
        using var harness = new KalshiTestHarness(o => o.MaxPages = 3);
        var next = 0;
        harness.Handler.On(Positions, (_, _) => Task.FromResult(Respond.Text(System.Net.HttpStatusCode.OK, PositionsPage(1, $"\"p{Interlocked.Increment(ref next)}\""))));

        var act = () => harness.Authenticated().GetPositionsAsync();

        (await act.Should().ThrowAsync<KalshiProtocolException>()).Which.Message.Should().Contain("MaxPages");
        harness.Handler.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Paging_can_start_from_a_given_cursor()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(r => Cursor(r) == "c2", Respond.Ok(PositionsPage(2, "null")));

        var positions = await harness.Authenticated().GetPositionsAsync(new PositionQuery { Cursor = "c2" });

        positions.MarketPositions.Should().ContainSingle().Which.Ticker.Should().Be("T2");
    }

    [Fact]
    public async Task Fills_walk_every_page_resending_the_time_window()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler
            .On(r => Cursor(r) is null, Respond.Ok(FillsPage("f1", "\"next\"")))
            .On(r => Cursor(r) == "next", Respond.Ok(FillsPage("f2", "\"\"")));
        var query = new FillQuery
        {
            Ticker = "KX-1",
            MinTime = new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero),
            MaxTime = new DateTimeOffset(2026, 6, 12, 0, 0, 0, TimeSpan.Zero),
        };

        var fills = await harness.Authenticated().GetFillsAsync(query);

        fills.Select(f => f.FillId).Should().Equal("f1", "f2");
        harness.Handler.Requests.Should().HaveCount(2).And.OnlyContain(r =>
            r.Query("min_ts") == "1781136000" && r.Query("max_ts") == "1781222400" && r.Query("ticker") == "KX-1" && r.Query("limit") == "200");
    }

    [Fact]
    public async Task Settlements_walk_every_page()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler
            .On(r => Cursor(r) is null, Respond.Ok(SettlementsPage("A", "\"2\"")))
            .On(r => Cursor(r) == "2", Respond.Ok(SettlementsPage("B", "null")));

        var settlements = await harness.Authenticated().GetSettlementsAsync(new SettlementQuery { EventTicker = "EV" });

        settlements.Select(s => s.Ticker).Should().Equal("A", "B");
        harness.Handler.Requests.Should().OnlyContain(r => r.Query("event_ticker") == "EV");
    }

    [Fact]
    public async Task All_markets_are_streamed_lazily_page_by_page()
    {
        using var harness = new KalshiTestHarness();
        harness.Handler.On(KalshiTestHarness.PathOf("/markets"), Respond.Capture("markets__page1"));

        var first = await harness.Public().GetAllMarketsAsync(new MarketQuery { Limit = 5 }).FirstAsync();

        first.Ticker.Should().Be("KXMLBHIT-26JUN111310AZMIA-AZKMARTE4-4");
        harness.Handler.Requests.Should().HaveCount(1, "the next page is only fetched when enumeration reaches it");
    }

    private static string? Cursor(HttpRequestMessage request) => RecordedRequest.From(request).Query("cursor");

    private static string PositionsPage(int n, string cursorJson) =>
        $"{{\"cursor\":{cursorJson},\"event_positions\":[{{\"event_ticker\":\"E{n}\",\"event_exposure_dollars\":\"0.{n}00000\"}}]," +
        $"\"market_positions\":[{{\"ticker\":\"T{n}\",\"position_fp\":\"{n}.00\",\"market_exposure_dollars\":\"0.{n}00000\"," +
        "\"realized_pnl_dollars\":\"0.000000\",\"fees_paid_dollars\":\"0.000000\",\"total_traded_dollars\":\"0.100000\"," +
        "\"last_updated_ts\":\"2026-06-11T06:29:30.165032Z\"}]}";

    private static string FillsPage(string id, string cursorJson) =>
        $"{{\"cursor\":{cursorJson},\"fills\":[{{\"fill_id\":\"{id}\",\"ticker\":\"KX-1\",\"count_fp\":\"1.00\",\"yes_price_dollars\":\"0.5200\",\"fee_cost\":\"0.017500\"}}]}}";

    private static string SettlementsPage(string ticker, string cursorJson) =>
        $"{{\"cursor\":{cursorJson},\"settlements\":[{{\"ticker\":\"{ticker}\",\"market_result\":\"yes\",\"revenue\":100,\"yes_count_fp\":\"1.00\"}}]}}";
}
