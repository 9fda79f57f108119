using System.Buffers;
using System.IO.Pipelines;

namespace KalshiPortfolio.Web.Streaming;

/// <summary>
/// The response body for the SSE feed: writes go into Kestrel's <see cref="PipeWriter"/> without sending, and
/// <see cref="FlushAsync(CancellationToken)"/> (which <c>SseFormatter</c> calls after every event) is a no-op. The
/// feed sends with <see cref="SendAsync"/> once it has written every event already queued, so a burst of events
/// costs one network write instead of one per event. The pipe's flush also applies backpressure to a slow client.
/// </summary>
internal sealed class BatchingResponseStream(PipeWriter writer) : Stream
{
    /// <summary>Bytes written since the last <see cref="SendAsync"/>.</summary>
    public long UnsentBytes { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Sends everything written so far.</summary>
    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        UnsentBytes = 0;
        var result = await writer.FlushAsync(cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("The client went away.");
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        writer.Write(buffer);
        UnsentBytes += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    // Batched: sending is decided by the feed (SendAsync), not by each event.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
