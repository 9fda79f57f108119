using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Core.Streaming.Upstream;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>The <c>ticker</c> subscription covers exactly the markets held, never all markets.</summary>
[Trait("Category", "Unit")]
public sealed class TickerSubscriptionTests
{
    private static JsonElement Json(KalshiWsCommand command) => JsonDocument.Parse(command.Json).RootElement.Clone();

    private static string[] Tickers(JsonElement command) =>
        command.GetProperty("params").GetProperty("market_tickers").EnumerateArray().Select(t => t.GetString()!).ToArray();

    [Fact]
    public void Nothing_held_means_only_the_private_channels_and_never_a_ticker_subscribe_without_tickers()
    {
        var tickers = new TickerSubscriptions();

        var commands = tickers.OnConnected().Select(Json).ToList();
        commands.Should().ContainSingle();
        commands[0].GetProperty("params").GetProperty("channels").EnumerateArray().Select(c => c.GetString())
            .Should().BeEquivalentTo("market_positions", "fill");

        tickers.SetHeld([]).Should().BeEmpty();
        tickers.Remove("A").Should().BeEmpty();
    }

    [Fact]
    public void Opens_and_closes_become_subscribe_add_markets_delete_markets_and_unsubscribe()
    {
        var tickers = new TickerSubscriptions();
        tickers.OnConnected();

        var subscribe = Json(tickers.Add("A").Single());
        subscribe.GetProperty("cmd").GetString().Should().Be("subscribe");
        Tickers(subscribe).Should().Equal("A");

        tickers.Add("B").Should().BeEmpty("it waits for the subscribe's ack");
        var afterAck = tickers.OnSubscribed(subscribe.GetProperty("id").GetInt64(), KalshiWsChannels.Ticker, 42).Select(Json).ToList();
        afterAck.Should().ContainSingle();
        afterAck[0].GetProperty("cmd").GetString().Should().Be("update_subscription");
        afterAck[0].GetProperty("params").GetProperty("action").GetString().Should().Be("add_markets");
        afterAck[0].GetProperty("params").GetProperty("sids").EnumerateArray().Single().GetInt64().Should().Be(42);
        Tickers(afterAck[0]).Should().Equal("B");

        var delete = Json(tickers.Remove("A").Single());
        delete.GetProperty("params").GetProperty("action").GetString().Should().Be("delete_markets");
        Tickers(delete).Should().Equal("A");

        var unsubscribe = Json(tickers.Remove("B").Single());
        unsubscribe.GetProperty("cmd").GetString().Should().Be("unsubscribe");
        unsubscribe.GetProperty("params").GetProperty("sids").EnumerateArray().Single().GetInt64().Should().Be(42);
        tickers.Sid.Should().BeNull();

        Tickers(Json(tickers.Add("C").Single())).Should().Equal("C");
    }

    [Fact]
    public void A_new_socket_resubscribes_exactly_the_held_markets_and_a_refused_subscribe_is_retried()
    {
        var tickers = new TickerSubscriptions();
        tickers.OnConnected();
        var first = Json(tickers.SetHeld(["B", "A"]).Single());
        tickers.OnSubscribed(first.GetProperty("id").GetInt64(), KalshiWsChannels.Ticker, 7);
        tickers.Remove("B");

        var resync = tickers.OnConnected().Select(Json).ToList();

        resync.Should().HaveCount(2);
        resync[1].GetProperty("cmd").GetString().Should().Be("subscribe");
        Tickers(resync[1]).Should().Equal("A");
        tickers.Sid.Should().BeNull("the old socket's sid means nothing on the new one");

        tickers.OnError(resync[1].GetProperty("id").GetInt64());
        Tickers(Json(tickers.Add("D").Single())).Should().Equal("A", "D");
    }

    [Fact]
    public void A_lost_ack_is_recovered_from_the_next_list_subscriptions_answer()
    {
        var tickers = new TickerSubscriptions();
        tickers.OnConnected();
        var subscribe = Json(tickers.Add("A").Single());
        tickers.Add("B").Should().BeEmpty("waiting for an ack that never comes");
        var probe = Json(tickers.Probe());

        var commands = tickers.OnListed(probe.GetProperty("id").GetInt64(), [new KalshiWsSubscription("market_positions", 1), new KalshiWsSubscription("ticker", 9)]).Select(Json).ToList();

        subscribe.GetProperty("id").GetInt64().Should().BeLessThan(probe.GetProperty("id").GetInt64());
        tickers.Sid.Should().Be(9);
        commands.Should().ContainSingle();
        commands[0].GetProperty("params").GetProperty("action").GetString().Should().Be("add_markets");
        Tickers(commands[0]).Should().Equal("B");
    }

