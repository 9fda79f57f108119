using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>
/// A simulator on a free loopback port, with a fake clock by default, frozen prices and a demo account that does not
/// trade by itself (so tests see only what they cause), plus helpers to make signed accounts, clients and sockets.
/// </summary>
internal sealed class SimulatorTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAsyncDisposable> _owned = [];

    private SimulatorTestHost(SimulatorHost host, FakeTimeProvider? time, TimerWatch? timers)
    {
        Host = host;
        Time = time;
        Timers = timers;
        Http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
    }

    public SimulatorHost Host { get; }

    /// <summary>The simulator's clock (null when the test runs on system time).</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>The timers the simulator created on its fake clock (only when started with <c>watchTimers</c>).</summary>
    public TimerWatch? Timers { get; }

    /// <summary>An unsigned client (public endpoints and the control API).</summary>
    public HttpClient Http { get; }

    public DateTimeOffset Now() => Time?.GetUtcNow() ?? DateTimeOffset.UtcNow;

    /// <summary>
    /// A data directory holding a ready demo key (the tests' shared key), so starting a host generates no RSA key.
    /// </summary>
    private static readonly Lazy<string> DemoKeyDirectory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "kalshi-sim-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "demo-account.key"), TestKeys.Shared.ExportRSAPrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "demo-account.id"), DemoKeyId);
        return directory;
    });

    public const string DemoKeyId = "5e1d0d7e-0000-4000-8000-00000000de70";

    public static async Task<SimulatorTestHost> StartAsync(Action<SimulatorOptions>? configure = null, bool fakeTime = true, bool watchTimers = false)
    {
        var options = new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            TicksPerSecond = 0,
            DemoAccountTradesPerMinute = 0,
            DataDirectory = DemoKeyDirectory.Value,
        };
        configure?.Invoke(options);
        var time = fakeTime ? new FakeTimeProvider(Start) : null;
        var timers = time is not null && watchTimers ? new TimerWatch(time) : null;
        var host = await SimulatorHost.StartAsync(options, (TimeProvider?)timers ?? time);
        return new SimulatorTestHost(host, time, timers);
    }

    /// <summary>An account with the tests' shared key (made through the control API).</summary>
    public async Task<KalshiSigner> CreateAccountAsync(decimal balanceDollars = 1000m)
    {
        var response = await Http.PostAsJsonAsync("/_sim/accounts", new { public_key_pem = TestKeys.SharedPublicPem, balance_dollars = balanceDollars.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.TryGetProperty("private_key_pem", out _).Should().BeFalse("the caller supplied the public key");
        return new KalshiSigner(body.GetProperty("key_id").GetString()!, TestKeys.Shared, Now);
    }

    public HttpClient SignedClient(KalshiSigner signer)
    {
        var client = new HttpClient(new SigningHandler(signer)) { BaseAddress = Host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
        return client;
    }

    public async Task<WsTestClient> ConnectAsync(KalshiSigner? signer)
    {
        var client = await WsTestClient.ConnectAsync(Host.WebSocketUri, signer);
        _owned.Add(client);
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("GET {0} answered {1}: {2}", path, (int)response.StatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>A trade through the control API.</summary>
    public async Task<JsonElement> FillAsync(string keyId, string ticker, string side, string action, int count, string price)
    {
        var response = await Http.PostAsJsonAsync($"/_sim/accounts/{keyId}/fills", new { ticker, side, action, count, price_dollars = price });
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("the fill was refused: {0}", text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
