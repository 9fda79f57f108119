using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Threading.Channels;
using KalshiPortfolio.Simulator.Faults;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>
/// The server end of one WebSocket (RFC 6455) over the upgraded HTTP/1.1 stream. Written here rather than taken from
/// <c>System.Net.WebSockets</c> because the simulator must control every frame: Ping frames with Kalshi's
/// <c>heartbeat</c> payload on its own clock, garbage frames, silence, abrupt drops.
/// One writer loop drains an outbound queue, so producers (the exchange's threads) never block on a slow socket.
/// </summary>
internal sealed class WebSocketConnection
{
    private const byte OpContinuation = 0x0;
    private const byte OpText = 0x1;
    private const byte OpBinary = 0x2;
    private const byte OpClose = 0x8;
    private const byte OpPing = 0x9;
    private const byte OpPong = 0xA;
    private const int MaxMessageBytes = 1 << 20;
    private const int BatchBytes = 64 * 1024;

    private static readonly byte[] HeartbeatPayload = "heartbeat"u8.ToArray();

    private readonly Stream _stream;
    private readonly FaultState _faults;
    private readonly Action _abortTransport;
    private readonly int _queueLimit;
    private readonly Channel<Frame> _outbound = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private int _queuedData;
    private int _closeSent;
    private long _pingsSent;
    private long _malformedSent;

    public WebSocketConnection(Stream stream, FaultState faults, Action abortTransport, int queueLimit)
    {
        _stream = stream;
        _faults = faults;
        _abortTransport = abortTransport;
        _queueLimit = queueLimit;
    }

    /// <summary>Cancelled when the connection ends (either side, or an abort).</summary>
    public CancellationToken Closed => _closed.Token;

    public long PingsSent => Interlocked.Read(ref _pingsSent);

    public long MalformedFramesSent => Interlocked.Read(ref _malformedSent);

    /// <summary>Queues a text frame. False when the socket is gone; a socket that falls too far behind is dropped.</summary>
    public bool TrySendText(byte[] utf8)
    {
        if (_closed.IsCancellationRequested) return false;
        if (_faults.IsSilenced) return true; // dropped as it is produced (and again at write time, for what was queued before)
        if (Interlocked.Increment(ref _queuedData) > _queueLimit)
        {
            Abort();
            return false;
        }
        if (_outbound.Writer.TryWrite(new Frame(OpText, utf8))) return true;
        Interlocked.Decrement(ref _queuedData);
        return false;
    }

    /// <summary>Queues a Ping control frame with Kalshi's payload, <c>heartbeat</c>.</summary>
    public void SendPing() => _outbound.Writer.TryWrite(new Frame(OpPing, HeartbeatPayload));

