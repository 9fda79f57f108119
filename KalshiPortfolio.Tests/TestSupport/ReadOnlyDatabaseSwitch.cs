using System.Data.Common;
using KalshiPortfolio.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Makes the app's database read-only on demand, as a file the process may no longer write would: while
/// <see cref="ReadOnly"/> is set, every connection the app opens gets <c>PRAGMA query_only</c>, so each write fails
/// with SQLITE_READONLY and reads go on. (Root ignores file permissions, so a read-only file would not do.)
/// Register with <see cref="AddTo"/> in the factory's <c>services</c>.
/// </summary>
public sealed class ReadOnlyDatabaseSwitch : DbConnectionInterceptor
{
    private volatile bool _readOnly;

    public bool ReadOnly
    {
        get => _readOnly;
        set => _readOnly = value;
    }

    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<PortfolioDbContext>(o => o.AddInterceptors(this));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    // Set on every open, either way: a pooled connection keeps the pragma from its last use.
    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _readOnly ? "PRAGMA query_only = ON;" : "PRAGMA query_only = OFF;";
        command.ExecuteNonQuery();
    }
}
