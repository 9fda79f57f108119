using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.TestSupport;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// The WebSocket end to end: a socket authenticated by the client, commands built by <see cref="KalshiWsCommands"/>,
/// every frame read by <see cref="KalshiWsMessageParser"/>, with events caused through the simulator's control API.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WebSocketStreamTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Private_and_market_channels_deliver_acks_tickers_fills_and_positions_the_client_parses()
    {
        var account = await NewAccountAsync();
        var tickers = fixture.TakeEvent(minimumMarkets: 2);
        var (a, b) = (tickers[0], tickers[1]);
        await using var session = await ConnectAsync(account);

        var privateAcks = await session.SubscribeAsync([KalshiWsChannels.MarketPositions, KalshiWsChannels.Fill]);
        var marketAcks = await session.SubscribeAsync([KalshiWsChannels.Ticker, KalshiWsChannels.Trade], [a, b]);

        privateAcks.Select(x => x.Channel).Should().Equal("market_positions", "fill");
        marketAcks.Select(x => x.Channel).Should().Equal("ticker", "trade");
        privateAcks.Concat(marketAcks).Select(x => x.Sid).Should().OnlyHaveUniqueItems("each channel has its own subscription id");
        var (positionSid, fillSid, tickerSid, tradeSid) = (privateAcks[0].Sid, privateAcks[1].Sid, marketAcks[0].Sid, marketAcks[1].Sid);

        // A pinned quote goes out as a ticker message.
        await fixture.Sim.SetQuoteAsync(b, 0.61m, 0.64m, bidSize: 25m, askSize: 40m);
        var ticker = await session.NextAsync<KalshiWsTicker>();
        ticker.Sid.Should().Be(tickerSid);
        ticker.MarketTicker.Should().Be(b);
        ticker.MarketId.Should().NotBeNullOrEmpty();
        (ticker.YesBid, ticker.YesAsk, ticker.YesBidSize, ticker.YesAskSize).Should().Be((0.61m, 0.64m, 25m, 40m));
        ticker.Timestamp.Should().Be(fixture.Time.GetUtcNow());
        var quote = ticker.ToQuote();
        (quote.Ticker, quote.YesBid, quote.YesAsk, quote.NoBid, quote.NoAsk, quote.Timestamp)
            .Should().Be((b, 0.61m, 0.64m, 0.36m, 0.39m, fixture.Time.GetUtcNow()));

        // A fill: fill, market_position, trade and ticker messages, in that order.
        await fixture.Sim.TradeAsync(account.KeyId, a, "no", "buy", 3, 0.45m);

        var fill = await session.NextAsync<KalshiWsFill>();
        fill.Sid.Should().Be(fillSid);
        (fill.MarketTicker, fill.OutcomeSide, fill.BookSide, fill.Side, fill.Action, fill.IsTaker).Should().Be((a, "no", "ask", "no", "buy", true));
        (fill.Count, fill.YesPrice, fill.FeeCost, fill.PostPosition).Should().Be((3m, 0.55m, 0.0520m, -3m));
        fill.Timestamp.Should().Be(fixture.Time.GetUtcNow());
        fill.OrderId.Should().NotBeNullOrEmpty();

        var position = await session.NextAsync<KalshiWsMarketPosition>();
        position.Sid.Should().Be(positionSid);
        (position.MarketTicker, position.Position, position.PositionCost, position.RealizedPnl, position.FeesPaid, position.PositionFeeCost, position.Volume)
            .Should().Be((a, -3m, 1.35m, 0m, 0.0520m, 0.0520m, 3m));
        position.UserId.Should().NotBeNullOrEmpty();

        var trade = await session.NextAsync<KalshiWsTrade>();
        trade.Sid.Should().Be(tradeSid);
        (trade.MarketTicker, trade.YesPrice, trade.NoPrice, trade.Count, trade.TakerOutcomeSide, trade.TakerBookSide).Should().Be((a, 0.55m, 0.45m, 3m, "no", "ask"));
        trade.TradeId.Should().Be(fill.TradeId);

        var afterTrade = await session.NextAsync<KalshiWsTicker>();
        (afterTrade.MarketTicker, afterTrade.Price, afterTrade.LastTradeSize).Should().Be((a, 0.55m, 3m));

        // The same fill over REST.
        var rest = await fixture.Client.Authenticated(account).GetFillsAsync(new FillQuery { Ticker = a });
        rest.Should().ContainSingle().Which.FillId.Should().Be(fill.TradeId);
        (await fixture.Client.Authenticated(account).GetPositionsAsync()).MarketPositions.Single(p => p.Ticker == a).MarketExposure.Should().Be(position.PositionCost);
    }

    [Fact]
    public async Task Update_subscription_adds_and_deletes_markets_with_ok_replies()
    {
        var tickers = fixture.TakeEvent(minimumMarkets: 2);
        var (a, b) = (tickers[0], tickers[1]);
        await using var session = await ConnectAsync(await NewAccountAsync());
        var sid = (await session.SubscribeAsync([KalshiWsChannels.Ticker], [a]))[0].Sid;

        var add = session.Commands.UpdateSubscription(sid, [b], KalshiWsUpdateAction.AddMarkets);
        await session.SendAsync(add);
        var added = await session.NextAsync<KalshiWsOk>();
        (added.Id, added.Sid).Should().Be((add.Id, sid));
        added.MarketTickers.Should().BeEquivalentTo([a, b]);

        await fixture.Sim.SetQuoteAsync(b, 0.20m, 0.25m);
        (await session.NextAsync<KalshiWsTicker>()).MarketTicker.Should().Be(b, "the added market is delivered");

        var delete = session.Commands.UpdateSubscription(sid, [b], KalshiWsUpdateAction.DeleteMarkets);
        await session.SendAsync(delete);
        var deleted = await session.NextAsync<KalshiWsOk>();
        (deleted.Id, deleted.Sid).Should().Be((delete.Id, sid));
        deleted.MarketTickers.Should().Equal(a);

        await fixture.Sim.SetQuoteAsync(b, 0.21m, 0.25m);
        await fixture.Sim.SetQuoteAsync(a, 0.70m, 0.72m);
        (await session.NextAsync<KalshiWsTicker>()).MarketTicker.Should().Be(a, "the deleted market's quote is not delivered");

        await session.SendAsync(session.Commands.ListSubscriptions());
        (await session.NextAsync<KalshiWsOk>()).Subscriptions.Should().Equal(new KalshiWsSubscription("ticker", sid));
        var unsubscribe = session.Commands.Unsubscribe([sid]);
        await session.SendAsync(unsubscribe);
        (await session.NextAsync<KalshiWsUnsubscribed>()).Should().Be(new KalshiWsUnsubscribed(unsubscribe.Id, sid, null));
    }

    [Fact]
    public async Task Errors_carry_kalshis_integer_code()
    {
        await using var session = await ConnectAsync(await NewAccountAsync());

        await session.SendRawAsync("""{"id":41,"cmd":"subscribe_all_the_things","params":{}}""");
        (await session.NextAsync<KalshiWsError>()).Should().Match<KalshiWsError>(e => e.Id == 41 && e.Code == 5 && e.Message.Length > 0);

        var unknownSid = session.Commands.UpdateSubscription(999, [fixture.TakeEvent()[0]], KalshiWsUpdateAction.AddMarkets);
        await session.SendAsync(unknownSid);
        (await session.NextAsync<KalshiWsError>()).Should().Match<KalshiWsError>(e => e.Id == unknownSid.Id && e.Code == 7);

        var unknownChannel = session.Commands.Subscribe(["no_such_channel"]);
        await session.SendAsync(unknownChannel);
        (await session.NextAsync<KalshiWsError>()).Should().Match<KalshiWsError>(e => e.Id == unknownChannel.Id && e.Code == 8);

        var unknownMarket = session.Commands.Subscribe([KalshiWsChannels.Ticker], ["NO-SUCH-MARKET"]);
        await session.SendAsync(unknownMarket);
        (await session.NextAsync<KalshiWsError>()).Should().Match<KalshiWsError>(e => e.Id == unknownMarket.Id && e.Code == 16);
    }

    private async Task<CoreSigner> NewAccountAsync() =>
        fixture.Own(await fixture.Sim.CreateUploadedKeyAccountAsync(TestRsaKeys.Pkcs8Pem, 500m));

    private Task<ClientWebSocketSession> ConnectAsync(CoreSigner signer) =>
        ClientWebSocketSession.ConnectAsync(fixture.Client.Endpoints.WebSocketUri, signer, fixture.Client.Clock);
}
