using Microsoft.EntityFrameworkCore.Storage;

namespace KalshiPortfolio.Web.Data;

/// <summary>
/// Retries a unit of work when SQLite stayed busy or locked beyond the connection's busy timeout (another writer held
/// the database): up to <paramref name="maxRetries"/> more times (<c>Storage:BusyRetries</c>), with a growing,
/// randomised delay of at most 2 s. Anything else fails at once. A unit of work with its own transaction runs inside
/// <c>CreateExecutionStrategy().ExecuteAsync</c>, so it is retried whole.
/// </summary>
public sealed class SqliteBusyRetryStrategy(ExecutionStrategyDependencies dependencies, int maxRetries)
    : ExecutionStrategy(dependencies, maxRetries, TimeSpan.FromSeconds(2))
{

    protected override bool ShouldRetryOn(Exception exception) => StorageFaults.IsBusy(exception);
}
