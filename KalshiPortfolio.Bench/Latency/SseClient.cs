using System.Diagnostics;
using System.Net.ServerSentEvents;
using KalshiPortfolio.Bench.Load;

namespace KalshiPortfolio.Bench.Latency;

/// <summary>
/// One SSE client over a real loopback connection. Each event is parsed by <see cref="SseParser"/>; a quote event is
/// matched to its publish in the <see cref="PublishLedger"/> and, when the publish is in the measurement window,
/// its latency (receipt time − publish time, both <see cref="Stopwatch"/> in this process) is recorded once.
/// </summary>
public sealed class SseClient
{
    private readonly PublishLedger _ledger;
    private readonly MeasurementWindow _window;
    private readonly ulong[] _seen;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _maxSequence;

    /// <param name="windowCapacity">The most publishes the window may hold (for de-duplication); more are still counted.</param>
    public SseClient(int id, PublishLedger ledger, MeasurementWindow window, long windowCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windowCapacity);
        Id = id;
        _ledger = ledger;
        _window = window;
        _seen = new ulong[(windowCapacity + 63) / 64];
    }

    public int Id { get; }

    /// <summary>Latencies of the window's publishes this client received (each at most once).</summary>
    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Distinct publishes of the window received.</summary>
    public long Received { get; private set; }

    /// <summary>Window publishes received more than once (not recorded again).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Quote events that match no publish (a quote the bench never set, or an unknown ticker).</summary>
    public long Unmatched { get; private set; }

    /// <summary>Every event received, of any kind.</summary>
    public long Events { get; private set; }

    /// <summary>Bytes of event data received.</summary>
    public long DataBytes { get; private set; }

    /// <summary>The highest publish sequence seen so far (any window).</summary>
    public long MaxSequence => Volatile.Read(ref _maxSequence);

    /// <summary>Completes when the stream is open (and, if asked, its first event has arrived).</summary>
    public Task Ready => _ready.Task;

    public Exception? Error { get; private set; }

    /// <summary>Reads the stream until <paramref name="cancellationToken"/> fires or the server ends it.</summary>
    public async Task RunAsync(HttpClient http, Uri uri, bool readyOnFirstEvent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"SSE client {Id}: {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}.");
            }
            if (!readyOnFirstEvent)
            {
                _ready.TrySetResult();
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var parser = SseParser.Create(stream, (_, data) =>
            {
                OnEvent(data, Stopwatch.GetTimestamp());
                return 0;
            });
            await foreach (var _ in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                // all the work is in the item parser, which runs as each event is read
            }
            throw new IOException($"SSE client {Id}: the server ended the stream.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Error = ex;
            _ready.TrySetException(ex);
        }
    }

    /// <summary>Handles one event's data received at <paramref name="timestamp"/> (<see cref="Stopwatch"/> ticks).</summary>
    public void OnEvent(ReadOnlySpan<byte> data, long timestamp)
    {
        Events++;
        DataBytes += data.Length;
        if (Events == 1)
        {
            _ready.TrySetResult();
        }
        if (QuoteReceipt.Read(data, out var ticker, out var bid, out var ask) == ReceiptKind.Other)
        {
            return;
        }
        var index = _ledger.IndexOf(ticker);
        if (index < 0 || !_ledger.TryFind(index, bid, ask, out var sequence, out var published))
        {
            Unmatched++;
            return;
        }
        if (sequence > _maxSequence)
        {
            Volatile.Write(ref _maxSequence, sequence);
        }
        if (!_window.Contains(sequence))
        {
            return;
        }
        var offset = sequence - _window.StartSequence;
        if (offset < (long)_seen.Length * 64)
        {
            ref var word = ref _seen[offset >> 6];
            var bit = 1UL << (int)(offset & 63);
            if ((word & bit) != 0)
            {
                Duplicates++;
                return;
            }
            word |= bit;
        }
        Received++;
        Histogram.RecordElapsed(published, timestamp);
    }
}
