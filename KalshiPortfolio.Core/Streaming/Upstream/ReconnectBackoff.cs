namespace KalshiPortfolio.Core.Streaming.Upstream;

/// <summary>
/// The reconnect schedule: base × 2^(n−1) for the n-th attempt (2, 4, 8, 16, 32 s by default), capped, plus up
/// to <c>jitter</c> × that delay at random so that many clients don't reconnect in step.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan baseDelay, TimeSpan maxDelay, double jitter, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>The delay before attempt <paramref name="attempt"/> (1-based) without jitter.</summary>
    public TimeSpan NominalDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ticks = Math.Min(baseDelay.Ticks * (1L << exponent), maxDelay.Ticks);
        return TimeSpan.FromTicks(Math.Max(ticks, 0));
    }

    /// <summary>The delay before attempt <paramref name="attempt"/>, jitter included.</summary>
    public TimeSpan DelayFor(int attempt)
    {
        var nominal = NominalDelay(attempt);
        return nominal + TimeSpan.FromTicks((long)(nominal.Ticks * jitter * _random()));
    }
}
