using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KalshiPortfolio.Bench.Servers;

/// <summary>
/// The real app (<c>KalshiPortfolio.Web.dll</c> from its own build output) as a child process against the bench's
/// simulator: its shipped configuration (Production, appsettings.json), its own data directory, the embedded
/// simulator off. Signs in through the real account API.
/// </summary>
public sealed class PortfolioApp : IAsyncDisposable
{
    private readonly HttpClient _http;

    private PortfolioApp(ServerProcess process)
    {
        Process = process;
        _http = new HttpClient { BaseAddress = process.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ServerProcess Process { get; }

    public Uri BaseUri => Process.BaseUri;

    /// <summary>The app as published beside the bench (<c>webapp/</c>, made by a Release build), or the <c>--web-dir</c> option.</summary>
    public static string ResolveDirectory(string? overrideDirectory)
    {
        var directory = overrideDirectory ?? Path.Combine(AppContext.BaseDirectory, "webapp");
        if (!File.Exists(Path.Combine(directory, "KalshiPortfolio.Web.dll")))
        {
            throw new FileNotFoundException($"KalshiPortfolio.Web.dll is not in {directory}. Build the bench with -c Release (it publishes the app there), or pass --web-dir with a published app.");
        }
        return directory;
    }

    /// <param name="port">The port to listen on (default: a free one); the same port and <paramref name="name"/> start the same app again after a restart.</param>
    /// <param name="logFile">The log's file name in the app's folder.</param>
    public static async Task<PortfolioApp> StartAsync(
        string webDirectory, Uri simulatorBaseUri, string runDirectory, string name, IReadOnlyList<string>? settings = null, int? port = null, string logFile = "app.log")
    {
        port ??= ServerProcess.FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var dataDirectory = Path.Combine(runDirectory, name, "data");
        Directory.CreateDirectory(dataDirectory);
        var process = await ServerProcess.StartAsync(
            "app",
            [
                Path.Combine(webDirectory, "KalshiPortfolio.Web.dll"),
                "--urls", baseUri.ToString().TrimEnd('/'),
                "--DataDirectory", dataDirectory,
                "--Simulator:Enabled=false",
                "--Simulator:Url=" + simulatorBaseUri.ToString().TrimEnd('/'),
                .. (settings ?? []).Select(setting => "--" + setting),
            ],
            webDirectory,
            baseUri,
            Path.Combine(runDirectory, name, logFile));
        return new PortfolioApp(process);
    }

    /// <summary>Signs in with a simulator key through <c>POST /api/v1/account/authenticate</c>; returns the session token.</summary>
    public async Task<string> AuthenticateAsync(string keyId, string privateKeyPem)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/account/authenticate", new Dictionary<string, string>
        {
            ["key_id"] = keyId,
            ["private_key"] = privateKeyPem,
            ["environment"] = "simulator",
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in failed with {(int)response.StatusCode}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Waits until the app serves <paramref name="count"/> live positions (Kalshi's snapshot is in).</summary>
    public async Task WaitForPositionsAsync(string token, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var last = "";
        while (Stopwatch.GetTimestamp() < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account/positions");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(last);
                if (json.RootElement.GetProperty("source").GetString() == "live"
                    && json.RootElement.GetProperty("positions").GetArrayLength() == count)
                {
                    return;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not show {count} live positions in time; last answer: {last[..Math.Min(300, last.Length)]}");
    }

    /// <summary>The SSE feed's URL with the token as a query parameter.</summary>
    public Uri SseUri(string token) => new(BaseUri, "/api/v1/account/sse/positions?token=" + Uri.EscapeDataString(token));

    /// <summary>The app's <c>kp_fanout_dropped_events</c> counter from <c>/metrics</c> (0 before any drop, when it is absent).</summary>
    public async Task<long?> ReadDroppedEventsAsync()
    {
        try
        {
            var text = await _http.GetStringAsync("/metrics");
            return ParseCounter(text, "kp_fanout_dropped_events");
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The sum of a Prometheus counter's samples (any labels; <c>_total</c> suffix or not).</summary>
    public static long ParseCounter(string exposition, string name)
    {
        double sum = 0;
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = line.AsSpan(name.Length);
            if (rest.StartsWith("_total"))
            {
                rest = rest[6..];
            }
            if (rest.Length == 0 || (rest[0] != '{' && rest[0] != ' '))
            {
                continue;
            }
            if (rest[0] == '{')
            {
                rest = rest[(rest.IndexOf('}') + 1)..];
            }
            rest = rest.TrimStart(' ');
            var space = rest.IndexOf(' '); // a timestamp may follow the value
            var value = space < 0 ? rest : rest[..space];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                sum += v;
            }
        }
        return (long)sum;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Process.DisposeAsync();
    }
}