    [Fact]
    public void A_subscribe_missing_from_the_list_is_sent_again()
    {
        var tickers = new TickerSubscriptions();
        tickers.OnConnected();
        tickers.Add("A");
        var probe = Json(tickers.Probe());

        var again = tickers.OnListed(probe.GetProperty("id").GetInt64(), [new KalshiWsSubscription("market_positions", 1)]).Select(Json).ToList();

        again.Should().ContainSingle();
        again[0].GetProperty("cmd").GetString().Should().Be("subscribe");
        Tickers(again[0]).Should().Equal("A");
    }

    [Fact]
    public async Task The_upstream_subscribes_a_market_when_a_position_opens_and_drops_it_when_it_closes_and_resyncs_after_a_reconnect()
    {
        await using var h = await UpstreamHarness.CreateAsync();
        await h.StartConnectedAsync();
        var socket = h.Sockets.Created[0];
        socket.CommandsNamed("subscribe").Should().ContainSingle("only the private channels: nothing is held");
        var market = h.Market(5);

        socket.Push(MarketPosition(market, 3, 1.20m));
        await Eventually.True(() => socket.CommandsNamed("subscribe").Count == 2, "a ticker subscribe");
        var subscribe = socket.CommandsNamed("subscribe")[1];
        subscribe.GetProperty("params").GetProperty("channels").EnumerateArray().Single().GetString().Should().Be("ticker");
        Tickers(subscribe).Should().Equal(market);
        await Eventually.True(() => h.Portfolio.GetPosition(market)?.MarketTitle is not null, "the new market's title fetched");

        socket.Push(Ticker(market, 0.55m, 0.60m));
        await Eventually.True(() => h.Portfolio.GetPosition(market)?.Quote?.YesBid == 0.55m, "the quote applied");

        socket.Push(MarketPosition(market, 0, 0m));
        await Eventually.True(() => socket.CommandsNamed("unsubscribe").Count == 1, "the ticker unsubscribed once nothing is held");
        h.Portfolio.GetPosition(market).Should().BeNull();

        socket.Push(MarketPosition(market, 2, 0.80m));
        await Eventually.True(() => socket.CommandsNamed("subscribe").Count == 3, "subscribed again");
        socket.Drop();
        await KalshiUpstreamTimingTests.AdvanceToNextAttemptAsync(h);
        await Eventually.True(() => h.Sockets.Created.Count == 2 && h.Sockets.Created[1].CommandsNamed("subscribe").Count == 2, "the new socket's subscribes");
        // The reconcile after the reconnect finds no such position on Kalshi (it was only on the fake socket): dropped.
        await Eventually.True(() => h.Portfolio.GetPosition(market) is null, "Kalshi wins");
        await Eventually.True(() => h.Sockets.Created[1].CommandsNamed("unsubscribe").Count == 1, "and its ticker is dropped");
    }

    internal static string MarketPosition(string ticker, decimal position, decimal cost, decimal realized = 0m) =>
        "{\"type\":\"market_position\",\"sid\":3,\"msg\":{\"user_id\":\"u\",\"market_ticker\":\"" + ticker + "\",\"position_fp\":\"" + position.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
        + "\",\"position_cost_dollars\":\"" + cost.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) + "\",\"realized_pnl_dollars\":\"" + realized.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)
        + "\",\"fees_paid_dollars\":\"0.0000\",\"position_fee_cost_dollars\":\"0.0000\",\"volume_fp\":\"" + Math.Abs(position).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "\",\"subaccount\":0}}";

    internal static string Ticker(string ticker, decimal bid, decimal ask) =>
        "{\"type\":\"ticker\",\"sid\":4,\"msg\":{\"market_ticker\":\"" + ticker + "\",\"market_id\":\"00000000-0000-0000-0000-000000000000\",\"price_dollars\":\"" + bid.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)
        + "\",\"yes_bid_dollars\":\"" + bid.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) + "\",\"yes_ask_dollars\":\"" + ask.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)
        + "\",\"yes_bid_size_fp\":\"100.00\",\"yes_ask_size_fp\":\"100.00\",\"volume_fp\":\"0.00\",\"open_interest_fp\":\"0.00\",\"ts_ms\":1781186400000}}";
}
