using System.Net;
using System.Text.Json;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.Simulator.Support;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary><see cref="SimulatorOptions.SyntheticMarkets"/>: clones of the recorded markets, real for every endpoint.</summary>
[Trait("Category", "Integration")]
public sealed class SyntheticMarketsTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(SimulatorOptions.MaxSyntheticMarkets + 1)]
    public async Task Out_of_range_counts_are_rejected_at_start(int count)
    {
        var start = () => SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", SyntheticMarkets = count });

        await start.Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public async Task By_default_the_catalogue_is_the_200_recorded_markets()
    {
        await using var sim = await SimulatorTestHost.StartAsync();

        sim.Host.Exchange.MarketTickers.Should().HaveCount(200);
    }

    [Fact]
    public async Task Clones_get_distinct_tickers_in_their_own_events_after_the_recorded_markets()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.SyntheticMarkets = 450);
        var tickers = sim.Host.Exchange.MarketTickers;

        tickers.Should().HaveCount(650).And.OnlyHaveUniqueItems();
        tickers[200].Should().Be(tickers[0] + "-S1");
        tickers[400].Should().Be(tickers[0] + "-S201", "clone k copies recorded market (k - 1) mod 200");
        tickers[649].Should().Be(tickers[49] + "-S450");
        sim.Host.Exchange.GetMarket(tickers[200]).EventTicker.Should().Be(sim.Host.Exchange.GetMarket(tickers[0]).EventTicker + "-S1");
    }

    [Fact]
    public async Task A_clone_is_served_by_the_market_and_event_endpoints()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.SyntheticMarkets = 300);
        var original = sim.Host.Exchange.MarketTickers[7];
        var ticker = original + "-S8";

        var listed = await sim.GetJsonAsync(sim.Http, "/trade-api/v2/markets?limit=1000");
        listed.GetProperty("markets").GetArrayLength().Should().Be(500);

        var single = (await sim.GetJsonAsync(sim.Http, $"/trade-api/v2/markets/{ticker}")).GetProperty("market");
        var recorded = (await sim.GetJsonAsync(sim.Http, $"/trade-api/v2/markets/{original}")).GetProperty("market");
        single.GetProperty("ticker").GetString().Should().Be(ticker);
        var eventTicker = single.GetProperty("event_ticker").GetString();
        eventTicker.Should().Be(recorded.GetProperty("event_ticker").GetString() + "-S8");
        single.GetProperty("title").GetString().Should().Be(recorded.GetProperty("title").GetString());
        single.GetProperty("market_type").GetString().Should().Be("binary");

        var byTickers = await sim.GetJsonAsync(sim.Http, $"/trade-api/v2/markets?tickers={ticker},{original}");
        byTickers.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("ticker").GetString()).Should().BeEquivalentTo([ticker, original]);

        var ev = await sim.GetJsonAsync(sim.Http, $"/trade-api/v2/events/{eventTicker}");
        ev.GetProperty("event").GetProperty("event_ticker").GetString().Should().Be(eventTicker);
        ev.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("ticker").GetString()).Should().Equal(ticker);
    }

    [Fact]
    public async Task A_clone_trades_shows_in_positions_and_streams_its_quotes()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.SyntheticMarkets = 250);
        var ticker = sim.Host.Exchange.MarketTickers[449];
        var signer = await sim.CreateAccountAsync();
        var socket = await sim.ConnectAsync(signer);
        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" }, market_tickers = new[] { ticker } } });
        await socket.WaitForTypeAsync("subscribed");

        sim.Host.Exchange.Trade(signer.KeyId, ticker, ContractSide.Yes, TradeAction.Buy, 4, 0.40m);
        sim.Host.Exchange.SetQuote(ticker, 0.41m, 0.44m);

        var quote = await socket.WaitForAsync(m => m.GetProperty("type").GetString() == "ticker" && m.GetProperty("msg").GetProperty("yes_bid_dollars").GetString() == "0.4100");
        quote.GetProperty("msg").GetProperty("market_ticker").GetString().Should().Be(ticker);
        using var client = sim.SignedClient(signer);
        var positions = await sim.GetJsonAsync(client, "/trade-api/v2/portfolio/positions");
        var row = positions.GetProperty("market_positions").EnumerateArray().Single();
        row.GetProperty("ticker").GetString().Should().Be(ticker);
        row.GetProperty("position_fp").GetString().Should().Be("4.00");
        positions.GetProperty("event_positions").EnumerateArray().Single().GetProperty("event_ticker").GetString()
            .Should().Be(sim.Host.Exchange.GetMarket(ticker).EventTicker);
    }

    [Fact]
    public async Task Synthetic_markets_keep_the_recorded_markets_initial_quotes()
    {
        await using var plain = await SimulatorTestHost.StartAsync(o => o.Seed = 5);
        await using var extended = await SimulatorTestHost.StartAsync(o => { o.Seed = 5; o.SyntheticMarkets = 100; });

        var recorded = plain.Host.Exchange.MarketTickers;
        recorded.Select(t => extended.Host.Exchange.GetMarket(t).Quote)
            .Should().Equal(recorded.Select(t => plain.Host.Exchange.GetMarket(t).Quote));
        JsonSerializer.Serialize(extended.Host.Exchange.MarketTickers.Take(200)).Should().Be(JsonSerializer.Serialize(recorded));
        (await plain.Http.GetAsync($"/trade-api/v2/markets/{recorded[0]}-S1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
