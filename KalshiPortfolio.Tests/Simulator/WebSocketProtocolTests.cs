using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The WebSocket commands, acks and error codes, and the data channels, over a real loopback socket.</summary>
[Trait("Category", "Integration")]
public sealed class WebSocketProtocolTests : IAsyncLifetime
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private const string Other = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-JIM";
    private SimulatorTestHost _sim = null!;
    private KalshiSigner _signer = null!;
    private WsTestClient _socket = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync();
        _signer = await _sim.CreateAccountAsync();
        _socket = await _sim.ConnectAsync(_signer);
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Subscribing_to_two_channels_gets_one_ack_per_channel_with_the_same_id_and_different_sids()
    {
        await _socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker", "trade" }, market_tickers = new[] { Ticker } } });

        var first = await _socket.NextAsync();
        var second = await _socket.NextAsync();

        first.GetProperty("type").GetString().Should().Be("subscribed");
        second.GetProperty("type").GetString().Should().Be("subscribed");
        first.GetProperty("id").GetInt32().Should().Be(1);
        second.GetProperty("id").GetInt32().Should().Be(1);
        first.GetProperty("msg").GetProperty("channel").GetString().Should().Be("ticker");
        second.GetProperty("msg").GetProperty("channel").GetString().Should().Be("trade");
        first.GetProperty("msg").GetProperty("sid").GetInt32().Should().NotBe(second.GetProperty("msg").GetProperty("sid").GetInt32());
    }

    [Fact]
    public async Task Update_subscription_adds_and_deletes_markets()
    {
        var sid = await SubscribeAsync(1, "ticker", Ticker);

        await _socket.SendAsync(new { id = 2, cmd = "update_subscription", @params = new { sids = new[] { sid }, market_tickers = new[] { Other }, action = "add_markets" } });
        var added = await _socket.NextAsync();
        added.GetProperty("type").GetString().Should().Be("ok");
        added.GetProperty("id").GetInt32().Should().Be(2);
        added.GetProperty("sid").GetInt32().Should().Be(sid);
        Tickers(added).Should().BeEquivalentTo(Ticker, Other);

        await _sim.Http.PostAsync($"/_sim/markets/{Other}/quote", Json(new { yes_bid_dollars = "0.30", yes_ask_dollars = "0.33" }));
        var tick = await _socket.WaitForTypeAsync("ticker");
        tick.GetProperty("msg").GetProperty("market_ticker").GetString().Should().Be(Other);

        await _socket.SendAsync(new { id = 3, cmd = "update_subscription", @params = new { sid, market_tickers = new[] { Other }, action = "delete_markets" } });
        Tickers(await _socket.WaitForTypeAsync("ok")).Should().BeEquivalentTo(Ticker);

        // A quote change on the removed market is not delivered; the next message is the one for the kept market.
        await _sim.Http.PostAsync($"/_sim/markets/{Other}/quote", Json(new { yes_bid_dollars = "0.31", yes_ask_dollars = "0.33" }));
        await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/quote", Json(new { yes_bid_dollars = "0.40", yes_ask_dollars = "0.45" }));
        (await _socket.NextAsync()).GetProperty("msg").GetProperty("market_ticker").GetString().Should().Be(Ticker);
    }

    [Fact]
    public async Task Unsubscribe_acks_each_sid_and_stops_the_messages()
    {
        var tickerSid = await SubscribeAsync(1, "ticker", Ticker);
        var tradeSid = await SubscribeAsync(2, "trade", Ticker);

        await _socket.SendAsync(new { id = 3, cmd = "unsubscribe", @params = new { sids = new[] { tickerSid } } });
        var ack = await _socket.NextAsync();

        ack.GetProperty("type").GetString().Should().Be("unsubscribed");
        ack.GetProperty("id").GetInt32().Should().Be(3);
        ack.GetProperty("sid").GetInt32().Should().Be(tickerSid);
        await _sim.FillAsync(_signer.KeyId, Ticker, "yes", "buy", 1, "0.52");
        var next = await _socket.NextAsync();
        next.GetProperty("type").GetString().Should().Be("trade", "the ticker subscription is gone");
        next.GetProperty("sid").GetInt32().Should().Be(tradeSid);
    }

    [Fact]
    public async Task List_subscriptions_returns_channel_and_sid_of_each()
    {
        var tickerSid = await SubscribeAsync(1, "ticker", null);
        var fillSid = await SubscribeAsync(2, "fill", null);

        await _socket.SendAsync(new { id = 3, cmd = "list_subscriptions" });
        var list = await _socket.NextAsync();

        list.GetProperty("type").GetString().Should().Be("ok");
        list.GetProperty("id").GetInt32().Should().Be(3);
        list.GetProperty("msg").EnumerateArray().Select(s => (s.GetProperty("channel").GetString(), s.GetProperty("sid").GetInt32()))
            .Should().BeEquivalentTo(new[] { ("ticker", tickerSid), ("fill", fillSid) });
    }

    [Theory]
    [InlineData("""{"id":5,"cmd":"dance"}""", 5)]
    [InlineData("""{"id":5,"cmd":"subscribe"}""", 2)]
    [InlineData("""{"id":5,"cmd":"subscribe","params":{}}""", 3)]
    [InlineData("""{"id":5,"cmd":"subscribe","params":{"channels":["orderbook_nonsense"]}}""", 8)]
    [InlineData("""{"id":5,"cmd":"subscribe","params":{"channels":["ticker"],"market_tickers":["NO-SUCH-MARKET"]}}""", 16)]
    [InlineData("""{"id":5,"cmd":"subscribe","params":{"channels":["ticker"],"market_ticker":"A","market_tickers":["B"]}}""", 11)]
    [InlineData("""{"id":5,"cmd":"unsubscribe","params":{}}""", 4)]
    [InlineData("""{"id":5,"cmd":"unsubscribe","params":{"sids":[42]}}""", 7)]
    [InlineData("""{"id":5,"cmd":"update_subscription","params":{"sids":[1],"market_tickers":["A"]}}""", 15)]
    [InlineData("""{"id":5,"cmd":"update_subscription","params":{"sids":[1],"market_tickers":["A"],"action":"get_snapshot"}}""", 13)]
    [InlineData("""{"id":5,"cmd":"update_subscription","params":{"sids":[1,2],"action":"add_markets"}}""", 12)]
    [InlineData("""{"id":5,"cmd":"update_subscription","params":{"sids":[1],"action":"add_markets"}}""", 14)]
    [InlineData("""not json at all""", 1)]
    public async Task Bad_commands_get_error_frames_with_kalshis_integer_codes(string command, int code)
    {
        await _socket.SendTextAsync(command);

        var error = await _socket.NextAsync();

        error.GetProperty("type").GetString().Should().Be("error");
        error.GetProperty("msg").GetProperty("code").ValueKind.Should().Be(JsonValueKind.Number);
        error.GetProperty("msg").GetProperty("code").GetInt32().Should().Be(code);
        error.GetProperty("msg").GetProperty("msg").GetString().Should().NotBeNullOrEmpty();
        if (code != 1) error.GetProperty("id").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task Subscribing_twice_to_all_markets_is_already_subscribed()
    {
        await SubscribeAsync(1, "ticker", null);
        await _socket.SendAsync(new { id = 2, cmd = "subscribe", @params = new { channels = new[] { "ticker" } } });

        (await _socket.NextAsync()).GetProperty("msg").GetProperty("code").GetInt32().Should().Be(6);
    }

    [Fact]
    public async Task A_pinned_quote_change_sends_a_ticker_message_with_that_quote()
    {
        var sid = await SubscribeAsync(1, "ticker", Ticker);

        var response = await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/quote", Json(new { yes_bid_dollars = "0.61", yes_ask_dollars = "0.64" }));
        response.EnsureSuccessStatusCode();
        var tick = await _socket.NextAsync();

        tick.GetProperty("type").GetString().Should().Be("ticker");
        tick.GetProperty("sid").GetInt32().Should().Be(sid);
        var msg = tick.GetProperty("msg");
        msg.GetProperty("market_ticker").GetString().Should().Be(Ticker);
        msg.GetProperty("yes_bid_dollars").GetString().Should().Be("0.6100");
        msg.GetProperty("yes_ask_dollars").GetString().Should().Be("0.6400");
        msg.GetProperty("ts_ms").GetInt64().Should().Be(SimulatorTestHost.Start.ToUnixTimeMilliseconds());
        foreach (var field in new[] { "market_id", "price_dollars", "yes_bid_size_fp", "yes_ask_size_fp", "volume_fp", "open_interest_fp", "time" })
        {
            msg.GetProperty(field).ValueKind.Should().Be(JsonValueKind.String, field);
        }

        // Pinned: the random walk leaves it alone.
        _sim.Host.Exchange.AdvanceRandomWalk(20_000);
        var market = _sim.Host.Exchange.GetMarket(Ticker);
        (market.Quote.YesBid, market.Quote.YesAsk).Should().Be((0.61m, 0.64m));

        (await _sim.Http.DeleteAsync($"/_sim/markets/{Ticker}/quote")).EnsureSuccessStatusCode();
        _sim.Host.Exchange.AdvanceRandomWalk(20_000);
        _sim.Host.Exchange.GetMarket(Ticker).Quote.Should().NotBe(market.Quote, "released, the market walks again");
    }

    [Fact]
    public async Task A_control_fill_sends_fill_and_market_position_and_shows_in_rest()
    {
        var fillSid = await SubscribeAsync(1, "fill", null);
        var positionSid = await SubscribeAsync(2, "market_positions", null);

        await _sim.FillAsync(_signer.KeyId, Ticker, "yes", "buy", 3, "0.52");

        var fill = await _socket.NextAsync();
        fill.GetProperty("type").GetString().Should().Be("fill");
        fill.GetProperty("sid").GetInt32().Should().Be(fillSid);
        var f = fill.GetProperty("msg");
        f.GetProperty("market_ticker").GetString().Should().Be(Ticker);
        f.GetProperty("count_fp").GetString().Should().Be("3.00");
        f.GetProperty("yes_price_dollars").GetString().Should().Be("0.5200");
        f.GetProperty("fee_cost").GetString().Should().Be("0.052500");
        f.GetProperty("outcome_side").GetString().Should().Be("yes");
        f.GetProperty("book_side").GetString().Should().Be("bid");
        f.GetProperty("post_position_fp").GetString().Should().Be("3.00");
        f.GetProperty("is_taker").GetBoolean().Should().BeTrue();
        f.GetProperty("ts_ms").ValueKind.Should().Be(JsonValueKind.Number);

        var position = await _socket.NextAsync();
        position.GetProperty("type").GetString().Should().Be("market_position");
        position.GetProperty("sid").GetInt32().Should().Be(positionSid);
        var p = position.GetProperty("msg");
        p.GetProperty("position_fp").GetString().Should().Be("3.00");
        p.GetProperty("position_cost_dollars").GetString().Should().Be("1.5600");
        p.GetProperty("fees_paid_dollars").GetString().Should().Be("0.0525");
        p.GetProperty("realized_pnl_dollars").GetString().Should().Be("0.0000");
        p.GetProperty("volume_fp").GetString().Should().Be("3.00");

        using var client = _sim.SignedClient(_signer);
        var positions = await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/positions");
        var row = positions.GetProperty("market_positions").EnumerateArray().Single();
        row.GetProperty("ticker").GetString().Should().Be(Ticker);
        row.GetProperty("position_fp").GetString().Should().Be("3.00");
        row.GetProperty("market_exposure_dollars").GetString().Should().Be("1.560000");
        var fills = await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/fills");
        fills.GetProperty("fills").EnumerateArray().Single().GetProperty("fill_id").GetString().Should().Be(f.GetProperty("trade_id").GetString());
        var balance = await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/balance");
        balance.GetProperty("balance_dollars").GetString().Should().Be("998.3875"); // 1000 − 1.56 − 0.0525
        balance.GetProperty("balance").GetInt64().Should().Be(99838);
    }

    [Fact]
    public async Task Private_channels_carry_only_the_sessions_own_account()
    {
        await SubscribeAsync(1, "fill", null);
        var stranger = _sim.Host.Exchange.CreateAccount(TestKeys.SharedPublicPem).KeyId;

        await _sim.FillAsync(stranger, Ticker, "yes", "buy", 1, "0.52");
        await _sim.FillAsync(_signer.KeyId, Ticker, "no", "buy", 2, "0.53");

        var fill = await _socket.NextAsync();
        fill.GetProperty("msg").GetProperty("count_fp").GetString().Should().Be("2.00");
    }

    [Fact]
    public async Task Settlement_sends_a_flat_market_position_and_moves_the_position_to_settlements()
    {
        await _sim.FillAsync(_signer.KeyId, Ticker, "yes", "buy", 4, "0.52");
        await SubscribeAsync(1, "market_positions", Ticker);
        using var client = _sim.SignedClient(_signer);
        var cashBefore = _sim.Host.Exchange.GetCashDollars(_signer.KeyId);

        (await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/settle", Json(new { result = "yes" }))).EnsureSuccessStatusCode();

        var message = await _socket.NextAsync();
        message.GetProperty("type").GetString().Should().Be("market_position");
        message.GetProperty("msg").GetProperty("position_fp").GetString().Should().Be("0.00");
        (await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/positions")).GetProperty("market_positions").GetArrayLength().Should().Be(0);
        var settlement = (await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/settlements")).GetProperty("settlements").EnumerateArray().Single();
        settlement.GetProperty("ticker").GetString().Should().Be(Ticker);
        settlement.GetProperty("market_result").GetString().Should().Be("yes");
        settlement.GetProperty("yes_count_fp").GetString().Should().Be("4.00");
        settlement.GetProperty("yes_total_cost_dollars").GetString().Should().Be("2.080000");
        settlement.GetProperty("revenue").GetInt64().Should().Be(400);
        settlement.GetProperty("value").GetInt64().Should().Be(100);
        _sim.Host.Exchange.GetCashDollars(_signer.KeyId).Should().Be(cashBefore + 4m);
        var market = (await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/markets/{Ticker}")).GetProperty("market");
        market.GetProperty("status").GetString().Should().Be("finalized");
        (await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?status=settled")).GetProperty("markets").EnumerateArray()
            .Select(m => m.GetProperty("ticker").GetString()).Should().Equal(Ticker);
    }

    [Fact]
    public async Task Trades_reach_the_public_trade_channel()
    {
        var sid = await SubscribeAsync(1, "trade", null);

        await _sim.FillAsync(_signer.KeyId, Ticker, "no", "buy", 2, "0.53");

        var trade = await _socket.NextAsync();
        trade.GetProperty("type").GetString().Should().Be("trade");
        trade.GetProperty("sid").GetInt32().Should().Be(sid);
        var msg = trade.GetProperty("msg");
        msg.GetProperty("yes_price_dollars").GetString().Should().Be("0.4700");
        msg.GetProperty("no_price_dollars").GetString().Should().Be("0.5300");
        msg.GetProperty("taker_outcome_side").GetString().Should().Be("no");
        msg.GetProperty("count_fp").GetString().Should().Be("2.00");
    }

    [Fact]
    public async Task A_ticker_subscription_without_markets_sees_every_market()
    {
        await SubscribeAsync(1, "ticker", null);

        _sim.Host.Exchange.AdvanceRandomWalk(50);

        var seen = new HashSet<string>();
        for (var i = 0; i < 10; i++) seen.Add((await _socket.WaitForTypeAsync("ticker")).GetProperty("msg").GetProperty("market_ticker").GetString()!);
        seen.Count.Should().BeGreaterThan(1);
    }

    private async Task<int> SubscribeAsync(int id, string channel, string? ticker)
    {
        object parameters = ticker is null ? new { channels = new[] { channel } } : new { channels = new[] { channel }, market_tickers = new[] { ticker } };
        await _socket.SendAsync(new { id, cmd = "subscribe", @params = parameters });
        var ack = await _socket.NextAsync();
        ack.GetProperty("type").GetString().Should().Be("subscribed", ack.GetRawText());
        return ack.GetProperty("msg").GetProperty("sid").GetInt32();
    }

    private static IEnumerable<string> Tickers(JsonElement ok) =>
        ok.GetProperty("msg").GetProperty("market_tickers").EnumerateArray().Select(t => t.GetString()!);

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
