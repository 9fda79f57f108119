using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>Ready when the database answers.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PortfolioDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("SQLite answers.")
                : HealthCheckResult.Unhealthy("SQLite cannot be opened.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("SQLite failed: " + ex.GetType().Name);
        }
    }
}

/// <summary>
/// Ready when the exchange answers <c>/exchange/status</c>: the environments signed-in users are on, or the
/// simulator when it is enabled and nobody is signed in.
/// </summary>
public sealed class ExchangeHealthCheck(
    IKalshiClientFactory clients,
    KalshiEnvironments environments,
    CredentialManagerEnvironments signedIn,
    IOptions<SimulatorSettings> simulator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var names = await signedIn.GetAsync(cancellationToken);
        if (names.Count == 0 && simulator.Value.Enabled)
        {
            names = [KalshiEnvironments.Simulator];
        }
        if (names.Count == 0)
        {
            return HealthCheckResult.Healthy("No exchange in use.");
        }
        var problems = new List<string>();
        foreach (var name in names)
        {
            if (environments.Resolve(name) is not { } endpoints)
            {
                continue;
            }
            try
            {
                var status = await clients.CreatePublic(endpoints).GetExchangeStatusAsync(cancellationToken);
                if (!status.ExchangeActive)
                {
                    problems.Add($"{name}: in maintenance");
                }
            }
            catch (Core.Kalshi.Errors.KalshiApiException ex)
            {
                problems.Add($"{name}: {ex.Kind}");
            }
        }
        return problems.Count == 0
            ? HealthCheckResult.Healthy($"Reachable: {string.Join(", ", names)}.")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems));
    }
}

/// <summary>The environments of the stored keys.</summary>
public sealed class CredentialManagerEnvironments(IDbContextFactory<PortfolioDbContext> dbFactory)
{
    public async Task<List<string>> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserCredentials.Where(x => x.InvalidSinceUtc == null).Select(x => x.Environment).Distinct().ToListAsync(cancellationToken);
    }
}
