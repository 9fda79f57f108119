using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Web.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Tests.Security;

[Trait("Category", "Unit")]
public sealed class SessionTokenServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 30, 12, 345, TimeSpan.Zero);
    private readonly SessionTokenOptions _options = new();
    private readonly SymmetricSecurityKey _key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "session" };
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private SessionTokenService Service(TimeProvider? time = null) => new(Options.Create(_options), _key, time ?? _clock);

    [Fact]
    public async Task An_issued_token_is_an_hs256_jwt_for_the_user_valid_for_24_hours()
    {
        var session = Service().Issue("u_1");

        var result = await Validate(session.Token);

        result.IsValid.Should().BeTrue(result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.Alg.Should().Be("HS256");
        jwt.Subject.Should().Be("u_1");
        jwt.Id.Should().Be(session.TokenId).And.NotBeNullOrEmpty();
        jwt.Issuer.Should().Be("KalshiPortfolio");
        jwt.Audiences.Should().Equal("KalshiPortfolio");
        jwt.ValidTo.Should().Be(session.ExpiresAt.UtcDateTime);
        session.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds((_clock.GetUtcNow() + TimeSpan.FromHours(24)).ToUnixTimeSeconds()));
        session.UserId.Should().Be("u_1");
    }

    [Fact]
    public void The_expiry_is_the_one_written_in_the_token_at_one_second_resolution()
    {
        var session = Service(new FakeTimeProvider(Now)).Issue("u_1");

        session.ExpiresAt.Should().Be(new DateTimeOffset(2026, 11, 25, 15, 30, 12, TimeSpan.Zero));
        new JsonWebToken(session.Token).GetPayloadValue<long>("exp").Should().Be(session.ExpiresAt.ToUnixTimeSeconds());
    }

    [Fact]
    public void The_issue_time_is_recorded_in_milliseconds_and_after_a_logout_cutoff_even_on_a_frozen_clock()
    {
        var service = Service(new FakeTimeProvider(Now));

        new JsonWebToken(service.Issue("u_1").Token).GetPayloadValue<long>(SessionTokenService.IssuedAtMsClaim)
            .Should().Be(Now.ToUnixTimeMilliseconds());
        new JsonWebToken(service.Issue("u_1", issuedAfter: Now).Token).GetPayloadValue<long>(SessionTokenService.IssuedAtMsClaim)
            .Should().Be(Now.ToUnixTimeMilliseconds() + 1, "a token issued at the cut-off instant would be refused");
        new JsonWebToken(service.Issue("u_1", issuedAfter: Now.AddMinutes(-5)).Token).GetPayloadValue<long>(SessionTokenService.IssuedAtMsClaim)
            .Should().Be(Now.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void The_lifetime_comes_from_the_options()
    {
        _options.Lifetime = TimeSpan.FromHours(2);

        var session = Service(new FakeTimeProvider(Now)).Issue("u_1");

        session.ExpiresAt.Should().Be(new DateTimeOffset(2026, 11, 24, 17, 30, 12, TimeSpan.Zero));
    }

    [Fact]
    public void Every_token_has_its_own_id()
    {
        var service = Service();

        var ids = Enumerable.Range(0, 50).Select(_ => service.Issue("u_1").TokenId).ToList();

        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var other = new SessionTokenService(Options.Create(_options), new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), _clock);

        (await Validate(other.Issue("u_1").Token)).IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task An_unsigned_token_is_refused()
    {
        var genuine = Service().Issue("u_1").Token.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");

        (await Validate($"{header}.{genuine[1]}.")).IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task A_token_with_another_hmac_algorithm_is_refused_even_with_the_right_key()
    {
        var genuine = Service().Issue("u_1").Token.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"HS384","typ":"JWT","kid":"session"}""");
        var signature = Base64UrlEncoder.Encode(HMACSHA384.HashData(_key.Key, Encoding.ASCII.GetBytes($"{header}.{genuine[1]}")));

        (await Validate($"{header}.{genuine[1]}.{signature}")).IsValid.Should().BeFalse();
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_no_clock_skew()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromHours(24) - TimeSpan.FromSeconds(5));

        var result = await Validate(Service(past).Issue("u_1").Token);

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeOfType<SecurityTokenExpiredException>();
    }

    [Fact]
    public void A_session_token_prints_without_its_secret()
    {
        var session = Service().Issue("u_1");

        session.ToString().Should().NotContain(session.Token).And.NotContain(session.Token.Split('.')[2]).And.Contain("u_1");
    }

    private Task<TokenValidationResult> Validate(string token) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, SessionTokenService.ValidationParameters(_options, _key));
}
