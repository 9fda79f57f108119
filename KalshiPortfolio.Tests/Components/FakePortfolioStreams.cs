using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;

namespace KalshiPortfolio.Tests.Components;

/// <summary>
/// <see cref="IPortfolioStreams"/> for one user, backed by a real <see cref="PortfolioEventHub"/>: tests
/// publish events through <see cref="Publish"/> and the subscribers get them exactly as in production.
/// </summary>
internal sealed class FakePortfolioStreams : IPortfolioStreams
{
    public const string UserId = "user-1";

    public FakePortfolioStreams(TimeProvider time, int subscriberCapacity = PortfolioEventHub.DefaultSubscriberCapacity)
    {
        Time = time;
        Hub = new PortfolioEventHub(
            () => new SnapshotEvent(Positions.ToList(), View, Status) { At = time.GetUtcNow() },
            time,
            subscriberCapacity);
    }

    public TimeProvider Time { get; }
    public PortfolioEventHub Hub { get; }
    public List<PositionState> Positions { get; } = [];
    public PortfolioView View { get; set; } = TestData.View();
    public ConnectionStatus Status { get; set; } = TestData.Status(ConnectionState.Connected);
    public int RefreshCalls { get; private set; }
    public int SubscribeCalls { get; private set; }
    public long? LastResumeId { get; private set; }

    public PortfolioSubscription? Subscribe(string userId, long? lastEventId = null)
    {
        SubscribeCalls++;
        LastResumeId = lastEventId;
        return userId == UserId ? Hub.Subscribe(lastEventId) : null;
    }

    public Task RefreshAsync(string userId, CancellationToken cancellationToken = default)
    {
        RefreshCalls++;
        return Task.CompletedTask;
    }

    public ConnectionStatus? GetStatus(string userId) => userId == UserId ? Status : null;

    public PortfolioEvent Publish(PortfolioEvent portfolioEvent) => Hub.Publish(portfolioEvent);

    public PortfolioEvent Update(PositionState position) => Publish(new PositionUpdatedEvent(position) { At = Time.GetUtcNow() });
}
