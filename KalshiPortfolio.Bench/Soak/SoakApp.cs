using System.Net.Http.Headers;
using System.Text.Json;
using KalshiPortfolio.Bench.Servers;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// The app under test, a real process that the soak restarts: always on the same port and data directory, so a
/// restarted instance resumes the stored session and SSE clients reconnect to the same address.
/// </summary>
public sealed class SoakApp(string webDirectory, Uri simulatorBaseUri, string runDirectory, IReadOnlyList<string> settings) : IAsyncDisposable
{
    private readonly int _port = ServerProcess.FreePort();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Lock _gate = new();
    private PortfolioApp? _app;
    private double _peakRssMb;
    private long _droppedEarlier;
    private long _droppedNow;

    public Uri BaseUri => new($"http://127.0.0.1:{_port}/");

    public int Starts { get; private set; }

    /// <summary>The largest resident set of any instance so far (VmHWM), in MB.</summary>
    public double PeakRssMb
    {
        get
        {
            lock (_gate) return _peakRssMb;
        }
    }

    /// <summary><c>kp_fanout_dropped_events</c> summed over the instances (as last read from each).</summary>
    public long DroppedEvents
    {
        get
        {
            lock (_gate) return _droppedEarlier + _droppedNow;
        }
    }

    public async Task StartAsync()
    {
        Starts++;
        var app = await PortfolioApp.StartAsync(webDirectory, simulatorBaseUri, runDirectory, "app", settings, _port, $"app-{Starts}.log");
        lock (_gate)
        {
            _app = app;
            _droppedEarlier += _droppedNow;
            _droppedNow = 0;
        }
    }

    public Task<string> AuthenticateAsync(string keyId, string privateKeyPem) =>
        (_app ?? throw new InvalidOperationException("The app is not running.")).AuthenticateAsync(keyId, privateKeyPem);

    public Uri SseUri(string token) => new(BaseUri, "/api/v1/account/sse/positions?token=" + Uri.EscapeDataString(token));

    /// <summary>Stops the running instance: SIGTERM (waiting up to <paramref name="grace"/>, then killing) or SIGKILL. Returns the exit time and whether SIGTERM had to be followed by a kill.</summary>
    public async Task<(TimeSpan Elapsed, bool Killed)> StopAsync(bool graceful, TimeSpan grace)
    {
        PortfolioApp? app;
        lock (_gate)
        {
            app = _app;
            _app = null;
        }
        if (app is null)
        {
            return (TimeSpan.Zero, false);
        }
        await SampleAsync(app);
        (TimeSpan, bool) outcome;
        if (graceful)
        {
            outcome = await app.Process.TerminateAsync(grace);
        }
        else
        {
            await app.Process.KillAsync();
            outcome = (TimeSpan.Zero, true);
        }
        await app.DisposeAsync();
        return outcome;
    }

    /// <summary>Reads the running instance's peak memory and dropped-event counter.</summary>
    public async Task SampleAsync()
    {
        PortfolioApp? app;
        lock (_gate) app = _app;
        if (app is not null)
        {
            await SampleAsync(app);
        }
    }

    private async Task SampleAsync(PortfolioApp app)
    {
        (double PeakMb, double CurrentMb)? memory;
        long? dropped;
        try
        {
            memory = ProcessStats.ReadMemory(app.Process.Pid);
            dropped = await app.ReadDroppedEventsAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            return; // the instance is being stopped
        }
        lock (_gate)
        {
            if (memory is { } m)
            {
                _peakRssMb = Math.Max(_peakRssMb, m.PeakMb);
            }
            if (dropped is { } d && ReferenceEquals(app, _app))
            {
                _droppedNow = d;
            }
        }
    }

    /// <summary>The app's figures through its REST API, or a reason they could not be read or are not live.</summary>
    public async Task<(AccountFigures? Figures, Figure? Problem)> ReadAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            var positions = await GetAsync("/api/v1/account/positions", token, cancellationToken);
            var portfolio = await GetAsync("/api/v1/account/portfolio", token, cancellationToken);
            if (positions is null || portfolio is null)
            {
                return (null, Figure.Unavailable);
            }
            if (positions.Value.GetProperty("source").GetString() != "live" || portfolio.Value.GetProperty("source").GetString() != "live")
            {
                return (AccountFigures.FromApp(positions.Value, portfolio.Value), Figure.NotLive);
            }
            return (AccountFigures.FromApp(positions.Value, portfolio.Value), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, Figure.Unavailable);
        }
    }

    private async Task<JsonElement?> GetAsync(string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(graceful: true, TimeSpan.FromSeconds(10));
        _http.Dispose();
    }
}
