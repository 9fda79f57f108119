using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>One frame of an SSE stream: an event (id, event, data, retry) or a comment.</summary>
public sealed record SseFrame(string Raw, string? Id, string? EventName, string? Data, string? Retry, string? Comment)
{
    public bool IsComment => Comment is not null && Data is null;

    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();

    public string Type => Json.GetProperty("type").GetString()!;

    public long IdNumber => long.Parse(Id!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads an SSE response as it arrives: every frame in order (comments included) and the raw text, with
/// timeouts on every wait. Dispose it to disconnect.
/// </summary>
public sealed class SseTestClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<SseFrame> _frames = Channel.CreateUnbounded<SseFrame>();
    private readonly StringBuilder _raw = new();
    private readonly Task _reader;

    private SseTestClient(HttpResponseMessage response)
    {
        _response = response;
        _reader = Task.Run(ReadAsync);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Everything received so far, as text.</summary>
    public string Raw
    {
        get { lock (_raw) { return _raw.ToString(); } }
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public Task Ended => _frames.Reader.Completion;

    public static async Task<SseTestClient> OpenAsync(HttpClient client, string url, string? lastEventId = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        return new SseTestClient(response);
    }

    /// <summary>The next frame (an event or a comment).</summary>
    public async Task<SseFrame> NextFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            return await _frames.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No SSE frame within {(timeout ?? Eventually.DefaultTimeout).TotalSeconds} s. Received so far:\n{Tail()}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The SSE stream ended. Received:\n{Tail()}");
        }
    }

    /// <summary>The next event (comments skipped).</summary>
    public async Task<SseFrame> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await NextFrameAsync(timeout);
            if (!frame.IsComment)
            {
                return frame;
            }
        }
    }

    /// <summary>The next event of <paramref name="type"/> matching <paramref name="where"/>, skipping others.</summary>
    public async Task<SseFrame> NextAsync(string type, Func<JsonElement, bool>? where = null, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            var left = limit - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {type} event matched in time. Received:\n{Tail()}");
            }
            var frame = await NextEventAsync(left);
            if (frame.Type == type && (where is null || where(frame.Json)))
            {
                return frame;
            }
        }
    }

    /// <summary>Events already received and not yet taken, without waiting.</summary>
    public List<SseFrame> TakeReceived()
    {
        var taken = new List<SseFrame>();
        while (_frames.Reader.TryRead(out var frame))
        {
            taken.Add(frame);
        }
        return taken;
    }

    private string Tail()
    {
        var raw = Raw;
        return raw.Length > 3000 ? "…" + raw[^3000..] : raw;
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            var buffer = new byte[16 * 1024];
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            var pending = new StringBuilder();
            while (true)
            {
                var read = await body.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                lock (_raw)
                {
                    _raw.Append(chars, 0, count);
                }
                pending.Append(chars, 0, count);
                var text = pending.ToString();
                int end;
                while ((end = text.IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
                {
                    _frames.Writer.TryWrite(Parse(text[..end]));
                    text = text[(end + 2)..];
                }
                pending.Clear().Append(text);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        catch (HttpRequestException)
        {
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    private static SseFrame Parse(string block)
    {
        string? id = null, name = null, retry = null, comment = null;
        StringBuilder? data = null;
        foreach (var line in block.Split('\n'))
        {
            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "retry": retry = value; break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
        return new SseFrame(block, id, name, data?.ToString(), retry, comment);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("The SSE client's reader did not stop within 10 s of being cancelled.");
        }
        finally
        {
            _response.Dispose();
            _stop.Dispose();
        }
    }
}
