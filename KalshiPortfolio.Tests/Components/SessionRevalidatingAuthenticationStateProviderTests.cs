using System.Security.Claims;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Data.Entities;
using KalshiPortfolio.Web.Security;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Unit")]
public sealed class SessionRevalidatingAuthenticationStateProviderTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"kp-revalidate-{Guid.NewGuid():N}.db");
    private IDbContextFactory<PortfolioDbContext> _factory = null!;

    public async Task InitializeAsync()
    {
        _factory = new TestDbFactory(new DbContextOptionsBuilder<PortfolioDbContext>().UseSqlite($"Data Source={_database};Pooling=False").Options);
        await using var db = await _factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        File.Delete(_database);
        return Task.CompletedTask;
    }

    private static ClaimsPrincipal SignedIn(string userId, DateTimeOffset? issuedAt = null) => new(new ClaimsIdentity(
    [
        new Claim(JwtRegisteredClaimNames.Sub, userId),
        new Claim(SessionTokenService.IssuedAtMsClaim, (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new Claim(JwtRegisteredClaimNames.Jti, "token-1"),
        new Claim(JwtRegisteredClaimNames.Exp, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ], "jwt"));

    [Fact]
    public async Task A_circuit_stays_signed_in_while_its_user_has_a_stored_key_and_falls_back_once_it_is_deleted()
    {
        await using (var db = await _factory.CreateDbContextAsync())
        {
            db.UserCredentials.Add(new UserCredential { UserId = "u_1", Environment = "simulator", ProtectedKey = "ciphertext" });
            await db.SaveChangesAsync();
        }
        var provider = new SessionRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, _factory, new TokenRevocationList(_factory, TimeProvider.System));

        (await provider.IsStillSignedInAsync(SignedIn("u_1"))).Should().BeTrue();
        (await provider.IsStillSignedInAsync(SignedIn("u_2"))).Should().BeFalse("another user's key says nothing about u_2");

        await using (var db = await _factory.CreateDbContextAsync())
        {
            await db.UserCredentials.Where(x => x.UserId == "u_1").ExecuteDeleteAsync();
        }
        (await provider.IsStillSignedInAsync(SignedIn("u_1"))).Should().BeFalse();
    }

    [Fact]
    public async Task A_circuit_opened_before_its_users_logout_falls_back_even_after_a_new_sign_in()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var revocations = new TokenRevocationList(_factory, clock);
        var provider = new SessionRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, _factory, revocations);
        var before = SignedIn("u_1", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        await revocations.EndSessionsOfAsync("u_1");
        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = await _factory.CreateDbContextAsync())
        {
            db.UserCredentials.Add(new UserCredential { UserId = "u_1", Environment = "simulator", ProtectedKey = "ciphertext" });
            await db.SaveChangesAsync(); // signed in again
        }

        (await provider.IsStillSignedInAsync(before)).Should().BeFalse("its token was issued before the logout");
        (await provider.IsStillSignedInAsync(SignedIn("u_1", clock.GetUtcNow()))).Should().BeTrue("a circuit of the new sign-in is fine");
    }

    [Fact]
    public async Task An_anonymous_circuit_has_nothing_to_revalidate()
    {
        var provider = new SessionRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, _factory, new TokenRevocationList(_factory, TimeProvider.System));

        (await provider.IsStillSignedInAsync(new ClaimsPrincipal(new ClaimsIdentity()))).Should().BeTrue();
    }

    private sealed class TestDbFactory(DbContextOptions<PortfolioDbContext> options) : IDbContextFactory<PortfolioDbContext>
    {
        public PortfolioDbContext CreateDbContext() => new(options);
    }
}
