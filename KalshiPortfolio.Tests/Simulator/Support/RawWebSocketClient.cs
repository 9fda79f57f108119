using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>
/// A bare RFC 6455 client over TCP that shows every frame, control frames included (ClientWebSocket answers Pings
/// internally and never shows them), so tests can see the simulator's Ping frames and their payload.
/// </summary>
internal sealed class RawWebSocketClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<RawWebSocketClient> ConnectAsync(Uri baseUri, KalshiSigner signer)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUri.Host, baseUri.Port);
        var client = new RawWebSocketClient(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var (timestamp, signature) = signer.Sign("GET", "/trade-api/ws/v2");
        var request =
            $"GET /trade-api/ws/v2 HTTP/1.1\r\nHost: {baseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nKALSHI-ACCESS-KEY: {signer.KeyId}\r\n" +
            $"KALSHI-ACCESS-TIMESTAMP: {timestamp}\r\nKALSHI-ACCESS-SIGNATURE: {signature}\r\n\r\n";
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await client._stream.ReadExactlyAsync(one);
            head.Append((char)one[0]);
        }
        if (!head.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new InvalidOperationException("handshake refused: " + head);
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        if (!head.ToString().Contains("Sec-WebSocket-Accept: " + expected, StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("bad accept: " + head);
        return client;
    }

    /// <summary>Reads the next frame (server frames are unmasked).</summary>
    public async Task<(int Opcode, byte[] Payload)> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? WsTestClient.DefaultTimeout);
        var header = new byte[8];
        await _stream.ReadExactlyAsync(header.AsMemory(0, 2), cts.Token);
        var opcode = header[0] & 0x0F;
        long length = header[1] & 0x7F;
        if (length == 126)
        {
            await _stream.ReadExactlyAsync(header.AsMemory(0, 2), cts.Token);
            length = BinaryPrimitives.ReadUInt16BigEndian(header);
        }
        else if (length == 127)
        {
            await _stream.ReadExactlyAsync(header.AsMemory(0, 8), cts.Token);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(header);
        }
        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cts.Token);
        return (opcode, payload);
    }

    /// <summary>Sends a masked client frame.</summary>
    public async Task SendFrameAsync(int opcode, byte[] payload)
    {
        var frame = new List<byte> { (byte)(0x80 | opcode) };
        if (payload.Length < 126) frame.Add((byte)(0x80 | payload.Length));
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        var mask = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i & 3])));
        await _stream.WriteAsync(frame.ToArray());
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
