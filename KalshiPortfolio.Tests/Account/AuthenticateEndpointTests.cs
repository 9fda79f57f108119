using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Account;

/// <summary>
/// <c>POST /api/v1/account/authenticate</c>: 400 for what the user can fix, 401 only when Kalshi refused the key
/// (with Kalshi's reason), 503 when Kalshi cannot be asked (unreachable, failing, in maintenance), 429 after too
/// many attempts from one client. Every error is <c>{"error": {"code", "message"}}</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthenticateEndpointTests(AuthenticateEndpointTests.Fixture fixture) : IClassFixture<AuthenticateEndpointTests.Fixture>
{
    private static readonly string EcPkcs8Pem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem();
    private static readonly string EcSec1Pem = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportECPrivateKeyPem();

    private AccountSimulator Simulator => fixture.Simulator;

    [Fact]
    public async Task A_missing_body_is_400()
    {
        using var client = fixture.App.CreateAnonymousClient();
        using var content = new StringContent("", Encoding.UTF8, "application/json");

        var response = await ApiResponse.ReadAsync(await client.PostAsync(AccountApi.Authenticate, content));

        response.ShouldBeError(HttpStatusCode.BadRequest).Code.Should().Be("missing_body");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_400_with_the_json_error_shape()
    {
        using var client = fixture.App.CreateAnonymousClient();
        using var content = new StringContent("{\"key_id\": \"secret-looking-value", Encoding.UTF8, "application/json");

        var response = await ApiResponse.ReadAsync(await client.PostAsync(AccountApi.Authenticate, content));

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_json");
        message.Should().NotContain("secret-looking-value", "an error never echoes what was sent");
    }

    [Fact]
    public async Task A_body_without_a_json_content_type_is_still_read()
    {
        using var client = fixture.App.CreateAnonymousClient();
        using var content = new StringContent("{\"key_id\": \"k\"}", Encoding.UTF8, "text/plain");

        var response = await ApiResponse.ReadAsync(await client.PostAsync(AccountApi.Authenticate, content));

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("missing_field");
        message.Should().Contain("private_key");
    }

    [Fact]
    public async Task A_huge_body_is_refused_with_413()
    {
        using var client = fixture.App.CreateAnonymousClient();

        var response = await client.PostAuthenticateAsync(new { key_id = "k", private_key = new string('A', 200_000) });

        response.ShouldBeError(HttpStatusCode.RequestEntityTooLarge).Code.Should().Be("body_too_large");
    }

    [Theory]
    [InlineData("GET", "/api/v1/account/nothing-here")]
    [InlineData("GET", "/api/v1/account/authenticate")]
    [InlineData("PUT", "/api/v2/portfolio")]
    public async Task Unknown_api_paths_and_methods_answer_json_not_html(string method, string path)
    {
        using var client = fixture.App.CreateAnonymousClient();

        var response = await ApiResponse.ReadAsync(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        response.ShouldBeError(HttpStatusCode.NotFound).Code.Should().Be("not_found");
    }

    [Fact]
    public async Task A_body_of_the_wrong_json_type_is_400_with_the_json_error_shape()
    {
        using var client = fixture.App.CreateAnonymousClient();

        var array = await client.PostAuthenticateAsync(new[] { 1, 2, 3 });
        var number = await client.PostAuthenticateAsync(new { key_id = 42, private_key = "x" });

        array.ShouldBeError(HttpStatusCode.BadRequest).Code.Should().Be("invalid_json");
        var (code, message) = number.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_json");
        message.Should().Contain("$.key_id", "the message says where the body is wrong");
    }

    [Theory]
    [InlineData("key_id")]
    [InlineData("private_key")]
    public async Task A_missing_field_is_400_naming_it(string missing)
    {
        var account = Simulator.Demo;
        using var client = fixture.App.CreateAnonymousClient();
        var body = new Dictionary<string, string?>
        {
            ["key_id"] = account.KeyId,
            ["private_key"] = account.PrivateKeyPem,
            ["environment"] = "simulator",
        };
        body.Remove(missing);

        var response = await client.PostAuthenticateAsync(body);

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("missing_field");
        message.Should().Contain(missing);
    }

    [Fact]
    public async Task Blank_fields_are_400()
    {
        using var client = fixture.App.CreateAnonymousClient();

        var response = await client.PostAuthenticateAsync(new { key_id = "  ", private_key = Simulator.Demo.PrivateKeyPem, environment = "simulator" });

        response.ShouldBeError(HttpStatusCode.BadRequest).Code.Should().Be("missing_field");
    }

    [Theory]
    [InlineData("not a key at all", "not in PEM format")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5!!\n-----END RSA PRIVATE KEY-----", "damaged")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", "does not contain a valid RSA private key")]
    public async Task A_malformed_pem_is_400_saying_what_is_wrong(string pem, string explanation)
    {
        var response = await SignInAsync(Simulator.Demo.KeyId, pem);

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_private_key");
        message.Should().Contain(explanation);
    }

    [Fact]
    public async Task A_public_key_instead_of_the_private_key_is_400_saying_so()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Simulator.Demo.PrivateKeyPem);

        var response = await SignInAsync(Simulator.Demo.KeyId, rsa.ExportSubjectPublicKeyInfoPem());

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_private_key");
        message.Should().Contain("public key");
    }

    [Fact]
    public async Task An_ec_key_is_400_saying_it_is_not_rsa()
    {
        foreach (var pem in new[] { EcPkcs8Pem, EcSec1Pem })
        {
            var response = await SignInAsync(Simulator.Demo.KeyId, pem);

            var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
            code.Should().Be("invalid_private_key");
            message.Should().Contain("EC").And.Contain("RSA");
        }
    }

    [Fact]
    public async Task An_unknown_environment_is_400_listing_the_valid_ones()
    {
        var response = await SignInAsync(Simulator.Demo.KeyId, Simulator.Demo.PrivateKeyPem, "staging");

        var (code, message) = response.ShouldBeError(HttpStatusCode.BadRequest);
        code.Should().Be("invalid_environment");
        message.Should().Contain("production").And.Contain("demo").And.Contain("simulator");
    }

    [Fact]
    public async Task The_environment_name_is_case_insensitive()
    {
        var response = await SignInAsync(Simulator.Demo.KeyId, Simulator.Demo.PrivateKeyPem, " Simulator ");

        response.ShouldBeOk().Str("status").Should().Be("authenticated");
    }

    [Fact]
    public async Task A_private_key_that_does_not_belong_to_the_key_id_is_401_with_kalshis_reason()
    {
        var other = await Simulator.CreateAccountAsync();

        var response = await SignInAsync(Simulator.Demo.KeyId, other.PrivateKeyPem);

        var (code, message) = response.ShouldBeError(HttpStatusCode.Unauthorized);
        code.Should().Be("kalshi_rejected_key");
        message.Should().Contain("INCORRECT_API_KEY_SIGNATURE");
        response.Message.Headers.Contains("Set-Cookie").Should().BeFalse("a refused sign-in sets no session");
    }

    [Fact]
    public async Task An_unknown_key_id_is_401_with_kalshis_reason()
    {
        var response = await SignInAsync(Guid.NewGuid().ToString(), Simulator.Demo.PrivateKeyPem);

        var (code, message) = response.ShouldBeError(HttpStatusCode.Unauthorized);
        code.Should().Be("kalshi_rejected_key");
        message.Should().Contain("NOT_FOUND");
    }

    [Fact]
    public async Task A_clock_far_from_kalshis_is_401_with_kalshis_reason_and_says_it_is_the_clock()
    {
        await using var late = await AccountSimulator.StartAsync(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10)));
        await using var app = new PortfolioAppFactory(late.BaseUri);
        using var client = app.CreateAnonymousClient();

        var response = await client.PostAuthenticateAsync(new { key_id = late.Demo.KeyId, private_key = late.Demo.PrivateKeyPem, environment = "simulator" });

        var (code, message) = response.ShouldBeError(HttpStatusCode.Unauthorized);
        code.Should().Be("kalshi_rejected_key");
        message.Should().Contain("header_timestamp_expired").And.Contain("clock");
    }

    [Fact]
    public async Task A_refused_key_is_not_stored()
    {
        var before = await fixture.App.QueryDbAsync(db => Task.FromResult(db.UserCredentials.Count()));

        (await SignInAsync(Guid.NewGuid().ToString(), Simulator.Demo.PrivateKeyPem)).Status.Should().Be(HttpStatusCode.Unauthorized);
        (await SignInAsync(Simulator.Demo.KeyId, "garbage")).Status.Should().Be(HttpStatusCode.BadRequest);

        var after = await fixture.App.QueryDbAsync(db => Task.FromResult(db.UserCredentials.Count()));
        after.Should().Be(before);
    }

    [Fact]
    public async Task Maintenance_at_kalshi_is_503_never_401_and_sign_in_works_again_after_it()
    {
        await Simulator.SetFaultsAsync(new { exchange_active = false, trading_active = false });
        try
        {
            var response = await SignInAsync(Simulator.Demo.KeyId, Simulator.Demo.PrivateKeyPem);

            var (code, message) = response.ShouldBeError(HttpStatusCode.ServiceUnavailable);
            code.Should().Be("kalshi_maintenance");
            message.Should().Contain("maintenance");
        }
        finally
        {
            await Simulator.ClearFaultsAsync();
        }

        (await SignInAsync(Simulator.Demo.KeyId, Simulator.Demo.PrivateKeyPem)).ShouldBeOk();
    }

    [Fact]
    public async Task A_failing_kalshi_is_503_never_401()
    {
        await using var app = new PortfolioAppFactory(Simulator.BaseUri);
        using var client = app.CreateAnonymousClient();
        await Simulator.SetFaultsAsync(new { rest_failures = new { status = 503, count = 1000 } });
        try
        {
            var response = await client.PostAuthenticateAsync(new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem, environment = "simulator" });

            response.ShouldBeError(HttpStatusCode.ServiceUnavailable).Code.Should().Be("kalshi_unavailable");
        }
        finally
        {
            await Simulator.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_simulator_is_503_never_401()
    {
        await using var app = new PortfolioAppFactory(new Uri($"http://127.0.0.1:{ClosedPort()}"));
        using var client = app.CreateAnonymousClient();

        var response = await client.PostAuthenticateAsync(new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem, environment = "simulator" });

        var (code, message) = response.ShouldBeError(HttpStatusCode.ServiceUnavailable);
        code.Should().Be("kalshi_unavailable");
        message.Should().Contain("simulator");
    }

    [Fact]
    public async Task Without_an_environment_the_key_is_checked_with_kalshi_production_and_unreachable_production_is_503()
    {
        var hosts = new UnreachableKalshiHosts();
        await using var app = new PortfolioAppFactory(Simulator.BaseUri, services: hosts.Register);
        using var client = app.CreateAnonymousClient();
        var started = Stopwatch.GetTimestamp();

        var response = await client.PostAuthenticateAsync(new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem });

        var (code, message) = response.ShouldBeError(HttpStatusCode.ServiceUnavailable);
        code.Should().Be("kalshi_unavailable");
        message.Should().Contain("production");
        hosts.RequestedHosts.Should().NotBeEmpty().And.OnlyContain(h => h == "external-api.kalshi.com");
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_kalshi_that_never_answers_is_503_within_the_clients_timeout()
    {
        var hosts = new UnreachableKalshiHosts { Hang = true };
        await using var app = new PortfolioAppFactory(Simulator.BaseUri, services: hosts.Register, settings: new Dictionary<string, string?>
        {
            ["Kalshi:AttemptTimeout"] = "00:00:00.300",
            ["Kalshi:TotalTimeout"] = "00:00:01",
            ["Kalshi:RetryCount"] = "0",
        });
        using var client = app.CreateAnonymousClient();
        var started = Stopwatch.GetTimestamp();

        var response = await client.PostAuthenticateAsync(new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem, environment = "demo" });

        var (code, message) = response.ShouldBeError(HttpStatusCode.ServiceUnavailable);
        code.Should().Be("kalshi_unavailable");
        message.Should().Contain("timed out");
        hosts.RequestedHosts.Should().OnlyContain(h => h == "external-api.demo.kalshi.co");
        Stopwatch.GetElapsedTime(started).Should().BeLessThan(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Too_many_attempts_from_one_client_are_429_while_other_clients_still_get_in()
    {
        await using var app = new PortfolioAppFactory(Simulator.BaseUri,
            settings: new Dictionary<string, string?> { ["Session:AuthenticateAttemptsPerMinute"] = "3" },
            services: s => s.AddSingleton<IStartupFilter, TestClientAddressStartupFilter>());
        using var client = app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add(TestClientAddressStartupFilter.Header, "203.0.113.7");

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAuthenticateAsync(new { key_id = "x" })).Status.Should().Be(HttpStatusCode.BadRequest);
        }
        var limited = await client.PostAuthenticateAsync(new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem, environment = "simulator" });

        limited.ShouldBeError(HttpStatusCode.TooManyRequests).Code.Should().Be("too_many_attempts");
        limited.Message.Headers.RetryAfter.Should().NotBeNull();

        using var other = app.CreateAnonymousClient();
        other.DefaultRequestHeaders.Add(TestClientAddressStartupFilter.Header, "198.51.100.9");
        var response = await other.PostAsJsonAsync(AccountApi.Authenticate, new { key_id = Simulator.Demo.KeyId, private_key = Simulator.Demo.PrivateKeyPem, environment = "simulator" });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<ApiResponse> SignInAsync(string keyId, string privateKey, string environment = "simulator")
    {
        using var client = fixture.App.CreateAnonymousClient();
        return await client.PostAuthenticateAsync(new { key_id = keyId, private_key = privateKey, environment });
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public AccountSimulator Simulator { get; private set; } = null!;
        public PortfolioAppFactory App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Simulator = await AccountSimulator.StartAsync();
            App = new PortfolioAppFactory(Simulator.BaseUri);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await Simulator.DisposeAsync();
        }
    }
}
