using System.Net.ServerSentEvents;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// One SSE client kept connected for the whole soak, as a dashboard's EventSource: when the stream ends or cannot
/// be opened (the app restarting) it waits the feed's <c>retry:</c> interval and reconnects with <c>Last-Event-ID</c>.
/// </summary>
public sealed class SoakSseClient(int id, HttpClient http, Func<Uri> uri)
{
    private static readonly TimeSpan DefaultRetry = TimeSpan.FromSeconds(2);

    public int Id { get; } = id;

    public string View => $"sse-{Id}";

    public SseAccountState State { get; } = new();

    /// <summary>Streams opened.</summary>
    public int Connections { get; private set; }

    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = DefaultRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri());
                request.Headers.Accept.ParseAdd("text/event-stream");
                if (State.LastEventId is { } last)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", last);
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"the feed answered {(int)response.StatusCode}");
                }
                Connections++;
                State.OnConnected();
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var parser = SseParser.Create(stream, static (_, data) => data.ToArray());
                await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    State.Apply(item.EventId, item.Data);
                }
                if (parser.ReconnectionInterval > TimeSpan.Zero)
                {
                    retry = parser.ReconnectionInterval;
                }
                LastError = "the app ended the stream";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                LastError = ex.Message;
            }
            finally
            {
                State.OnDisconnected();
            }
            try
            {
                await Task.Delay(retry, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
