using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class CredentialManagerTests : IDisposable
{
    private static readonly string Pem = RSA.Create(2048).ExportRSAPrivateKeyPem();
    private static readonly string OtherPem = RSA.Create(2048).ExportPkcs8PrivateKeyPem();
    private const string KeyId = "a952bcbe-ec3b-4b5b-b8f9-11dae589608c";

    private readonly InMemoryPortfolioDatabase _database = new();
    private readonly EphemeralDataProtectionProvider _protection = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly CredentialManager _credentials;

    public CredentialManagerTests() => _credentials = Manager(_protection);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_stored_key_is_read_back_exactly()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));

        var stored = await _credentials.GetAsync("u_1");

        stored.Should().Be(new StoredCredentials("u_1", "demo", KeyId, Pem));
    }

    [Fact]
    public async Task Storing_again_replaces_the_key_and_clears_a_refusal()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));
        await _credentials.MarkInvalidAsync("u_1");
        _clock.Advance(TimeSpan.FromMinutes(5));

        await _credentials.StoreAsync(new StoredCredentials("u_1", "production", "other-key", OtherPem));

        (await _credentials.GetAsync("u_1")).Should().Be(new StoredCredentials("u_1", "production", "other-key", OtherPem));
        var row = await Row("u_1");
        row.InvalidSinceUtc.Should().BeNull();
        row.UpdatedAtUtc.Should().Be(_clock.GetUtcNow().UtcDateTime);
        row.CreatedAtUtc.Should().Be(_clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5));
        (await _database.CreateDbContext().UserCredentials.CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task The_row_holds_ciphertext_only()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));

        var row = await Row("u_1");

        row.ProtectedKey.Should().NotContain(KeyId).And.NotContain("PRIVATE KEY");
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(row.ProtectedKey));
        decoded.Should().NotContain(KeyId).And.NotContain("PRIVATE KEY");
        foreach (var line in Pem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            row.ProtectedKey.Should().NotContain(line);
        }
    }

    [Fact]
    public async Task The_ciphertext_is_bound_to_the_credentials_purpose()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));
        var ciphertext = Convert.FromBase64String((await Row("u_1")).ProtectedKey);

        _protection.CreateProtector(CredentialManager.Purpose).Unprotect(ciphertext).Should().NotBeEmpty();
        var otherPurpose = () => _protection.CreateProtector("Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1").Unprotect(ciphertext);
        otherPurpose.Should().Throw<CryptographicException>();
    }

    [Fact]
    public async Task Without_the_key_ring_that_encrypted_it_the_key_is_unreadable_and_the_user_must_sign_in_again()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));

        var lostRing = Manager(new EphemeralDataProtectionProvider());

        (await lostRing.GetAsync("u_1")).Should().BeNull();
        (await lostRing.GetAllValidAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Users_are_kept_apart_and_a_refused_key_is_not_resumed()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));
        await _credentials.StoreAsync(new StoredCredentials("u_2", "simulator", "other-key", OtherPem));
        await _credentials.StoreAsync(new StoredCredentials("u_3", "production", "third-key", Pem));

        await _credentials.MarkInvalidAsync("u_3");

        (await _credentials.GetAsync("u_2"))!.KeyId.Should().Be("other-key");
        (await _credentials.GetAllValidAsync()).Select(c => c.UserId).Should().BeEquivalentTo(["u_1", "u_2"]);
        (await Row("u_3")).InvalidSinceUtc.Should().Be(_clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task Delete_removes_only_that_users_key()
    {
        await _credentials.StoreAsync(new StoredCredentials("u_1", "demo", KeyId, Pem));
        await _credentials.StoreAsync(new StoredCredentials("u_2", "demo", "other-key", OtherPem));

        (await _credentials.DeleteAsync("u_1")).Should().BeTrue();
        (await _credentials.DeleteAsync("u_1")).Should().BeFalse();

        (await _credentials.GetAsync("u_1")).Should().BeNull();
        (await _credentials.GetAsync("u_2")).Should().NotBeNull();
    }

    [Fact]
    public void Stored_credentials_print_without_their_secrets()
    {
        var text = new StoredCredentials("u_1", "demo", KeyId, Pem).ToString();

        text.Should().Contain("u_1").And.NotContain(KeyId).And.NotContain("PRIVATE KEY");
    }

    private CredentialManager Manager(IDataProtectionProvider protection) =>
        new(_database, protection, _clock, NullLogger<CredentialManager>.Instance);

    private async Task<Web.Data.Entities.UserCredential> Row(string userId)
    {
        await using var db = _database.CreateDbContext();
        return await db.UserCredentials.AsNoTracking().SingleAsync(x => x.UserId == userId);
    }
}
