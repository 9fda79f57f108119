using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<PortfolioDbContext>((provider, o) =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            // Default Timeout is SQLite's busy timeout; still busy after it, the unit of work is tried again.
            var connection = new SqliteConnectionStringBuilder(dataDirectory.ConnectionString)
            {
                DefaultTimeout = (int)Math.Ceiling(storage.BusyTimeout.TotalSeconds),
            };
            o.UseSqlite(connection.ToString(),
                sqlite => sqlite.ExecutionStrategy(dependencies => new SqliteBusyRetryStrategy(dependencies, storage.BusyRetries)));
        });
        services.AddDataProtection()
            .SetApplicationName("KalshiPortfolio")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeyRingPath));
        services.AddSingleton<CredentialManager>();
        services.AddSingleton<IPortfolioStore, SqlitePortfolioStore>();
        return services;
    }

    /// <summary>
    /// Loads the session signing key (generating it on first run), so that a damaged key file or a bad
    /// <c>Session:SigningKey</c> stops the start instead of failing every request; then opens the storage
    /// (<see cref="StorageStartupCheck"/>: migrations, the revocation list, the key ring; damaged storage moved aside or
    /// refused by <c>Storage:OnCorruption</c>). False when the app must not start: the reason is logged, and the app is
    /// disposed so the log is written out before the process ends.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<SymmetricSecurityKey>();
        if (await ActivatorUtilities.CreateInstance<StorageStartupCheck>(app.Services).RunAsync(app.Lifetime.ApplicationStopping))
        {
            return true;
        }
        await app.DisposeAsync();
        return false;
    }
}
