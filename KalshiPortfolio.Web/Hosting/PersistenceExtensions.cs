using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

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

    /// <summary>
    /// Applies the committed migrations (creating the database on first run), loads the revocation list, and loads
    /// the session signing key (generating it on first run), so that a damaged key file or a bad
    /// <c>Session:SigningKey</c> stops the start instead of failing every request.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<SymmetricSecurityKey>();
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
