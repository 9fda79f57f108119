using System.Net;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>Kalshi's API-key signing as the simulator checks it, over real loopback HTTP and WebSocket.</summary>
[Trait("Category", "Integration")]
public sealed class AuthTests : IAsyncLifetime
{
    private const string BalancePath = "/trade-api/v2/portfolio/balance";
    private SimulatorTestHost _sim = null!;
    private KalshiSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync();
        _signer = await _sim.CreateAccountAsync();
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_good_signature_is_accepted()
    {
        (await SendAsync(BalancePath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Portfolio_endpoints_need_a_signature_and_market_data_does_not()
    {
        (await _sim.Http.GetAsync(BalancePath)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _sim.Http.GetAsync("/trade-api/v2/markets?limit=2")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _sim.Http.GetAsync("/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    [InlineData(9)]
    [InlineData(-9)]
    public async Task Clock_skew_inside_the_window_is_accepted(int seconds)
    {
        _signer.Skew = TimeSpan.FromSeconds(seconds);
        (await SendAsync(BalancePath)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    [InlineData(300)]
    [InlineData(-300)]
    public async Task Clock_skew_outside_the_window_is_rejected(int seconds)
    {
        _signer.Skew = TimeSpan.FromSeconds(seconds);
        var response = await SendAsync(BalancePath);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("header_timestamp_expired");
    }

    [Fact]
    public async Task A_signature_ages_out_with_the_simulator_clock()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.Host.BaseUri, BalancePath));
        _signer.Apply(request);
        _sim.Time!.Advance(TimeSpan.FromSeconds(11));

        (await _sim.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_query_string_is_not_signed()
    {
        (await SendAsync("/trade-api/v2/portfolio/fills?limit=5&ticker=X")).StatusCode.Should().Be(HttpStatusCode.OK);

        _signer.SignedPath = path => path + "?limit=5";
        var response = await SendAsync("/trade-api/v2/portfolio/fills?limit=5");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("INCORRECT_API_KEY_SIGNATURE");
    }

    [Fact]
    public async Task Signing_the_short_path_is_rejected()
    {
        _signer.SignedPath = path => path.Replace("/trade-api/v2", "", StringComparison.Ordinal);
        (await SendAsync(BalancePath)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_rejected()
    {
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var impostor = new KalshiSigner(_signer.KeyId, other, _sim.Now);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.Host.BaseUri, BalancePath));
        impostor.Apply(request);

        var response = await _sim.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("INCORRECT_API_KEY_SIGNATURE");
    }

    [Fact]
    public async Task A_generated_account_works_with_the_private_key_it_returns()
    {
        var response = await _sim.Http.PostAsync("/_sim/accounts", new StringContent("{\"balance_dollars\":\"25.50\"}", System.Text.Encoding.UTF8, "application/json"));
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var key = TestKeys.FromPem(body.GetProperty("private_key_pem").GetString()!);
        using var client = _sim.SignedClient(new KalshiSigner(body.GetProperty("key_id").GetString()!, key, _sim.Now));

        var balance = await _sim.GetJsonAsync(client, BalancePath);

        balance.GetProperty("balance").GetInt64().Should().Be(2550);
        balance.GetProperty("balance_dollars").GetString().Should().Be("25.5000");
    }

    [Fact]
    public async Task The_websocket_handshake_needs_a_valid_signature()
    {
        var uri = _sim.Host.WebSocketUri;
        (await WsTestClient.HandshakeStatusAsync(uri, null)).Should().Be(401);

        _signer.SignedPath = _ => "/trade-api/v2/portfolio/balance";
        (await WsTestClient.HandshakeStatusAsync(uri, _signer)).Should().Be(401);

        _signer.SignedPath = null;
        _signer.Skew = TimeSpan.FromSeconds(-30);
        (await WsTestClient.HandshakeStatusAsync(uri, _signer)).Should().Be(401);

        (await WsTestClient.HandshakeStatusAsync(uri, new KalshiSigner("no-such-key", TestKeys.Shared, _sim.Now))).Should().Be(401);

        _signer.Skew = TimeSpan.Zero;
        (await WsTestClient.HandshakeStatusAsync(uri, _signer)).Should().Be(101);
    }

    [Fact]
    public async Task Lenient_mode_accepts_unsigned_websockets_but_not_private_channels()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.RequireWebSocketAuth = false);
        var socket = await sim.ConnectAsync(null);

        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "fill" } } });

        var error = await socket.NextAsync();
        error.GetProperty("type").GetString().Should().Be("error");
        error.GetProperty("msg").GetProperty("code").GetInt32().Should().Be(9);
    }

    private Task<HttpResponseMessage> SendAsync(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_sim.Host.BaseUri, pathAndQuery));
        _signer.Apply(request);
        return _sim.Http.SendAsync(request);
    }
}
