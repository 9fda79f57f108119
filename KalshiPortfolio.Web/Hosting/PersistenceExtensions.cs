using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace KalshiPortfolio.Web.Hosting;

public static class PersistenceExtensions
{
    /// <summary>
    /// SQLite (through <see cref="IDbContextFactory{TContext}"/>), the Data Protection key ring in its own
    /// owner-only directory beside the database (never inside it), and the stores built on them.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, DataDirectory dataDirectory)
    {
        services.AddSingleton(dataDirectory);
        services.AddDbContextFactory<PortfolioDbContext>(o => o.UseSqlite(dataDirectory.ConnectionString));
        services.AddDataProtection()
            .SetApplicationName("KalshiPortfolio")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeyRingPath));
        services.AddSingleton<CredentialManager>();
        services.AddSingleton<IPortfolioStore, SqlitePortfolioStore>();
        return services;
    }

    /// <summary>Applies the committed migrations (creating the database on first run) and loads the revocation list.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<PortfolioDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            // WAL: readers (API, UI) never wait for the write-through cache.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await app.Services.GetRequiredService<TokenRevocationList>().LoadAsync();
    }
}
