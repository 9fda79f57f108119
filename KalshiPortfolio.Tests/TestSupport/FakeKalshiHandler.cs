using System.Net;
using System.Text;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>Produces the response to one request (or throws, or never answers).</summary>
public delegate Task<HttpResponseMessage> FakeResponder(HttpRequestMessage request, CancellationToken cancellationToken);

/// <summary>
/// An in-memory stand-in for Kalshi's HTTP server: routes match on the URL path (or a predicate), each route
/// answers with its responders in turn (the last one repeats), and every request is recorded with a snapshot of
/// its headers as sent. Unrouted requests get a 404 whose body says so.
/// </summary>
public sealed class FakeKalshiHandler : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<Route> _routes = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrivals = new(0);

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>Completes when the next not-yet-awaited request has arrived (fails after 10 s of real time).</summary>
    public async Task WaitForRequestAsync()
    {
        if (!await _arrivals.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false))
        {
            throw new TimeoutException("FakeKalshiHandler: the expected request did not arrive.");
        }
    }

    /// <summary>Runs before the responder for every request (e.g. to advance a fake clock).</summary>
    public Action<HttpRequestMessage>? BeforeResponse { get; set; }

    /// <summary>Answers requests whose path (no query) equals <paramref name="path"/>, e.g. <c>/trade-api/v2/portfolio/balance</c>.</summary>
    public FakeKalshiHandler On(string path, params FakeResponder[] responders) =>
        On(request => request.RequestUri!.AbsolutePath == path, responders);

    /// <summary>Answers requests matching <paramref name="match"/>.</summary>
    public FakeKalshiHandler On(Func<HttpRequestMessage, bool> match, params FakeResponder[] responders)
    {
        if (responders.Length == 0)
        {
            throw new ArgumentException("A route needs at least one responder.", nameof(responders));
        }

        lock (_gate)
        {
            _routes.Add(new Route(match, responders));
        }

        return this;
    }

    /// <summary>Serves a capture at the path its metadata records, with its recorded status.</summary>
    public FakeKalshiHandler OnCapture(string captureName) =>
        On(KalshiCaptures.Meta(captureName).Path, Respond.Capture(captureName));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        FakeResponder? responder = null;
        lock (_gate)
        {
            _requests.Add(RecordedRequest.From(request));
            foreach (var route in _routes)
            {
                if (route.Match(request))
                {
                    responder = route.Next();
                    break;
                }
            }
        }

        BeforeResponse?.Invoke(request);
        _arrivals.Release();
        if (responder is null)
        {
            return Respond.Text(HttpStatusCode.NotFound, $"{{\"error\":{{\"code\":\"no_fake_route\",\"message\":\"FakeKalshiHandler has no route for {request.Method} {request.RequestUri!.AbsolutePath}\"}}}}");
        }

        var response = await responder(request, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }

    private sealed class Route(Func<HttpRequestMessage, bool> match, FakeResponder[] responders)
    {
        private int _calls;

        public Func<HttpRequestMessage, bool> Match { get; } = match;

        public FakeResponder Next() => responders[Math.Min(_calls++, responders.Length - 1)];
    }
}

/// <summary>One request as the fake server saw it.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, IReadOnlyList<string>> Headers)
{
    public static RecordedRequest From(HttpRequestMessage request) => new(
        request.Method,
        request.RequestUri!,
        request.Headers.ToDictionary(h => h.Key, h => (IReadOnlyList<string>)h.Value.ToList(), StringComparer.OrdinalIgnoreCase));

    /// <summary>The single value of a header, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? values.Single() : null;

    /// <summary>A query parameter, unescaped; null when absent.</summary>
    public string? Query(string name) => new CaptureMeta(Method.Method, Uri.PathAndQuery, 0, null).Query(name);
}

/// <summary>Ready-made responders.</summary>
public static class Respond
{
    public static HttpResponseMessage Text(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static FakeResponder Json(HttpStatusCode status, string body) =>
        (_, _) => Task.FromResult(Text(status, body));

    public static FakeResponder Ok(string body) => Json(HttpStatusCode.OK, body);

    /// <summary>A capture's body with its recorded status (200 when the capture has no metadata).</summary>
    public static FakeResponder Capture(string name)
    {
        var body = KalshiCaptures.Body(name);
        var status = KalshiCaptures.HasMeta(name) ? (HttpStatusCode)KalshiCaptures.Meta(name).Status : HttpStatusCode.OK;
        return (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent(body) });
    }

    public static FakeResponder Status(HttpStatusCode status) =>
        (_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new ByteArrayContent([]) });

    /// <summary>Never answers; completes only when the request is cancelled (e.g. by a timeout).</summary>
    public static FakeResponder Never() => async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        throw new InvalidOperationException("unreachable");
    };

    public static FakeResponder Throw(Exception exception) => (_, _) => Task.FromException<HttpResponseMessage>(exception);
}
