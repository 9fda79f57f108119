using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// The SSE feed end to end: the real app and a real simulator over a real WebSocket, from a fill or a quote on the
/// simulator to an event on the client.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SseFeedTests(StreamingAppFixture fixture) : IClassFixture<StreamingAppFixture>
{
    private HttpClient Sim() => new() { BaseAddress = fixture.Simulator.BaseUri };

    private async Task PinQuoteAsync(string ticker, decimal bid, decimal ask)
    {
        using var sim = Sim();
        var response = await sim.PostAsJsonAsync($"/_sim/markets/{ticker}/quote", new { yes_bid_dollars = bid.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), yes_ask_dollars = ask.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_feed_is_text_event_stream_starts_with_a_snapshot_and_every_event_has_an_id_and_typed_data_and_no_event_line()
    {
        var user = await fixture.SignInAsync();
        var market = fixture.NewMarket();
        // Sign-in returns once Kalshi's REST snapshot is in; the socket may connect a moment later.
        await Eventually.True(() => user.Portfolio.Status.State == ConnectionState.Connected, "the socket connected");
        await using var feed = await user.OpenFeedAsync();

        feed.Response.StatusCode.Should().Be(HttpStatusCode.OK);
        feed.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        feed.Response.Headers.CacheControl!.NoCache.Should().BeTrue();

        var snapshot = await feed.NextEventAsync();
        snapshot.Type.Should().Be("snapshot");
        snapshot.Retry.Should().NotBeNull();
        snapshot.Json.GetProperty("positions").ValueKind.Should().Be(JsonValueKind.Array);
        snapshot.Json.GetProperty("portfolio").Money("cash_dollars").Should().Be(1000m);
        snapshot.Json.GetProperty("connection_status").GetProperty("state").GetString().Should().Be("connected");

        await user.TradeAsync(market, "yes", "buy", 4, 0.45m);
        var update = await feed.NextAsync("position_update", e => e.Ticker() == market);
        update.Json.Pos().Money("position_fp").Should().Be(4);
        await feed.NextAsync("portfolio_update", e => e.GetProperty("portfolio").GetProperty("position_count").GetInt32() == 1);
        await Eventually.True(() => feed.Raw.Contains(": heartbeat\n\n", StringComparison.Ordinal), "a heartbeat comment");
        await user.TradeAsync(market, "yes", "buy", 1, 0.45m);
        await feed.NextAsync("position_update", e => e.Pos().Money("position_fp") == 5);

        var raw = feed.Raw;
        var blocks = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        blocks.Should().OnlyContain(b => !b.Split('\n').Any(l => l.StartsWith("event:", StringComparison.Ordinal)), "no event: line, so EventSource.onmessage gets every event");
        var events = blocks.Where(b => !b.StartsWith(':')).ToList();
        events.Should().OnlyContain(b => b.Split('\n').Count(l => l.StartsWith("id: ", StringComparison.Ordinal)) == 1, "every event has one id");
        events.Should().OnlyContain(b => b.Split('\n').Count(l => l.StartsWith("data: ", StringComparison.Ordinal)) == 1, "one data line of JSON");
        blocks.Where(b => b.StartsWith(':')).Should().OnlyContain(b => b == ": heartbeat", "comments are whole frames, never inside an event");

        // .NET's own parser reads the same stream: every item is a "message" with typed JSON data and an id.
        var complete = raw[..(raw.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)];
        var parsed = new List<SseItem<string>>();
        var parser = SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(complete)));
        foreach (var item in parser.Enumerate())
        {
            parsed.Add(item);
        }
        parsed.Should().HaveCount(events.Count);
        parsed.Should().OnlyContain(i => i.EventType == "message");
        parsed.Select(i => JsonDocument.Parse(i.Data).RootElement.GetProperty("type").GetString()).Should().StartWith("snapshot").And.Contain("position_update");
        var ids = parsed.Select(i => long.Parse(i.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        ids.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_quote_change_reaches_the_client_as_a_position_update_with_the_recomputed_pnl_and_a_closed_market_is_unsubscribed()
    {
        var user = await fixture.SignInAsync();
        var (held, closed) = (fixture.NewMarket(), fixture.NewMarket());
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");

        await user.TradeAsync(held, "yes", "buy", 10, 0.40m);
        await user.TradeAsync(closed, "yes", "buy", 3, 0.50m);
        await feed.NextAsync("position_update", e => e.Ticker() == closed && e.Pos().GetProperty("market_title").GetString() is not null);
        await Eventually.True(() => user.Upstream.SubscribedMarkets.Order().SequenceEqual(new[] { held, closed }.Order()), "the ticker channel covers exactly the held markets");

        await PinQuoteAsync(held, 0.61m, 0.64m);
        var priced = await feed.NextAsync("position_update", e => e.Ticker() == held && e.Pos().Money("yes_bid_dollars") == 0.61m);
        var p = priced.Json.Pos();
        p.Money("current_price_dollars").Should().Be(0.61m, "a YES position is marked at the YES bid (liquidation)");
        p.Money("market_value_dollars").Should().Be(6.10m);
        p.Money("cost_dollars").Should().Be(4.00m);
        p.Money("unrealized_pnl_dollars").Should().Be(2.10m);
        var totals = await feed.NextAsync("portfolio_update");
        totals.Json.GetProperty("portfolio").Money("unrealized_pnl_dollars").Should().Be(
            2.10m + user.Portfolio.GetPosition(closed)!.UnrealizedPnl!.Value);

        await user.TradeAsync(closed, "yes", "sell", 3, 0.50m);
        (await feed.NextAsync("position_closed")).Json.Ticker().Should().Be(closed);
        await Eventually.True(() => user.Upstream.SubscribedMarkets.SequenceEqual([held]), "the closed market dropped from the ticker channel");

        // A quote on the closed market no longer reaches the socket; one on the held market does, after it.
        await PinQuoteAsync(held, 0.66m, 0.69m);
        await feed.NextAsync("position_update", e => e.Ticker() == held && e.Pos().Money("yes_bid_dollars") == 0.66m);
        var before = Metrics().MessageCount;
        await PinQuoteAsync(closed, 0.20m, 0.25m);
        await PinQuoteAsync(held, 0.70m, 0.72m);
        await feed.NextAsync("position_update", e => e.Ticker() == held && e.Pos().Money("yes_bid_dollars") == 0.70m);
        (Metrics().MessageCount - before).Should().Be(1, "only the held market's ticker message arrived");
        feed.TakeReceived().Should().NotContain(f => !f.IsComment && f.Type == "position_update" && f.Json.Ticker() == closed);
    }

    private Core.Diagnostics.PortfolioMetrics Metrics() =>
        (Core.Diagnostics.PortfolioMetrics)fixture.App.Services.GetService(typeof(Core.Diagnostics.PortfolioMetrics))!;

    [Fact]
    public async Task A_settled_market_closes_the_position_and_realizes_the_payout_into_cash()
    {
        var user = await fixture.SignInAsync(balance: 100m);
        var market = fixture.NewMarket();
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");
        await user.TradeAsync(market, "yes", "buy", 5, 0.30m);
        await feed.NextAsync("position_update", e => e.Ticker() == market);
        await Eventually.True(() => user.Portfolio.GetView().Summary.Cash < 100m, "cash after the fill");
        var cashBefore = user.Portfolio.GetView().Summary.Cash;

        using (var sim = Sim())
        {
            (await sim.PostAsJsonAsync($"/_sim/markets/{market}/settle", new { result = "yes" })).EnsureSuccessStatusCode();
        }

        (await feed.NextAsync("position_closed")).Json.Ticker().Should().Be(market);
        var settled = await feed.NextAsync("portfolio_update", e =>
            e.GetProperty("portfolio").Money("realized_pnl_dollars") == 3.50m && e.GetProperty("portfolio").Money("cash_dollars") == cashBefore + 5m);
        settled.Json.GetProperty("portfolio").GetProperty("position_count").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Two_users_see_only_their_own_portfolio_over_one_socket_each()
    {
        var sockets = fixture.Simulator.WebSocketConnections;
        var alice = await fixture.SignInAsync();
        var bob = await fixture.SignInAsync();
        var (aliceMarket, bobMarket) = (fixture.NewMarket(), fixture.NewMarket());
        var feeds = new List<SseTestClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                feeds.Add(await alice.OpenFeedAsync());
                feeds.Add(await bob.OpenFeedAsync());
            }
            using var extra = fixture.App.Streams.Subscribe(alice.UserId);
            foreach (var feed in feeds)
            {
                await feed.NextAsync("snapshot");
            }
            await Eventually.True(() => fixture.Simulator.WebSocketConnections == sockets + 2, "one upstream socket per user");

            await alice.TradeAsync(aliceMarket, "yes", "buy", 2, 0.40m);
            await bob.TradeAsync(bobMarket, "no", "buy", 3, 0.40m);

            foreach (var (feed, index) in feeds.Select((f, i) => (f, i)))
            {
                var own = index % 2 == 0 ? aliceMarket : bobMarket;
                var first = await feed.NextAsync("position_update");
                first.Json.Ticker().Should().Be(own);
            }
            // Bob's cash moved (the balance is read after a fill); Alice's feed never shows Bob's.
            await feeds[1].NextAsync("portfolio_update", e => e.GetProperty("portfolio").Money("cash_dollars") < 1000m);
            fixture.Simulator.WebSocketConnections.Should().Be(sockets + 2);
            alice.Portfolio.GetPositions().Select(p => p.Ticker).Should().Equal(aliceMarket);
            bob.Portfolio.GetPositions().Select(p => p.Ticker).Should().Equal(bobMarket);
        }
        finally
        {
            foreach (var feed in feeds)
            {
                await feed.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_replays_exactly_what_was_missed_or_a_snapshot_when_it_is_gone()
    {
        var user = await fixture.SignInAsync();
        var market = fixture.NewMarket();
        await Eventually.True(() => user.Portfolio.Status.State == ConnectionState.Connected, "connected");
        // The witness sees everything after its snapshot; a client that saw that same snapshot and went away resumes
        // from its id. (Two feeds opened one after the other may see different snapshots: the link can still publish
        // an event of its own, a status or totals, right after connecting.)
        await using var witness = await user.OpenFeedAsync();
        var resumeFrom = (await witness.NextAsync("snapshot")).Id!;

        await user.TradeAsync(market, "yes", "buy", 2, 0.40m);
        await user.TradeAsync(market, "yes", "buy", 1, 0.41m);
        var missed = new List<SseFrame>();
        do
        {
            missed.Add(await witness.NextEventAsync());
        }
        while (!(missed[^1].Type == "position_update" && missed[^1].Json.Pos().Money("position_fp") == 3));
        while (missed[^1].IdNumber < user.Portfolio.Hub.LastEventId)
        {
            missed.Add(await witness.NextEventAsync());
        }

        await using var resumed = await user.OpenFeedAsync(lastEventId: resumeFrom);
        var replayed = new List<SseFrame>();
        foreach (var _ in missed)
        {
            replayed.Add(await resumed.NextEventAsync());
        }
        replayed.Select(f => (f.Id, f.Data)).Should().Equal(missed.Select(f => (f.Id, f.Data)), "exactly the events missed, in order, no snapshot");

        await using var tooOld = await user.OpenFeedAsync(lastEventId: "1");
        (await tooOld.NextEventAsync()).Type.Should().Be("snapshot");
        await using var garbage = await user.OpenFeedAsync(lastEventId: "not-a-number");
        (await garbage.NextEventAsync()).Type.Should().Be("snapshot");
    }

    [Fact]
    public async Task Logging_out_ends_the_stream_with_session_expired()
    {
        var user = await fixture.SignInAsync();
        await using var feed = await user.OpenFeedAsync();
        var snapshot = await feed.NextAsync("snapshot");

        using var api = fixture.App.CreateBearerClient(user.Token);
        (await api.DeleteAsync("/api/v1/account/logout")).EnsureSuccessStatusCode();

        var last = await feed.NextAsync("session_expired");
        last.Id.Should().NotBeNull("every event has an id: the last one delivered, to resume from");
        last.IdNumber.Should().BeGreaterThanOrEqualTo(snapshot.IdNumber);
        await feed.Ended.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.True(() => fixture.App.Streams.Find(user.UserId) is null, "the user's stream stopped");
    }

    [Fact]
    public async Task Refreshing_issues_a_working_token_revokes_the_old_one_and_ends_its_stream()
    {
        var user = await fixture.SignInAsync();
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");

        using var old = fixture.App.CreateBearerClient(user.Token);
        var refresh = await old.PostAsync("/api/v1/account/refresh", null);
        refresh.StatusCode.Should().Be(HttpStatusCode.OK);
        var fresh = (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        fresh.Should().NotBe(user.Token);

        var ended = await feed.NextAsync("session_expired");
        ended.Json.GetProperty("reason").GetString().Should().Contain("revoked");
        await feed.Ended.WaitAsync(Eventually.DefaultTimeout);

        (await old.GetAsync("/api/v1/account/positions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var renewed = fixture.App.CreateBearerClient(fresh);
        (await renewed.GetAsync("/api/v1/account/positions")).StatusCode.Should().Be(HttpStatusCode.OK);
        var oldFeed = await fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).GetAsync($"{StreamingUser.SsePath}?token={user.Token}");
        oldFeed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var newFeed = await user.OpenFeedAsync(token: fresh);
        (await newFeed.NextEventAsync()).Type.Should().Be("snapshot");
    }

    [Fact]
    public async Task Without_a_valid_token_the_feed_answers_401()
    {
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        (await client.GetAsync(StreamingUser.SsePath)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync($"{StreamingUser.SsePath}?token=not-a-jwt")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var user = await fixture.SignInAsync();
        using var bearer = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        await using var feed = await SseTestClient.OpenAsync(bearer, StreamingUser.SsePath);
        (await feed.NextEventAsync()).Type.Should().Be("snapshot");
    }

    [Fact]
    public async Task A_thousand_connects_and_disconnects_leave_no_subscription_or_connection_behind()
    {
        var user = await fixture.SignInAsync();
        await Eventually.True(() => user.Portfolio.Status.State == ConnectionState.Connected, "connected");
        var sockets = fixture.Simulator.WebSocketConnections;
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        for (var i = 0; i < 1000; i++)
        {
            await using var feed = await SseTestClient.OpenAsync(client, $"{StreamingUser.SsePath}?token={user.Token}");
            (await feed.NextEventAsync()).Type.Should().Be("snapshot");
        }

        await Eventually.True(() => user.Portfolio.Hub.SubscriberCount == 0, "no subscription left");
        await Eventually.True(() => Metrics().SseConnections == 0, "kp_sse_connections back to 0");
        (await ScrapeAsync(client, "kp_sse_connections")).Should().NotBe(double.NaN, "the gauge is exported");
        user.Portfolio.Hub.QueueDepth.Should().Be(0);
        fixture.Simulator.WebSocketConnections.Should().Be(sockets, "still one upstream socket for the user");
    }

    internal static async Task<double> ScrapeAsync(HttpClient client, string name)
    {
        var text = await client.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && !l.StartsWith(name + "_", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Malformed_frames_are_ignored_and_counted_and_the_feed_goes_on()
    {
        var user = await fixture.SignInAsync();
        var market = fixture.NewMarket();
        await using var feed = await user.OpenFeedAsync();
        await feed.NextAsync("snapshot");
        await user.TradeAsync(market, "yes", "buy", 2, 0.40m);
        await feed.NextAsync("position_update", e => e.Ticker() == market);
        await Eventually.True(() => user.Upstream.TickerSubscriptionId is not null && user.Portfolio.GetPosition(market)?.MarketTitle is not null, "the ticker subscription acknowledged");
        var malformed = user.Upstream.MalformedFrames;

        fixture.Simulator.Faults.SendMalformedFrames(2);
        await PinQuoteAsync(market, 0.30m, 0.33m); // garbled
        await PinQuoteAsync(market, 0.31m, 0.34m); // garbled
        await PinQuoteAsync(market, 0.32m, 0.35m);

        var update = await feed.NextAsync("position_update", e => e.Ticker() == market && e.Pos().Money("yes_bid_dollars") is 0.30m or 0.31m or 0.32m);
        update.Json.Pos().Money("yes_bid_dollars").Should().Be(0.32m, "the garbled frames were skipped");
        user.Upstream.MalformedFrames.Should().Be(malformed + 2);
        user.Portfolio.Status.State.Should().Be(ConnectionState.Connected);
    }
}
