using Microsoft.EntityFrameworkCore.Storage;

namespace KalshiPortfolio.Web.Data;

/// <summary>
/// Retries a unit of work when SQLite stayed busy or locked beyond the connection's busy timeout (another writer held
/// the database): up to 5 more times, with a growing, randomised delay. Anything else fails at once. A unit of work
/// with its own transaction runs inside <c>CreateExecutionStrategy().ExecuteAsync</c>, so it is retried whole.
/// </summary>
public sealed class SqliteBusyRetryStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, MaxRetries, TimeSpan.FromSeconds(2))
{
    public const int MaxRetries = 5;

    protected override bool ShouldRetryOn(Exception exception) => StorageFaults.IsBusy(exception);
}
