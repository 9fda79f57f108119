using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public sealed class LivePortfolioTests : IAsyncDisposable
{
    private const string User = FakePortfolioStreams.UserId;

    private readonly FakeTimeProvider _time = new(TestData.At);
    private readonly FakePortfolioStreams _streams;
    private readonly LivePortfolio _live;
    private readonly Notifications _notifications = new();

    public LivePortfolioTests()
    {
        _streams = new FakePortfolioStreams(_time);
        _live = new LivePortfolio(_streams, _time, NullLogger<LivePortfolio>.Instance);
        _live.OnChange(_notifications.Handler);
    }

    [Fact]
    public async Task Applies_the_snapshot_then_updates_closes_totals_and_status()
    {
        var held = TestData.Position(ticker: "KXA");
        _streams.Positions.Add(held);
        _streams.Positions.Add(TestData.Position(ticker: "KXB"));

        _live.Start(User).Should().BeTrue();
        await _notifications.WaitForAsync(1);

        var loaded = _live.State;
        loaded.IsLoaded.Should().BeTrue();
        loaded.IsLoading.Should().BeFalse();
        loaded.Feed.Should().Be(LiveFeed.Live);
        loaded.Positions.Select(p => p.Ticker).Should().Equal("KXA", "KXB");
        loaded.Portfolio.Should().Be(_streams.View);
        loaded.Status!.State.Should().Be(ConnectionState.Connected);

        var repriced = TestData.Repriced(held, 0.60m);
        var view = TestData.View(cash: 900m);
        _streams.Update(repriced);
        _streams.Update(TestData.Position(ticker: "KXC"));
        _streams.Publish(new PositionClosedEvent("KXB", null) { At = _time.GetUtcNow() });
        _streams.Publish(new PortfolioUpdatedEvent(view) { At = _time.GetUtcNow() });
        _streams.Publish(new ConnectionStatusEvent(TestData.Status(ConnectionState.Degraded)) { At = _time.GetUtcNow() });
        _time.Advance(LivePortfolio.FrameInterval);
        await _notifications.WaitForAsync(2);

        var state = _live.State;
        state.Positions.Select(p => p.Ticker).Should().Equal("KXA", "KXC");
        state.Find("KXA").Should().BeSameAs(repriced);
        state.Portfolio.Should().Be(view);
        state.Status!.State.Should().Be(ConnectionState.Degraded);
        state.Tab.EventsReceived.Should().Be(6);
        state.Version.Should().BeGreaterThan(loaded.Version);
    }

    [Fact]
    public async Task A_burst_of_500_events_costs_one_notification()
    {
        _live.Start(User);
        await _notifications.WaitForAsync(1);

        // The loop now waits for the end of its frame: everything published meanwhile is drained at once.
        PositionState last = TestData.Position(ticker: "KX0");
        for (var i = 0; i < 500; i++)
        {
            last = TestData.Position(ticker: $"KX{i % 5}", cost: 1m + i * 0.01m);
            _streams.Update(last);
        }
        _notifications.Count.Should().Be(1, "nothing is published before the frame ends");

        _time.Advance(LivePortfolio.FrameInterval);
        await _notifications.WaitForAsync(2);

        _notifications.Count.Should().Be(2);
        _live.State.Positions.Should().HaveCount(5);
        _live.State.Find(last.Ticker).Should().BeSameAs(last);
        _live.State.Tab.EventsReceived.Should().Be(501);
    }

    [Fact]
    public async Task A_steady_stream_renders_at_most_once_per_frame()
    {
        var position = TestData.Position(ticker: "KXFAST");
        _streams.Positions.Add(position);
        _live.Start(User);
        await _notifications.WaitForAsync(1);

        // 100 updates, one per millisecond: 50 updates/s would be tamer still.
        PositionState latest = position;
        for (var i = 1; i <= 100; i++)
        {
            latest = TestData.Repriced(position, 0.40m + i * 0.001m);
            _streams.Update(latest);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        _time.Advance(LivePortfolio.FrameInterval);
        await _notifications.WaitUntilAsync(() => ReferenceEquals(_live.State.Find("KXFAST"), latest));

        // 116 ms of (fake) time holds at most 7 frames after the first notification.
        _notifications.Count.Should().BeInRange(2, 1 + 116 / 16);
        _live.State.Tab.EventsReceived.Should().Be(101);
    }

    [Fact]
    public async Task Dispose_ends_the_subscription()
    {
        _live.Start(User);
        await _notifications.WaitForAsync(1);
        _streams.Hub.SubscriberCount.Should().Be(1);

        await _live.DisposeAsync();

        _streams.Hub.SubscriberCount.Should().Be(0);
        _streams.Update(TestData.Position());
        _time.Advance(LivePortfolio.FrameInterval);
        _notifications.Count.Should().Be(1);
    }

    [Fact]
    public async Task Dispose_before_start_is_harmless()
    {
        await _live.DisposeAsync();

        _streams.SubscribeCalls.Should().Be(0);
    }

    [Fact]
    public async Task Session_expiry_is_published_and_the_subscription_dropped()
    {
        _live.Start(User);
        await _notifications.WaitForAsync(1);

        _streams.Publish(new SessionExpiredEvent("token expired") { At = _time.GetUtcNow() });
        _time.Advance(LivePortfolio.FrameInterval);
        await _notifications.WaitForAsync(2);

        _live.State.Feed.Should().Be(LiveFeed.SessionExpired);
        _live.State.SessionEndReason.Should().Be("token expired");
        await WaitUntilAsync(() => _streams.Hub.SubscriberCount == 0);
        _live.Start(User).Should().BeFalse("an expired session does not subscribe again");
    }

    [Fact]
    public void Unknown_user_has_no_live_portfolio()
    {
        _live.Start("someone-else").Should().BeFalse();

        _live.State.Feed.Should().Be(LiveFeed.Unavailable);
        _live.State.IsLoading.Should().BeFalse();
        _live.State.Status.Should().BeNull();
    }

    [Fact]
    public void Without_a_streaming_service_the_feed_is_unavailable()
    {
        var live = new LivePortfolio(null, _time, NullLogger<LivePortfolio>.Instance);

        live.Start(User).Should().BeFalse();

        live.State.Feed.Should().Be(LiveFeed.Unavailable);
    }

    [Fact]
    public async Task Dropped_events_are_recovered_from_a_fresh_snapshot()
    {
        await using var streams = new AsyncDisposableStreams(new FakePortfolioStreams(_time, subscriberCapacity: 10));
        var notifications = new Notifications();
        await using var live = new LivePortfolio(streams.Inner, _time, NullLogger<LivePortfolio>.Instance);
        live.OnChange(notifications.Handler);
        live.Start(User);
        await notifications.WaitForAsync(1);

        // 50 updates into a queue of 10 while the loop waits for its frame: 40 are dropped.
        var final = new List<PositionState>();
        for (var i = 0; i < 50; i++)
        {
            var position = TestData.Position(ticker: $"KX{i:D2}");
            final.Add(position);
            streams.Inner.Update(position);
        }
        streams.Inner.Positions.AddRange(final);
        _time.Advance(LivePortfolio.FrameInterval);

        await notifications.WaitUntilAsync(() => live.State.Positions.Count == 50);
        live.State.Tab.Resyncs.Should().Be(1);
        live.State.Tab.DroppedEvents.Should().Be(40);
        streams.Inner.SubscribeCalls.Should().Be(2);
        streams.Inner.LastResumeId.Should().BeNull("a resync asks for a snapshot, not a replay that would overflow again");
        streams.Inner.Hub.SubscriberCount.Should().Be(1);
    }

    [Fact]
    public async Task Ended_stream_is_reported_and_refresh_subscribes_again()
    {
        _live.Start(User);
        await _notifications.WaitForAsync(1);

        _streams.Hub.CompleteAll();
        _time.Advance(LivePortfolio.FrameInterval);
        await _notifications.WaitUntilAsync(() => _live.State.Feed == LiveFeed.Ended);

        await _live.RefreshAsync();

        _streams.RefreshCalls.Should().Be(1);
        _live.State.Feed.Should().Be(LiveFeed.Live);
        await WaitUntilAsync(() => _streams.Hub.SubscriberCount == 1);
    }

    [Fact]
    public async Task Refresh_asks_the_server_for_a_snapshot()
    {
        _live.Start(User);
        await _notifications.WaitForAsync(1);

        await _live.RefreshAsync();

        _streams.RefreshCalls.Should().Be(1);
        _streams.SubscribeCalls.Should().Be(1);
    }

    [Fact]
    public async Task Start_is_idempotent_for_one_user_and_refuses_another()
    {
        _live.Start(User).Should().BeTrue();
        _live.Start(User).Should().BeTrue();
        await _notifications.WaitForAsync(1);

        _streams.SubscribeCalls.Should().Be(1);
        _live.Invoking(l => l.Start("another-user")).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Unregistered_handlers_are_not_called()
    {
        var other = new Notifications();
        var registration = _live.OnChange(other.Handler);
        registration.Dispose();

        _live.Start(User);
        await _notifications.WaitForAsync(1);

        other.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_the_others()
    {
        _live.OnChange(() => throw new InvalidOperationException("broken component"));
        var after = new Notifications();
        _live.OnChange(after.Handler);

        _live.Start(User);

        await after.WaitForAsync(1);
        await _notifications.WaitForAsync(1);
    }

    public async ValueTask DisposeAsync() => await _live.DisposeAsync();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold within 5 s");
            await Task.Yield();
        }
    }

    private sealed class AsyncDisposableStreams(FakePortfolioStreams inner) : IAsyncDisposable
    {
        public FakePortfolioStreams Inner { get; } = inner;

        public ValueTask DisposeAsync()
        {
            Inner.Hub.CompleteAll();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Counts notifications and lets a test await them, without sleeping.</summary>
    private sealed class Notifications
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Func<Task> Handler => () =>
        {
            Interlocked.Increment(ref _count);
            _signal.Release();
            return Task.CompletedTask;
        };

        public Task WaitForAsync(int count) => WaitUntilAsync(() => Count >= count);

        public async Task WaitUntilAsync(Func<bool> condition)
        {
            while (!condition())
            {
                if (!await _signal.WaitAsync(TimeSpan.FromSeconds(5)))
                {
                    throw new TimeoutException($"No notification within 5 s (count {Count}).");
                }
            }
        }
    }
}
