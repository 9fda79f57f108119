using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.WebSockets;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Kalshi;

public sealed class KalshiWebSocketAuthTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 11, 6, 31, 15, 901, TimeSpan.Zero);

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2", "/trade-api/ws/v2")]
    [InlineData("wss://external-api-ws.kalshi.com/trade-api/ws/v2?x=1", "/trade-api/ws/v2")]
    [InlineData("ws://127.0.0.1:5090/trade-api/ws/v2", "/trade-api/ws/v2")]
    [InlineData("wss://external-api-ws.kalshi.com/trade-api/ws/v2/margin", "/trade-api/ws/v2/margin")]
    public void Handshake_headers_sign_get_and_the_websocket_path(string uri, string signedPath)
    {
        using var signer = TestRsaKeys.Signer();

        var headers = KalshiWebSocketAuth.CreateHeaders(signer, new Uri(uri), new FakeTimeProvider(Now));

        headers.AccessKey.Should().Be(TestRsaKeys.KeyId);
        headers.TimestampMs.Should().Be(Now.ToUnixTimeMilliseconds());
        TestRsaKeys.Verifies($"{Now.ToUnixTimeMilliseconds()}GET{signedPath}", headers.Signature).Should().BeTrue();
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void A_relative_websocket_uri_is_refused()
    {
        using var signer = TestRsaKeys.Signer();

        FluentActions.Invoking(() => KalshiWebSocketAuth.CreateHeaders(signer, new Uri("/trade-api/ws/v2", UriKind.Relative)))
            .Should().Throw<ArgumentException>();
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task ClientWebSocket_sends_the_signed_headers_on_the_upgrade_request()
    {
        using var signer = TestRsaKeys.Signer();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var uri = KalshiEndpoints.ForBaseUrl($"http://127.0.0.1:{port}").WebSocketUri;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var server = ReadUpgradeRequestAndRefuseAsync(listener, timeout.Token);

            using var socket = new ClientWebSocket();
            KalshiWebSocketAuth.Apply(socket.Options, signer, uri, new FakeTimeProvider(Now));
            await FluentActions.Awaiting(() => socket.ConnectAsync(uri, timeout.Token)).Should().ThrowAsync<WebSocketException>();

            var (requestLine, headers) = await server;
            requestLine.Should().Be("GET /trade-api/ws/v2 HTTP/1.1");
            headers[KalshiAuthHeaders.AccessKeyHeader].Should().Be(TestRsaKeys.KeyId);
            headers[KalshiAuthHeaders.TimestampHeader].Should().Be(Now.ToUnixTimeMilliseconds().ToString());
            TestRsaKeys.Verifies($"{Now.ToUnixTimeMilliseconds()}GET/trade-api/ws/v2", headers[KalshiAuthHeaders.SignatureHeader]).Should().BeTrue();
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<(string RequestLine, Dictionary<string, string> Headers)> ReadUpgradeRequestAndRefuseAsync(TcpListener listener, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await stream.WriteAsync("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
        var lines = received.ToString().Split("\r\n");
        var headers = lines.Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(':', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return (lines[0], headers);
    }
}
