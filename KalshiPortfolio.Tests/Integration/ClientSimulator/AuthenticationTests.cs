using System.Net;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.Integration.ClientSimulator.Support;
using KalshiPortfolio.Tests.Simulator.Support;
using KalshiPortfolio.Tests.TestSupport;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator;

/// <summary>
/// Every authentication failure, produced by the real client (or a raw request where the client cannot make one)
/// against the simulator's signature check, over REST and on the WebSocket handshake.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthenticationTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task The_right_key_signs_requests_the_simulator_accepts()
    {
        var balance = await fixture.Client.Authenticated(fixture.Demo).GetBalanceAsync();

        balance.Cash.Should().Be(fixture.Sim.Host.Exchange.GetCashDollars(fixture.Demo.KeyId));
    }

    [Fact]
    public async Task A_wrong_private_key_for_the_key_id_is_an_incorrect_signature()
    {
        using var impostor = CoreSigner.FromPem(fixture.Demo.KeyId, TestRsaKeys.Pkcs8Pem);

        var error = await RejectedAsync(fixture.Client, impostor, client => client.GetBalanceAsync());

        error.Error.Should().Be(new KalshiError("authentication_error", "authentication_error", "INCORRECT_API_KEY_SIGNATURE"));
        error.Message.Should().Contain("private key belongs to this key id");
    }

    [Fact]
    public async Task An_unknown_key_id_is_not_found()
    {
        using var stranger = CoreSigner.FromPem(Guid.NewGuid().ToString(), TestRsaKeys.Pkcs8Pem);

        var error = await RejectedAsync(fixture.Client, stranger, client => client.GetPositionsAsync());

        error.Error.Should().Be(new KalshiError("authentication_error", "authentication_error", "NOT_FOUND"));
        error.RequestPath.Should().Be("/trade-api/v2/portfolio/positions");
        error.Message.Should().Contain("does not know this key id");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-300)]
    public async Task A_client_clock_skewed_beyond_the_window_gets_header_timestamp_expired(int skewSeconds)
    {
        var skewed = fixture.NewClient(clockOffset: TimeSpan.FromSeconds(skewSeconds));

        var error = await RejectedAsync(skewed, fixture.Demo, client => client.GetBalanceAsync());

        error.Error!.Code.Should().Be("header_timestamp_expired");
        error.Message.Should().Contain("check this machine's clock");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task A_client_clock_skewed_by_five_seconds_is_accepted(int skewSeconds)
    {
        var client = fixture.NewClient(clockOffset: TimeSpan.FromSeconds(skewSeconds)).Authenticated(fixture.Demo);

        (await client.GetBalanceAsync()).Cash.Should().Be(fixture.Sim.Host.Exchange.GetCashDollars(fixture.Demo.KeyId));
    }

    [Fact]
    public async Task A_request_without_the_signature_headers_is_rejected_with_a_body_the_client_reads()
    {
        using var response = await fixture.Sim.Http.GetAsync(new Uri(fixture.Client.Endpoints.RestBaseUri + "/portfolio/balance"));
        var body = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        KalshiErrorParser.TryParse(body).Should().Be(new KalshiError("signature_is_missing_from_headers", "signature is missing from headers"));
    }

    [Fact]
    public async Task The_websocket_handshake_signed_by_the_client_connects()
    {
        await using var session = await ClientWebSocketSession.ConnectAsync(fixture.Client.Endpoints.WebSocketUri, fixture.Demo, fixture.Client.Clock);

        session.Socket.HttpStatusCode.Should().Be(HttpStatusCode.SwitchingProtocols);
        await session.SendAsync(session.Commands.ListSubscriptions());
        (await session.NextAsync<KalshiWsOk>()).Subscriptions.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_signature_an_unknown_key_a_skewed_clock_or_no_headers_get_401_before_the_upgrade()
    {
        var uri = fixture.Client.Endpoints.WebSocketUri;
        using var impostor = CoreSigner.FromPem(fixture.Demo.KeyId, TestRsaKeys.Pkcs8Pem);
        using var stranger = CoreSigner.FromPem(Guid.NewGuid().ToString(), TestRsaKeys.Pkcs8Pem);
        var skewed = new SimulatorClock(fixture.Time, TimeSpan.FromMinutes(-5));

        (await HandshakeAsync(uri, impostor, fixture.Client.Clock)).Should().Be(401, "the signature is not the key id's");
        (await HandshakeAsync(uri, stranger, fixture.Client.Clock)).Should().Be(401, "the key id is unknown");
        (await HandshakeAsync(uri, fixture.Demo, skewed)).Should().Be(401, "the timestamp is 5 minutes old");
        (await WsTestClient.HandshakeStatusAsync(uri, null)).Should().Be(401, "no headers at all");
        (await HandshakeAsync(uri, fixture.Demo, fixture.Client.Clock)).Should().Be(101);
    }

    private static Task<int> HandshakeAsync(Uri uri, CoreSigner signer, TimeProvider clock) =>
        WsTestClient.HandshakeStatusAsync(uri, null, o => KalshiWebSocketAuth.Apply(o, signer, uri, clock));

    /// <summary>The call fails with a 401 that the client did not retry (an auth failure is not transient).</summary>
    private static async Task<KalshiAuthenticationException> RejectedAsync(KalshiClientHost host, CoreSigner signer, Func<AuthenticatedKalshiClient, Task> call)
    {
        var before = host.Observer.Retries.Count;
        var error = (await FluentActions.Awaiting(() => call(host.Authenticated(signer))).Should().ThrowAsync<KalshiAuthenticationException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        error.Kind.Should().Be(KalshiErrorKind.InvalidCredentials);
        host.Observer.Retries.Count.Should().Be(before, "a 401 is not retried");
        return error;
    }
}
