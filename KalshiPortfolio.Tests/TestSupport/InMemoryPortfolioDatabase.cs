using KalshiPortfolio.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>The app's schema (its committed migrations) in an in-memory SQLite database, for unit tests of the stores.</summary>
public sealed class InMemoryPortfolioDatabase : IDbContextFactory<PortfolioDbContext>, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<PortfolioDbContext> _options;

    public InMemoryPortfolioDatabase()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<PortfolioDbContext>().UseSqlite(_connection).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public PortfolioDbContext CreateDbContext() => new(_options);

    public void Dispose() => _connection.Dispose();
}
