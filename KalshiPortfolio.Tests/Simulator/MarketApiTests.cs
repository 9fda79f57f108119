using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>Market data endpoints: filters, cursor pages, events, unknown tickers.</summary>
[Trait("Category", "Integration")]
public sealed class MarketApiTests : IAsyncLifetime
{
    private const string Event = "KXWTACHALLENGERMATCH-26JUN11JIMLEP";
    private SimulatorTestHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorTestHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Cursor_pages_walk_the_whole_catalogue_and_the_last_page_has_an_empty_cursor()
    {
        var tickers = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?status=open&limit=64" + (cursor is null ? "" : "&cursor=" + cursor));
            tickers.AddRange(page.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("ticker").GetString()!));
            cursor = page.GetProperty("cursor").GetString();
            pages++;
        }
        while (!string.IsNullOrEmpty(cursor) && pages < 10);

        pages.Should().Be(4);
        cursor.Should().Be("");
        tickers.Should().OnlyHaveUniqueItems().And.HaveCount(200).And.Equal(_sim.Host.Exchange.MarketTickers);
    }

    [Fact]
    public async Task A_garbage_cursor_silently_restarts_at_the_first_page()
    {
        var first = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?limit=5");
        var garbage = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?limit=5&cursor=garbage-cursor-fixture");

        Tickers(garbage).Should().Equal(Tickers(first));
    }

    [Fact]
    public async Task Filters_select_by_tickers_event_and_status()
    {
        var byTickers = await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/markets?tickers={Event}-LEP,{Event}-JIM");
        Tickers(byTickers).Should().BeEquivalentTo($"{Event}-LEP", $"{Event}-JIM");
        byTickers.GetProperty("cursor").GetString().Should().Be("");

        Tickers(await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/markets?event_ticker={Event}")).Should().HaveCount(2);
        Tickers(await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?status=settled")).Should().BeEmpty();
        Tickers(await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?status=closed")).Should().BeEmpty();
        (await _sim.Http.GetAsync("/trade-api/v2/markets?status=active")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the filter vocabulary is open/closed/settled");
    }

    [Fact]
    public async Task An_unknown_market_is_a_404_in_the_nested_shape()
    {
        var response = await _sim.Http.GetAsync("/trade-api/v2/markets/NO-SUCH-MARKET");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":{"code":"not_found","message":"not found"}}""");
    }

    [Fact]
    public async Task An_event_lists_its_markets_and_an_unknown_event_is_a_404()
    {
        var body = await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/events/{Event}");

        body.GetProperty("event").GetProperty("event_ticker").GetString().Should().Be(Event);
        body.GetProperty("event").GetProperty("series_ticker").GetString().Should().Be("KXWTACHALLENGERMATCH");
        body.GetProperty("event").TryGetProperty("markets", out _).Should().BeFalse();
        Tickers(body).Should().HaveCount(2);
        var nested = await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/events/{Event}?with_nested_markets=true");
        nested.GetProperty("event").GetProperty("markets").GetArrayLength().Should().Be(2);

        var missing = await _sim.Http.GetAsync("/trade-api/v2/events/NO-SUCH-EVENT");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("\"code\":\"not_found\"");
    }

    [Fact]
    public async Task Events_are_listed_with_cursor_pages()
    {
        var page = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/events?limit=200");

        page.GetProperty("events").GetArrayLength().Should().Be(33);
        page.GetProperty("cursor").GetString().Should().Be("");
        (await _sim.Http.GetAsync("/trade-api/v2/events?limit=201")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Times_are_shifted_so_markets_close_after_the_simulator_starts()
    {
        var markets = (await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?limit=1000")).GetProperty("markets");

        foreach (var market in markets.EnumerateArray())
        {
            DateTimeOffset.Parse(market.GetProperty("close_time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                .Should().BeAfter(SimulatorTestHost.Start);
        }
    }

    [Fact]
    public async Task Every_market_quote_is_two_sided_and_no_prices_mirror_yes()
    {
        var markets = (await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?limit=1000")).GetProperty("markets");

        foreach (var market in markets.EnumerateArray())
        {
            var bid = Dollars(market, "yes_bid_dollars");
            var ask = Dollars(market, "yes_ask_dollars");
            bid.Should().BeLessThan(ask);
            Dollars(market, "no_bid_dollars").Should().Be(1m - ask);
            Dollars(market, "no_ask_dollars").Should().Be(1m - bid);
            Dollars(market, "yes_bid_size_fp").Should().BePositive();
        }
    }

    [Fact]
    public async Task Unknown_api_paths_are_404()
    {
        (await _sim.Http.GetAsync("/trade-api/v2/nothing/here")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static decimal Dollars(JsonElement market, string field) =>
        decimal.Parse(market.GetProperty(field).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Tickers(JsonElement body) =>
        [.. body.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("ticker").GetString()!)];
}
