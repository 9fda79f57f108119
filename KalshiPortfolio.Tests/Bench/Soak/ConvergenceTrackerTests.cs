using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>When the views count as converged after a fault, and what is a divergence.</summary>
[Trait("Category", "Unit")]
public sealed class ConvergenceTrackerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(40);
    private static readonly FigureDifference CashOff = new(null, Figure.Cash, 10m, 9m);

    [Fact]
    public void Converges_at_the_first_sample_where_every_view_agrees()
    {
        var tracker = new ConvergenceTracker(Window, Watch);

        tracker.Add(S(0.2), [Agree("rest"), Differ("sse-0")]);
        tracker.Add(S(1.4), [Differ("rest"), Agree("sse-0")]);
        tracker.Finished.Should().BeFalse();
        tracker.Add(S(2.6), [Agree("rest"), Agree("sse-0")]);
        tracker.Add(S(2.8), [Differ("rest"), Agree("sse-0")]);

        tracker.ConvergedAt.Should().Be(S(2.6), "later samples do not count once converged");
        tracker.ConvergedInWindow.Should().BeTrue();
        tracker.Divergences.Should().BeEmpty();
        tracker.Finished.Should().BeTrue();
        tracker.Samples.Should().Be(3);
    }

    [Fact]
    public void A_view_still_wrong_when_the_window_closes_is_a_divergence_followed_until_it_agrees()
    {
        var tracker = new ConvergenceTracker(Window, Watch);

        tracker.Add(S(9.9), [Differ("rest"), Differ("sse-0"), Agree("sse-1")]);
        tracker.Add(S(10.1), [Differ("rest"), Differ("sse-0"), Agree("sse-1")]);
        tracker.Add(S(14), [Agree("rest"), Differ("sse-0"), Agree("sse-1")]);
        tracker.Add(S(21), [Agree("rest"), Agree("sse-0"), Agree("sse-1")]);

        tracker.Divergences.Select(d => (d.View, d.SeenAt, d.ResolvedAt)).Should().Equal(("rest", S(10.1), S(14)), ("sse-0", S(10.1), S(21)));
        tracker.Divergences[0].Differences.Should().Equal(CashOff);
        tracker.ConvergedAt.Should().Be(S(21));
        tracker.ConvergedInWindow.Should().BeFalse();
    }

    [Fact]
    public void A_view_that_never_agrees_is_unresolved_when_the_watch_ends()
    {
        var tracker = new ConvergenceTracker(Window, Watch);

        tracker.Add(S(12), [Differ("rest")]);
        tracker.Finished.Should().BeFalse();
        tracker.Add(S(40), [Differ("rest")]);

        tracker.Finished.Should().BeTrue();
        tracker.ConvergedAt.Should().BeNull();
        tracker.Divergences.Should().ContainSingle().Which.ResolvedAt.Should().BeNull();
        tracker.Last.Should().ContainSingle().Which.View.Should().Be("rest");
    }

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static ViewSample Agree(string view) => new(view, []);

    private static ViewSample Differ(string view) => new(view, [CashOff]);
}
