using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Kalshi;

/// <summary>
/// Optional hook for logs and metrics of the REST pipeline: register one in DI and the Kalshi clients call it.
/// Implementations must be fast and thread-safe; exceptions they throw are swallowed.
/// </summary>
public interface IKalshiClientObserver
{
    /// <summary>A read is about to be retried after <see cref="KalshiRetryEvent.Delay"/>.</summary>
    void OnRetry(KalshiRetryEvent retry)
    {
    }

    /// <summary>The circuit breaker of one host opened: calls fail fast with <c>KalshiUnavailableException</c> for the break duration.</summary>
    void OnCircuitOpened(KalshiCircuitEvent circuit)
    {
    }

    /// <summary>The circuit breaker of one host closed again.</summary>
    void OnCircuitClosed(KalshiCircuitEvent circuit)
    {
    }

    /// <summary>
    /// A row of a REST response could not be used (out of <see cref="Json.KalshiInputLimits"/>, a required field
    /// missing, garbage) and was left out while the rest of the response applied. Also listed in the result's
    /// <c>Skipped</c>. Called once per skipped row, after the response was parsed.
    /// </summary>
    void OnSkippedInput(KalshiSkippedInput skipped)
    {
    }
}

/// <summary>One retry of a Kalshi read.</summary>
/// <param name="Authority">Host (and port) of the call, which is also the breaker's key.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">URL path without the query.</param>
/// <param name="RetryNumber">1 for the first retry.</param>
/// <param name="Delay">Backoff before the retry.</param>
/// <param name="StatusCode">The status that caused the retry, if a response arrived.</param>
/// <param name="ExceptionType">The exception type that caused the retry, if any (e.g. <c>HttpRequestException</c>).</param>
public sealed record KalshiRetryEvent(
    string Authority, string Method, string Path, int RetryNumber, TimeSpan Delay, int? StatusCode, string? ExceptionType);

/// <summary>A circuit-breaker state change for one host.</summary>
/// <param name="Authority">Host (and port) whose breaker changed.</param>
/// <param name="BreakDuration">How long it stays open (only when it opened).</param>
public sealed record KalshiCircuitEvent(string Authority, TimeSpan? BreakDuration);
