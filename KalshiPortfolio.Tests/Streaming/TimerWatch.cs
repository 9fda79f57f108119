using System.Collections.Concurrent;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// A fake clock that records when each timer it creates is due, so a test can wait until the code under test
/// really is waiting (its timer exists) before moving the clock, instead of racing it.
/// </summary>
internal sealed class TimerWatch(FakeTimeProvider fake) : TimeProvider
{
    private readonly ConcurrentQueue<DateTimeOffset> _due = new();

    public FakeTimeProvider Fake => fake;

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _due.Enqueue(fake.GetUtcNow() + dueTime);
        }
        return fake.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits until a timer due exactly at <paramref name="due"/> has been created.</summary>
    public Task WaitForTimerAsync(DateTimeOffset due, string what) =>
        Eventually.True(() => _due.Contains(due), $"{what}: a timer due at +{(due - fake.GetUtcNow()).TotalSeconds} s");
}
