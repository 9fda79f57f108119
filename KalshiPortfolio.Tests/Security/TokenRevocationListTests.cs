using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Data;
using KalshiPortfolio.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class TokenRevocationListTests : IDisposable
{
    private readonly InMemoryPortfolioDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_revoked_token_is_refused_at_once_and_the_revocation_is_announced()
    {
        var list = new TokenRevocationList(_database, _clock);
        var announced = new List<string>();
        list.Revoked += announced.Add;

        await list.RevokeAsync("jti-1", "u_1", _clock.GetUtcNow().AddHours(3));

        list.IsRevoked("jti-1").Should().BeTrue();
        list.IsRevoked("jti-2").Should().BeFalse();
        announced.Should().Equal("jti-1");
    }

    [Fact]
    public async Task Revocations_are_persisted_and_loaded_by_a_new_list_after_a_restart()
    {
        await new TokenRevocationList(_database, _clock).RevokeAsync("jti-1", "u_1", _clock.GetUtcNow().AddHours(3));

        var restarted = new TokenRevocationList(_database, _clock);
        restarted.IsRevoked("jti-1").Should().BeFalse("nothing is loaded yet");
        await restarted.LoadAsync();

        restarted.IsRevoked("jti-1").Should().BeTrue();
    }

    [Fact]
    public async Task Ending_a_users_sessions_refuses_tokens_issued_until_then_also_after_a_restart()
    {
        var issuedBefore = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(1));
        await new TokenRevocationList(_database, _clock).EndSessionsOfAsync("u_1");
        var cutoff = _clock.GetUtcNow();

        var restarted = new TokenRevocationList(_database, _clock);
        await restarted.LoadAsync();

        restarted.ValidAfter("u_1").Should().Be(cutoff);
        restarted.IsRefused("jti-1", "u_1", issuedBefore).Should().BeTrue();
        restarted.IsRefused("jti-1", "u_1", cutoff).Should().BeTrue("issued at the logout instant is not after it");
        restarted.IsRefused("jti-2", "u_1", cutoff.AddMilliseconds(1)).Should().BeFalse();
        restarted.IsRefused("jti-3", "u_2", issuedBefore).Should().BeFalse("another user's sessions are untouched");
    }

    [Fact]
    public async Task Concurrent_logouts_of_one_user_keep_one_cutoff_row_and_the_later_time()
    {
        // A file, not the shared in-memory connection: concurrent logouts use a connection each, as the app does.
        var path = Path.Combine(Path.GetTempPath(), $"kp-cutoff-{Guid.NewGuid():N}.db");
        IDbContextFactory<PortfolioDbContext> factory = new FileDatabase(new DbContextOptionsBuilder<PortfolioDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
        try
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
            }
            var list = new TokenRevocationList(factory, _clock);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => list.EndSessionsOfAsync("u_1"))));
            _clock.Advance(TimeSpan.FromSeconds(1));
            await list.EndSessionsOfAsync("u_1");

            await using (var db = await factory.CreateDbContextAsync())
            {
                (await db.UserSessionCutoffs.SingleAsync(x => x.UserId == "u_1")).ValidAfterUtc.Should().Be(_clock.GetUtcNow().UtcDateTime);
            }
            list.IsEndedByLogout("u_1", issuedAt: null).Should().BeTrue("a token without an issue time is not known to be after the cut-off");
            list.IsEndedByLogout("u_2", issuedAt: null).Should().BeFalse("u_2 never logged out");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Revoking_twice_keeps_one_row()
    {
        var list = new TokenRevocationList(_database, _clock);

        await list.RevokeAsync("jti-1", "u_1", _clock.GetUtcNow().AddHours(3));
        await list.RevokeAsync("jti-1", "u_1", _clock.GetUtcNow().AddHours(3));

        (await _database.CreateDbContext().RevokedTokens.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Tokens_that_expired_anyway_are_forgotten_as_new_revocations_come_in()
    {
        var list = new TokenRevocationList(_database, _clock);
        await list.RevokeAsync("short", "u_1", _clock.GetUtcNow().AddHours(1));
        await list.RevokeAsync("long", "u_1", _clock.GetUtcNow().AddHours(5));
        _clock.Advance(TimeSpan.FromHours(2));
        list.IsRevoked("short").Should().BeTrue("nothing was revoked since it expired");

        await list.RevokeAsync("next", "u_2", _clock.GetUtcNow().AddHours(1));

        list.IsRevoked("short").Should().BeFalse("its token is refused as expired anyway");
        list.IsRevoked("long").Should().BeTrue();
        list.IsRevoked("next").Should().BeTrue();
    }

    [Fact]
    public async Task Rows_of_tokens_that_expired_anyway_are_dropped_at_load()
    {
        var list = new TokenRevocationList(_database, _clock);
        await list.RevokeAsync("short", "u_1", _clock.GetUtcNow().AddHours(1));
        await list.RevokeAsync("long", "u_1", _clock.GetUtcNow().AddHours(5));
        _clock.Advance(TimeSpan.FromHours(2));

        var restarted = new TokenRevocationList(_database, _clock);
        await restarted.LoadAsync();

        restarted.IsRevoked("long").Should().BeTrue();
        (await _database.CreateDbContext().RevokedTokens.Select(x => x.TokenId).ToListAsync()).Should().Equal("long");
    }

    private sealed class FileDatabase(DbContextOptions<PortfolioDbContext> options) : IDbContextFactory<PortfolioDbContext>
    {
        public PortfolioDbContext CreateDbContext() => new(options);
    }
}
