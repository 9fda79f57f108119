using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// Public market data read by the real client from the real simulator over loopback HTTP, checked against the
/// simulator's in-process state.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MarketDataTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private KalshiClient Public => fixture.Client.Public();

    private SimulatedExchange Exchange => fixture.Sim.Host.Exchange;

    [Fact]
    public async Task GetMarket_returns_the_simulators_quote_and_status()
    {
        var ticker = fixture.TakeEvent()[0];
        await fixture.Sim.SetQuoteAsync(ticker, 0.41m, 0.44m, bidSize: 12m, askSize: 7m);

        var market = await Public.GetMarketAsync(ticker);

        var state = Exchange.GetMarket(ticker);
        market.Ticker.Should().Be(ticker);
        market.EventTicker.Should().Be(state.EventTicker);
        market.Status.Should().Be("active");
        (market.YesBid, market.YesAsk, market.YesBidSize, market.YesAskSize).Should().Be((state.Quote.YesBid, state.Quote.YesAsk, 12m, 7m));
        (market.NoBid, market.NoAsk).Should().Be((state.Quote.NoBid, state.Quote.NoAsk));
        market.LastPrice.Should().Be(state.LastPrice);
        market.PriceLevelStructure.Should().Be("linear_cent");
        market.PriceRanges.Should().Equal(new KalshiPriceRange(0m, 1m, 0.01m));
        market.CloseTime.Should().BeAfter(fixture.Time.GetUtcNow(), "the catalogue's close times are shifted to the simulator's clock");

        var quote = market.ToQuote(fixture.Time.GetUtcNow());
        (quote.YesBid, quote.YesAsk, quote.NoBid, quote.NoAsk).Should().Be((0.41m, 0.44m, 0.56m, 0.59m));
    }

    [Fact]
    public async Task GetMarket_reports_an_empty_side_as_no_quote()
    {
        var ticker = fixture.TakeEvent()[0];
        await fixture.Sim.SetQuoteAsync(ticker, null, 0.30m);

        var market = await Public.GetMarketAsync(ticker);

        market.YesBidSize.Should().Be(0m);
        market.ToQuote(fixture.Time.GetUtcNow()).YesBid.Should().BeNull("a side with size 0 is empty, whatever sentinel price it shows");
        market.ToQuote(fixture.Time.GetUtcNow()).YesAsk.Should().Be(0.30m);
    }

    [Fact]
    public async Task GetMarket_of_an_unknown_ticker_is_not_found_with_kalshis_error()
    {
        var error = (await FluentActions.Awaiting(() => Public.GetMarketAsync("NO-SUCH-MARKET")).Should().ThrowAsync<KalshiNotFoundException>()).Which;

        error.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        error.Error!.Code.Should().Be("not_found");
        error.RequestPath.Should().Be("/trade-api/v2/markets/NO-SUCH-MARKET");
    }

    [Fact]
    public async Task GetAllMarkets_walks_every_page_and_returns_each_catalogue_market_exactly_once()
    {
        var pages = 0;
        var cursor = (string?)null;
        do
        {
            var page = await Public.GetMarketsAsync(new MarketQuery { Limit = 33, Cursor = cursor });
            pages++;
            cursor = page.Cursor;
        }
        while (cursor is not null);

        var markets = await Public.GetAllMarketsAsync(new MarketQuery { Limit = 33 }).ToListAsync();

        pages.Should().Be(7, "200 markets in pages of 33");
        markets.Select(m => m.Ticker).Should().Equal(Exchange.MarketTickers, "every market once, in the catalogue's order");
        foreach (var market in markets)
        {
            var state = Exchange.GetMarket(market.Ticker);
            (market.YesBid, market.YesAsk, market.Status).Should().Be((state.Quote.YesBid, state.Quote.YesAsk, StatusWord(state.Status)), market.Ticker);
        }
    }

    [Fact]
    public async Task GetMarkets_filters_by_status_tickers_and_event_and_resends_them_on_every_page()
    {
        var settledEvent = fixture.TakeEvent(minimumMarkets: 2);
        await fixture.Sim.SettleAsync(settledEvent[0], "yes");
        var listEvent = fixture.TakeEvent(minimumMarkets: 4);

        var settled = await Public.GetAllMarketsAsync(new MarketQuery { Status = KalshiMarketStatusFilter.Settled, Limit = 1 }).ToListAsync();
        var open = await Public.GetAllMarketsAsync(new MarketQuery { Status = KalshiMarketStatusFilter.Open, Limit = 50 }).ToListAsync();
        var unopened = await Public.GetMarketsAsync(new MarketQuery { Status = KalshiMarketStatusFilter.Unopened });
        var byTickers = await Public.GetAllMarketsAsync(new MarketQuery { Tickers = [listEvent[2], listEvent[0]], Limit = 1 }).ToListAsync();
        var byEvent = await Public.GetAllMarketsAsync(new MarketQuery { EventTicker = Exchange.GetMarket(listEvent[0]).EventTicker, Limit = 3 }).ToListAsync();

        settled.Should().Contain(m => m.Ticker == settledEvent[0]);
        settled.Should().OnlyContain(m => m.Status == "finalized" && m.Result != null);
        var settledMarket = settled.Single(m => m.Ticker == settledEvent[0]);
        (settledMarket.Result, settledMarket.SettlementValue).Should().Be(("yes", 1.00m));
        open.Should().OnlyContain(m => m.Status == "active");
        open.Select(m => m.Ticker).Should().NotContain(settledEvent[0]).And.Contain(settledEvent[1]).And.OnlyHaveUniqueItems();
        open.Should().HaveCount(Exchange.MarketTickers.Count(t => Exchange.GetMarket(t).Status == MarketStatus.Active));
        unopened.Items.Should().BeEmpty();
        unopened.Cursor.Should().BeNull("an empty cursor is the last page");
        byTickers.Select(m => m.Ticker).Should().BeEquivalentTo([listEvent[0], listEvent[2]], "two pages of one, the tickers filter resent with the cursor");
        byEvent.Select(m => m.Ticker).Should().BeEquivalentTo(listEvent);
    }

    [Fact]
    public async Task GetEvent_returns_the_event_with_its_markets()
    {
        var tickers = fixture.TakeEvent(minimumMarkets: 2);
        var eventTicker = Exchange.GetMarket(tickers[0]).EventTicker;

        var evt = await Public.GetEventAsync(eventTicker);

        evt.EventTicker.Should().Be(eventTicker);
        evt.SeriesTicker.Should().Be(eventTicker.Split('-')[0]);
        evt.Title.Should().NotBeNullOrEmpty();
        evt.Markets.Select(m => m.Ticker).Should().BeEquivalentTo(tickers);
        evt.Markets.Should().OnlyContain(m => m.EventTicker == eventTicker);
        foreach (var market in evt.Markets)
        {
            var state = Exchange.GetMarket(market.Ticker);
            (market.YesBid, market.YesAsk).Should().Be((state.Quote.YesBid, state.Quote.YesAsk));
        }
        await FluentActions.Awaiting(() => Public.GetEventAsync("NO-SUCH-EVENT")).Should().ThrowAsync<KalshiNotFoundException>();
    }

    [Fact]
    public async Task GetExchangeStatus_reports_the_simulators_status()
    {
        var status = await Public.GetExchangeStatusAsync();

        status.Should().Be(new KalshiExchangeStatus(Exchange.ExchangeActive, Exchange.TradingActive));
        status.ExchangeActive.Should().BeTrue();
        status.TradingActive.Should().BeTrue();
    }

    [Fact]
    public async Task An_authenticated_client_reads_market_data_signed()
    {
        var ticker = fixture.TakeEvent()[0];

        var market = await fixture.Client.Authenticated(fixture.Demo).GetMarketAsync(ticker);

        market.Ticker.Should().Be(ticker, "public endpoints verify the signature when one is sent, and the client's passes");
    }

    private static string StatusWord(MarketStatus status) => status switch
    {
        MarketStatus.Active => "active",
        MarketStatus.Closed => "closed",
        _ => "finalized",
    };
}
