using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// The session token on the wire: accepted as a Bearer header, as the <c>kp_session</c> cookie, and as
/// <c>?token=</c> on the SSE endpoint only; missing, malformed, forged, unsigned, tampered, expired or revoked → 401 JSON.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionTokenAuthenticationTests(SessionTokenAuthenticationTests.Fixture fixture) : IClassFixture<SessionTokenAuthenticationTests.Fixture>
{
    public static TheoryData<string, string> ProtectedEndpoints => new()
    {
        { "GET", AccountApi.Portfolio },
        { "GET", AccountApi.Positions },
        { "DELETE", AccountApi.Logout },
        { "POST", AccountApi.Refresh },
        { "GET", AccountApi.Sse },
    };

    private PortfolioAppFactory App => fixture.App;

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_protected_endpoint_without_a_token_is_401_json(string method, string path)
    {
        using var client = App.CreateAnonymousClient();

        var response = await ApiResponse.ReadAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        response.ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
        response.Message.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_protected_endpoint_refuses_a_forged_token(string method, string path)
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateBearerClient(Forge(session.Token, RandomNumberGenerator.GetBytes(32)));

        var response = await ApiResponse.ReadAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        response.ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.")]
    [InlineData("Bearer")]
    public async Task A_malformed_token_is_401(string token)
    {
        using var client = App.CreateBearerClient(token);

        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_with_real_claims_is_401()
    {
        var session = await fixture.SignedInAsync();
        var payload = session.Token.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");

        foreach (var token in new[] { $"{header}.{payload}.", $"{header}.{payload}" })
        {
            using var client = App.CreateBearerClient(token);
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_token_whose_claims_were_changed_after_signing_is_401()
    {
        var victim = await fixture.SignedInAsync();
        var attacker = await fixture.SignedInAsync(fixture.Second);
        var parts = attacker.Token.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        claims["sub"] = JsonSerializer.SerializeToElement(victim.UserId);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}.{parts[2]}";

        using var client = App.CreateBearerClient(tampered);

        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_signed_with_the_apps_own_key_but_for_another_issuer_or_audience_or_without_expiry_are_401()
    {
        var session = await fixture.SignedInAsync();
        var key = File.ReadAllBytes(Path.Combine(App.DataDirectory, "session-signing.key"));
        var now = DateTime.UtcNow;

        string Make(string issuer = "KalshiPortfolio", string audience = "KalshiPortfolio", DateTime? expires = null, DateTime? notBefore = null, bool noExpiry = false) =>
            new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = !noExpiry }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Subject = new ClaimsIdentity([new Claim("sub", session.UserId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
                NotBefore = noExpiry ? null : notBefore ?? now.AddMinutes(-1),
                Expires = noExpiry ? null : expires ?? now.AddHours(1),
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            });

        using (var control = App.CreateBearerClient(Make()))
        {
            (await control.GetApiAsync(AccountApi.Positions)).ShouldBeOk(); // the key is right: what follows fails on the claim alone
        }
        foreach (var token in new[]
        {
            Make(issuer: "someone-else"),
            Make(audience: "someone-else"),
            Make(noExpiry: true),
            Make(expires: now.AddSeconds(-5), notBefore: now.AddMinutes(-10)),
            Make(notBefore: now.AddMinutes(10), expires: now.AddHours(1)),
        })
        {
            using var client = App.CreateBearerClient(token);
            (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
        }
    }

    [Fact]
    public async Task A_valid_token_of_a_user_without_a_stored_key_is_401_signed_out()
    {
        var key = File.ReadAllBytes(Path.Combine(App.DataDirectory, "session-signing.key"));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "KalshiPortfolio",
            Audience = "KalshiPortfolio",
            Subject = new ClaimsIdentity([new Claim("sub", "u_00000000000000000000000000000000"), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        using var client = App.CreateBearerClient(token);

        (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
        (await client.GetApiAsync(AccountApi.Sse)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("signed_out");
    }

    [Fact]
    public async Task The_token_is_accepted_as_a_bearer_header()
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateBearerClient(session.Token);

        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk().Str("source").Should().Be("live");
        (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
    }

    [Fact]
    public async Task The_token_is_accepted_as_the_session_cookie()
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", "kp_session=" + session.Token);

        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
        (await client.GetApiAsync(AccountApi.Portfolio)).ShouldBeOk();
    }

    [Fact]
    public async Task The_cookie_set_by_sign_in_authenticates_the_same_client()
    {
        var account = fixture.Simulator.Demo;
        using var client = App.CreateClient(); // keeps cookies, sends no header

        (await client.PostAuthenticateAsync(new { key_id = account.KeyId, private_key = account.PrivateKeyPem, environment = "simulator" })).ShouldBeOk();

        client.DefaultRequestHeaders.Authorization.Should().BeNull();
        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
    }

    [Fact]
    public async Task A_bearer_header_wins_over_the_cookie()
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateBearerClient("not-a-token");
        client.DefaultRequestHeaders.Add("Cookie", "kp_session=" + session.Token);

        (await client.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized);

        using var valid = App.CreateBearerClient(session.Token);
        valid.DefaultRequestHeaders.Add("Cookie", "kp_session=not-a-token");
        (await valid.GetApiAsync(AccountApi.Positions)).ShouldBeOk();
    }

    [Fact]
    public async Task The_token_is_accepted_as_a_query_parameter_on_the_sse_endpoint()
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateAnonymousClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await client.GetAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(session.Token)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(cancel.Token);
        }
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
        line.Should().NotBeNull();
        using var first = JsonDocument.Parse(line!["data:".Length..]);
        first.RootElement.Str("type").Should().Be("snapshot");
        first.RootElement.Str("source").Should().Be("live");
    }

    [Fact]
    public async Task On_the_sse_endpoint_the_query_token_wins_over_a_stale_cookie()
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", "kp_session=not-a-token");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await client.GetAsync($"{AccountApi.Sse}?token={Uri.EscapeDataString(session.Token)}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
    }

    [Theory]
    [InlineData(AccountApi.Positions)]
    [InlineData(AccountApi.Portfolio)]
    public async Task The_query_parameter_is_refused_on_every_other_endpoint(string path)
    {
        var session = await fixture.SignedInAsync();
        using var client = App.CreateAnonymousClient();

        (await client.GetApiAsync($"{path}?token={Uri.EscapeDataString(session.Token)}")).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401_on_every_transport()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await AccountSimulator.StartAsync(time: clock);
        await using var app = new PortfolioAppFactory(simulator.BaseUri, services: s => s.AddSingleton<TimeProvider>(clock));
        var session = await app.SignInAsync(simulator.Demo);
        using var bearer = app.CreateBearerClient(session.Token);
        using var cookie = app.CreateAnonymousClient();
        cookie.DefaultRequestHeaders.Add("Cookie", "kp_session=" + session.Token);
        using var query = app.CreateAnonymousClient();
        var sse = $"{AccountApi.Sse}?token={Uri.EscapeDataString(session.Token)}";

        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(2));
        (await bearer.GetApiAsync(AccountApi.Positions)).ShouldBeOk();

        clock.Advance(TimeSpan.FromSeconds(3));
        (await bearer.GetApiAsync(AccountApi.Positions)).ShouldBeError(HttpStatusCode.Unauthorized).Code.Should().Be("unauthorized");
        (await cookie.GetApiAsync(AccountApi.Portfolio)).ShouldBeError(HttpStatusCode.Unauthorized);
        (await query.GetApiAsync(sse)).ShouldBeError(HttpStatusCode.Unauthorized);
    }

    private static string Forge(string genuine, byte[] key)
    {
        var claims = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(genuine.Split('.')[1]))!;
        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims));
        var signature = Base64UrlEncoder.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public AccountSimulator Simulator { get; private set; } = null!;
        public PortfolioAppFactory App { get; private set; } = null!;
        public SimAccount Second { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Simulator = await AccountSimulator.StartAsync();
            Second = await Simulator.CreateAccountAsync();
            App = new PortfolioAppFactory(Simulator.BaseUri);
        }

        /// <summary>A fresh session (the demo account unless told otherwise).</summary>
        public Task<SignedIn> SignedInAsync(SimAccount? account = null) => App.SignInAsync(account ?? Simulator.Demo);

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
        }
    }
}
