using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

[Trait("Category", "Unit")]
public sealed class PortfolioEventHubTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(At);
    private int _snapshots;

    private PortfolioEventHub NewHub(int subscriberCapacity = 1000, int replayCapacity = 1000) =>
        new(Snapshot, _time, subscriberCapacity, replayCapacity);

    private SnapshotEvent Snapshot()
    {
        _snapshots++;
        var summary = new PortfolioSummary
        {
            Cash = 10m, MarketValue = 0m, CostBasis = 0m, UnrealizedPnl = 0m, UnrealizedPnlPercent = null,
            RealizedPnl = 0m, FeesPaid = 0m, PositionCount = 0, UnmarkedCount = 0, AsOf = At,
        };
        return new SnapshotEvent([], new PortfolioView(summary, TodayPnl.Zero), ConnectionStatus.Initial(At)) { At = At };
    }

    private static ConnectionStatusEvent Status(ConnectionState state) =>
        new(new ConnectionStatus { State = state, Since = At }) { At = At };

    [Fact]
    public void A_new_subscriber_gets_a_snapshot_then_every_event_in_order()
    {
        var hub = NewHub();
        using var subscription = hub.Subscribe();

        hub.Publish(Status(ConnectionState.KalshiReconnecting));
        hub.Publish(Status(ConnectionState.Connected));

        var events = subscription.Drain();
        events.Select(e => e.Type).Should().Equal("snapshot", "connection_status", "connection_status");
        events[1].Id.Should().Be(events[0].Id + 1);
        events[2].Id.Should().Be(events[1].Id + 1);
    }

    [Fact]
    public void Every_subscriber_gets_every_event()
    {
        var hub = NewHub();
        using var first = hub.Subscribe();
        using var second = hub.Subscribe();

        hub.Publish(Status(ConnectionState.Connected));

        first.Drain().Should().HaveCount(2);
        second.Drain().Should().HaveCount(2);
    }

    [Fact]
    public void A_subscriber_resuming_after_an_event_gets_exactly_what_it_missed()
    {
        var hub = NewHub();
        var seen = hub.Publish(Status(ConnectionState.KalshiReconnecting));
        var missed1 = hub.Publish(Status(ConnectionState.Degraded));
        var missed2 = hub.Publish(Status(ConnectionState.Connected));
        _snapshots = 0;

        using var resumed = hub.Subscribe(lastEventId: seen.Id);

        resumed.Drain().Select(e => e.Id).Should().Equal(missed1.Id, missed2.Id);
        _snapshots.Should().Be(0);
    }

    [Fact]
    public void A_subscriber_resuming_after_the_kept_events_gets_a_fresh_snapshot()
    {
        var hub = NewHub(replayCapacity: 3);
        var first = hub.Publish(Status(ConnectionState.Connected));
        for (var i = 0; i < 5; i++)
        {
            hub.Publish(Status(ConnectionState.Connected));
        }

        using var resumed = hub.Subscribe(lastEventId: first.Id);

        var events = resumed.Drain();
        events.Should().ContainSingle().Which.Should().BeOfType<SnapshotEvent>();
        events[0].Id.Should().Be(hub.LastEventId);
    }

    [Fact]
    public void An_id_from_before_a_restart_gets_a_snapshot()
    {
        var before = NewHub();
        var old = before.Publish(Status(ConnectionState.Connected));
        _time.Advance(TimeSpan.FromSeconds(5));

        var after = NewHub();
        after.Publish(Status(ConnectionState.Connected));
        using var resumed = after.Subscribe(lastEventId: old.Id);

        resumed.Drain().Should().ContainSingle().Which.Should().BeOfType<SnapshotEvent>();
    }

    [Fact]
    public void A_slow_subscriber_drops_its_oldest_events_and_counts_them_without_slowing_others()
    {
        var hub = NewHub(subscriberCapacity: 10);
        var dropsSeen = 0;
        hub.EventDropped += () => dropsSeen++;
        using var slow = hub.Subscribe();
        using var fast = hub.Subscribe();
        var fastReceived = 0;

        for (var i = 0; i < 25; i++)
        {
            hub.Publish(Status(ConnectionState.Connected));
            fastReceived += fast.Drain().Count;
        }

        var slowEvents = slow.Drain();
        slowEvents.Should().HaveCount(10);
        slowEvents[^1].Id.Should().Be(hub.LastEventId, "the newest events are kept");
        slow.Dropped.Should().Be(16, "26 events (snapshot + 25) into a queue of 10");
        fast.Dropped.Should().Be(0);
        fastReceived.Should().Be(26);
        hub.DroppedEvents.Should().Be(16);
        dropsSeen.Should().Be(16);
    }

    [Fact]
    public void Disposing_a_subscription_removes_it_and_completes_its_reader()
    {
        var hub = NewHub();
        var subscription = hub.Subscribe();

        subscription.Dispose();
        hub.Publish(Status(ConnectionState.Connected));

        hub.SubscriberCount.Should().Be(0);
        subscription.Drain().Should().ContainSingle().Which.Should().BeOfType<SnapshotEvent>();
        subscription.Reader.Completion.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void Many_subscribe_and_dispose_cycles_leave_nothing_behind()
    {
        var hub = NewHub();

        Parallel.For(0, 1000, _ =>
        {
            using var subscription = hub.Subscribe();
            hub.Publish(Status(ConnectionState.Connected));
        });

        hub.SubscriberCount.Should().Be(0);
        hub.QueueDepth.Should().Be(0);
    }

    [Fact]
    public void The_serialized_form_is_computed_once_and_shared()
    {
        var hub = NewHub();
        var published = hub.Publish(Status(ConnectionState.Connected));
        var calls = 0;
        byte[] Serialize(PortfolioEvent e) { calls++; return [1, 2, 3]; }

        var first = published.GetUtf8(Serialize);
        var second = published.GetUtf8(Serialize);

        calls.Should().Be(1);
        second.ToArray().Should().Equal(first.ToArray());
    }
}
