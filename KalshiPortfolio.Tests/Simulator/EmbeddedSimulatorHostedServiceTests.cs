using System.Net;
using System.Net.Sockets;
using KalshiPortfolio.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The Web app's embedded simulator: started at <c>Simulator:Url</c> when enabled, not at all when disabled.</summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedSimulatorHostedServiceTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), "kalshi-web-" + Guid.NewGuid().ToString("N"));

    public EmbeddedSimulatorHostedServiceTests() => Directory.CreateDirectory(_contentRoot);

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task When_enabled_the_simulator_serves_the_configured_url_until_the_app_stops()
    {
        var port = FreePort();
        using var app = BuildApp(enabled: true, $"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        await app.StartAsync();
        var service = app.Services.GetRequiredService<EmbeddedSimulatorHostedService>();

        service.Host.Should().NotBeNull();
        service.Host!.BaseUri.Port.Should().Be(port);
        (await http.GetAsync($"http://127.0.0.1:{port}/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(Path.Combine(_contentRoot, "data", "simulator", "demo-account.key")).Should().BeTrue("the demo key is kept under the content root by default");

        await app.StopAsync();
        var afterStop = () => http.GetAsync($"http://127.0.0.1:{port}/trade-api/v2/exchange/status");
        await afterStop.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task When_disabled_nothing_listens()
    {
        var port = FreePort();
        using var app = BuildApp(enabled: false, $"http://127.0.0.1:{port}");

        await app.StartAsync();

        app.Services.GetRequiredService<EmbeddedSimulatorHostedService>().Host.Should().BeNull();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var call = () => http.GetAsync($"http://127.0.0.1:{port}/trade-api/v2/exchange/status");
        await call.Should().ThrowAsync<HttpRequestException>();
        await app.StopAsync();
    }

    [Fact]
    public async Task When_the_url_is_taken_the_app_still_starts_and_leaves_it_to_the_running_simulator()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var app = BuildApp(enabled: true, $"http://127.0.0.1:{port}");

        await app.StartAsync();

        app.Services.GetRequiredService<EmbeddedSimulatorHostedService>().Host.Should().BeNull();
        await app.StopAsync();
    }

    [Fact]
    public async Task An_invalid_simulator_setting_fails_the_start()
    {
        using var app = BuildApp(enabled: true, "http://127.0.0.1:0", ("Simulator:DemoPositions", "99"));

        var start = () => app.StartAsync();

        await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>();
    }

    [Fact]
    public void The_web_app_enables_the_simulator_at_5090_by_default()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var settings = configuration.GetSection("Simulator").Get<SimulatorSettings>()!;

        settings.Enabled.Should().BeTrue();
        settings.Url.Should().Be("http://127.0.0.1:5090");
    }

    private IHost BuildApp(bool enabled, string url, params (string Key, string Value)[] extra)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = _contentRoot,
            EnvironmentName = "Test",
        });
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:Enabled"] = enabled ? "true" : "false",
            ["Simulator:Url"] = url,
            ["Simulator:TicksPerSecond"] = "0",
            ["Simulator:DemoAccountTradesPerMinute"] = "0",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddEmbeddedSimulator(builder.Configuration);
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
