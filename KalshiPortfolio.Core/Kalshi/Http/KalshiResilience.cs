using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KalshiPortfolio.Core.Kalshi.Http;

/// <summary>Maps <see cref="KalshiClientOptions"/> onto the standard HTTP resilience pipeline.</summary>
internal static class KalshiResilience
{
    public static void Configure(HttpStandardResilienceOptions o, KalshiClientOptions kalshi, IKalshiClientObserver? observer)
    {
        o.TotalRequestTimeout.Timeout = kalshi.TotalTimeout;
        o.AttemptTimeout.Timeout = kalshi.AttemptTimeout;

        // Retry: 5xx, 408, 429, timeouts and network errors (the handler's transient set), exponential with jitter.
        // Kalshi's 429 has no Retry-After, so 429 simply backs off like the rest.
        o.Retry.BackoffType = DelayBackoffType.Exponential;
        o.Retry.UseJitter = true;
        o.Retry.Delay = kalshi.RetryBaseDelay;
        o.Retry.MaxDelay = kalshi.RetryMaxDelay;
        o.Retry.MaxRetryAttempts = Math.Max(1, kalshi.RetryCount); // Polly needs ≥ 1; 0 is handled by ShouldHandle.
        if (kalshi.RetryCount == 0)
        {
            o.Retry.ShouldHandle = static _ => PredicateResult.False();
        }

        // Must follow any ShouldHandle change: it wraps the predicate so POST/PUT/PATCH/DELETE are never retried.
        o.Retry.DisableForUnsafeHttpMethods();
        o.Retry.OnRetry = args =>
        {
            if (observer is not null)
            {
                var request = args.Context.GetRequestMessage();
                Notify(() => observer.OnRetry(new KalshiRetryEvent(
                    request?.RequestUri?.Authority ?? string.Empty,
                    request?.Method.Method ?? string.Empty,
                    request?.RequestUri?.AbsolutePath ?? string.Empty,
                    args.AttemptNumber + 1,
                    args.RetryDelay,
                    args.Outcome.Result is { } response ? (int)response.StatusCode : null,
                    args.Outcome.Exception?.GetType().Name)));
            }

            return default;
        };

        // Breaker: tuned for a personal account's low traffic; a 429 is the server being healthy but busy, not an outage.
        o.CircuitBreaker.MinimumThroughput = kalshi.CircuitBreakerMinimumThroughput;
        o.CircuitBreaker.FailureRatio = kalshi.CircuitBreakerFailureRatio;
        o.CircuitBreaker.SamplingDuration = kalshi.CircuitBreakerSamplingDuration;
        o.CircuitBreaker.BreakDuration = kalshi.CircuitBreakerBreakDuration;
        o.CircuitBreaker.ShouldHandle = static args => ValueTask.FromResult(IsBreakerFailure(args.Outcome));
        o.CircuitBreaker.OnOpened = args =>
        {
            if (observer is not null)
            {
                var authority = args.Context.GetRequestMessage()?.RequestUri?.Authority ?? string.Empty;
                Notify(() => observer.OnCircuitOpened(new KalshiCircuitEvent(authority, args.BreakDuration)));
            }

            return default;
        };
        o.CircuitBreaker.OnClosed = args =>
        {
            if (observer is not null)
            {
                var authority = args.Context.GetRequestMessage()?.RequestUri?.Authority ?? string.Empty;
                Notify(() => observer.OnCircuitClosed(new KalshiCircuitEvent(authority, null)));
            }

            return default;
        };
    }

    internal static bool IsBreakerFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(outcome);

    private static void Notify(Action callback)
    {
        try
        {
            callback();
        }
#pragma warning disable CA1031 // An observer must never break a call.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
