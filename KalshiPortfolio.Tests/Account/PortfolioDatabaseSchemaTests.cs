using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Tests.Account;

/// <summary>The committed migrations build the schema the issue asks for, and match the model.</summary>
[Trait("Category", "Unit")]
public sealed class PortfolioDatabaseSchemaTests : IDisposable
{
    private readonly InMemoryPortfolioDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task The_migrations_create_every_table()
    {
        await using var db = _database.CreateDbContext();
        var tables = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM sqlite_master WHERE type = {"table"}").ToListAsync();

        tables.Should().Contain(["user_credentials", "position_cache", "account_cache", "revoked_tokens", "daily_baselines", "user_session_cutoffs", "__EFMigrationsHistory"]);
    }

    [Fact]
    public async Task The_position_cache_is_indexed_by_user_and_by_user_and_ticker()
    {
        await using var db = _database.CreateDbContext();
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name = 'position_cache' AND sql IS NOT NULL").ToListAsync();

        indexes.Should().Contain(i => i.Contains("\"ix_position_cache_user_id\"", StringComparison.Ordinal) && i.Contains("(\"user_id\")", StringComparison.Ordinal));
        indexes.Should().Contain(i => i.StartsWith("CREATE UNIQUE INDEX \"ix_position_cache_user_id_ticker\"", StringComparison.Ordinal) && i.Contains("(\"user_id\", \"ticker\")", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_has_one_cache_row_per_market()
    {
        await using var db = _database.CreateDbContext();
        db.PositionCache.Add(new CachedPosition { UserId = "u_1", Ticker = "T" });
        db.PositionCache.Add(new CachedPosition { UserId = "u_2", Ticker = "T" });
        await db.SaveChangesAsync();

        db.PositionCache.Add(new CachedPosition { UserId = "u_1", Ticker = "T" });
        var duplicate = () => db.SaveChangesAsync();

        await duplicate.Should().ThrowAsync<DbUpdateException>();
    }

    [Fact]
    public void The_committed_migrations_match_the_model()
    {
        using var db = _database.CreateDbContext();

        db.Database.HasPendingModelChanges().Should().BeFalse("a model change needs its migration (dotnet ef migrations add)");
        db.Database.GetPendingMigrations().Should().BeEmpty();
    }
}