    /// <summary>Sends a Close frame and ends the connection once it is written.</summary>
    public void Close(ushort status, string reason)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0) return;
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, status);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        _outbound.Writer.TryWrite(new Frame(OpClose, payload));
        _outbound.Writer.TryComplete();
    }

    /// <summary>Drops the connection at once, without a Close frame (as a network failure would).</summary>
    public void Abort()
    {
        _outbound.Writer.TryComplete();
        if (!_closed.IsCancellationRequested)
        {
            try { _closed.Cancel(); } catch (ObjectDisposedException) { }
            _abortTransport();
        }
    }

    /// <summary>Writes queued frames until the queue completes or the connection ends.</summary>
    public async Task RunWriterAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(BatchBytes);
        var reader = _outbound.Reader;
        var closeWritten = false;
        try
        {
            while (await reader.WaitToReadAsync(_closed.Token))
            {
                var closing = false;
                while (buffer.WrittenCount < BatchBytes && reader.TryRead(out var frame))
                {
                    if (frame.Opcode == OpText) Interlocked.Decrement(ref _queuedData);
                    if (frame.Opcode != OpClose && _faults.IsSilenced) continue; // socket open, nothing sent
                    var payload = frame.Payload;
                    if (frame.Opcode == OpText && _faults.TryConsumeMalformedFrame())
                    {
                        payload = Malformed(payload);
                        Interlocked.Increment(ref _malformedSent);
                    }
                    if (frame.Opcode == OpPing) Interlocked.Increment(ref _pingsSent);
                    WriteFrame(buffer, frame.Opcode, payload);
                    if (frame.Opcode == OpClose)
                    {
                        closing = true;
                        break;
                    }
                }
                if (buffer.WrittenCount > 0)
                {
                    await _stream.WriteAsync(buffer.WrittenMemory, _closed.Token);
                    await _stream.FlushAsync(_closed.Token);
                    buffer.ResetWrittenCount();
                }
                if (closing)
                {
                    closeWritten = true;
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // the connection is gone
        }
        finally
        {
            _outbound.Writer.TryComplete();
            try
            {
                // After our Close frame, give the client a moment to answer with its own before the reader stops.
                if (closeWritten) _closed.CancelAfter(TimeSpan.FromSeconds(2));
                else _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>
    /// Reads the next complete text message. Answers Pings, ignores Pongs and binary messages, echoes a Close.
    /// Returns null when the connection ends.
    /// </summary>
    public async Task<string?> ReceiveTextAsync()
    {
        var message = new ArrayBufferWriter<byte>();
        var messageOpcode = (byte)0;
        var header = new byte[14];
        try
        {
            while (true)
            {
                await _stream.ReadExactlyAsync(header.AsMemory(0, 2), _closed.Token);
                var fin = (header[0] & 0x80) != 0;
                var opcode = (byte)(header[0] & 0x0F);
                var masked = (header[1] & 0x80) != 0;
                long length = header[1] & 0x7F;
                if ((header[0] & 0x70) != 0 || !masked)
                {
                    Close(1002, "protocol error");
                    return null;
                }
                if (length == 126)
                {
                    await _stream.ReadExactlyAsync(header.AsMemory(0, 2), _closed.Token);
                    length = BinaryPrimitives.ReadUInt16BigEndian(header);
                }
                else if (length == 127)
                {
                    await _stream.ReadExactlyAsync(header.AsMemory(0, 8), _closed.Token);
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(header);
                }
                if (length + message.WrittenCount > MaxMessageBytes)
                {
                    Close(1009, "message too big");
                    return null;
                }
                var mask = new byte[4];
                await _stream.ReadExactlyAsync(mask, _closed.Token);
                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, _closed.Token);
                for (var i = 0; i < payload.Length; i++) payload[i] ^= mask[i & 3];

                switch (opcode)
                {
                    case OpPing:
                        _outbound.Writer.TryWrite(new Frame(OpPong, payload));
                        continue;
                    case OpPong:
                        continue;
                    case OpClose:
                        Close(payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : (ushort)1000, "");
                        return null;
                    case OpText or OpBinary:
                        message.ResetWrittenCount();
                        messageOpcode = opcode;
                        break;
                    case OpContinuation:
                        break;
                    default:
                        Close(1002, "unknown opcode");
                        return null;
                }
                message.Write(payload);
                if (!fin) continue;
                if (messageOpcode == OpBinary) continue;
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message.WrittenSpan);
                }
                catch (DecoderFallbackException)
                {
                    Close(1007, "invalid utf-8");
                    return null;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or EndOfStreamException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static void WriteFrame(ArrayBufferWriter<byte> buffer, byte opcode, ReadOnlyMemory<byte> payload)
    {
        var length = payload.Length;
        var headerLength = length < 126 ? 2 : length <= ushort.MaxValue ? 4 : 10;
        var span = buffer.GetSpan(headerLength + length);
        span[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            span[1] = (byte)length;
        }
        else if (length <= ushort.MaxValue)
        {
            span[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        }
        else
        {
            span[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(span[2..], (ulong)length);
        }
        payload.Span.CopyTo(span[headerLength..]);
        buffer.Advance(headerLength + length);
    }

    /// <summary>Garbage text in place of a message: valid UTF-8 (so the frame itself is legal), never valid JSON.</summary>
    private static byte[] Malformed(ReadOnlyMemory<byte> original)
    {
        var span = original.Span;
        var length = 0;
        while (length < Math.Min(span.Length, 24) && span[length] < 0x80) length++; // whole ASCII characters only
        var cut = span[..length];
        return [.. "~~malformed frame~~ "u8, .. cut, .. " }{ \u00bfnot json?"u8];
    }

    private readonly record struct Frame(byte Opcode, ReadOnlyMemory<byte> Payload);
}
