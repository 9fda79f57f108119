using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>Validates <see cref="KalshiClientOptions"/> with messages that name the setting and the rule.</summary>
public sealed class KalshiClientOptionsValidator : IValidateOptions<KalshiClientOptions>
{
    private static readonly TimeSpan MinimumAttemptTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MinimumBreakerWindow = TimeSpan.FromMilliseconds(500);

    public ValidateOptionsResult Validate(string? name, KalshiClientOptions options)
    {
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every broken rule, as a sentence; empty when the options are valid.</summary>
    public static IReadOnlyList<string> Check(KalshiClientOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var failures = new List<string>();
        void Rule(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Rule(o.AttemptTimeout >= MinimumAttemptTimeout && o.AttemptTimeout <= TimeSpan.FromDays(1),
            $"Kalshi:AttemptTimeout must be between 10 ms and 1 day (is {o.AttemptTimeout}).");
        Rule(o.TotalTimeout > o.AttemptTimeout && o.TotalTimeout <= TimeSpan.FromDays(1),
            $"Kalshi:TotalTimeout ({o.TotalTimeout}) must be longer than AttemptTimeout ({o.AttemptTimeout}) and at most 1 day.");
        Rule(o.RetryCount is >= 0 and <= 10, $"Kalshi:RetryCount must be between 0 and 10 (is {o.RetryCount}).");
        Rule(o.RetryBaseDelay >= TimeSpan.Zero && o.RetryBaseDelay <= TimeSpan.FromMinutes(1),
            $"Kalshi:RetryBaseDelay must be between 0 and 1 minute (is {o.RetryBaseDelay}).");
        Rule(o.RetryMaxDelay >= o.RetryBaseDelay && o.RetryMaxDelay <= TimeSpan.FromDays(1),
            $"Kalshi:RetryMaxDelay ({o.RetryMaxDelay}) must be at least RetryBaseDelay ({o.RetryBaseDelay}).");
        Rule(o.CircuitBreakerMinimumThroughput >= 2,
            $"Kalshi:CircuitBreakerMinimumThroughput must be at least 2 (is {o.CircuitBreakerMinimumThroughput}).");
        Rule(o.CircuitBreakerFailureRatio is > 0 and <= 1,
            $"Kalshi:CircuitBreakerFailureRatio must be above 0 and at most 1 (is {o.CircuitBreakerFailureRatio}).");
        Rule(o.CircuitBreakerSamplingDuration >= MinimumBreakerWindow && o.CircuitBreakerSamplingDuration >= 2 * o.AttemptTimeout,
            $"Kalshi:CircuitBreakerSamplingDuration ({o.CircuitBreakerSamplingDuration}) must be at least 500 ms and at least twice AttemptTimeout ({o.AttemptTimeout}).");
        Rule(o.CircuitBreakerBreakDuration >= MinimumBreakerWindow && o.CircuitBreakerBreakDuration <= TimeSpan.FromDays(1),
            $"Kalshi:CircuitBreakerBreakDuration must be between 500 ms and 1 day (is {o.CircuitBreakerBreakDuration}).");
        Rule(o.DefaultPageLimit is >= 1 and <= 1000, $"Kalshi:DefaultPageLimit must be between 1 and 1000 (is {o.DefaultPageLimit}).");
        Rule(o.MaxPages >= 1, $"Kalshi:MaxPages must be at least 1 (is {o.MaxPages}).");
        return failures;
    }
}
