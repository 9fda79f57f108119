using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Core.Streaming;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// The whole Web app (real Program) against a simulator over loopback, with its own data directory. Options are
/// set for tests: no embedded simulator, no sign-in rate limit (unless asked), short retry delays, immediate cache
/// writes. Two factories with the same <see cref="DataDirectory"/> in turn are a restart. The host runs in the
/// <c>Testing</c> environment unless another is given (e.g. <c>Development</c>, whose exception page must never answer
/// an API request).
/// </summary>
public sealed class PortfolioAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _kestrel;
    private readonly string _environment;

    public PortfolioAppFactory(
        Uri simulatorBaseUri,
        string? dataDirectory = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool kestrel = false,
        string environment = "Testing")
    {
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _services = services;
        _kestrel = kestrel;
        _environment = environment;
        _settings = new Dictionary<string, string?>
        {
            ["DataDirectory"] = DataDirectory,
            ["Simulator:Enabled"] = "false",
            ["Simulator:Url"] = simulatorBaseUri.ToString(),
            ["Session:AuthenticateAttemptsPerMinute"] = "10000",
            ["Kalshi:RetryBaseDelay"] = "00:00:00.010",
            ["Kalshi:RetryMaxDelay"] = "00:00:00.050",
            ["Streaming:CacheWriteInterval"] = "00:00:00",
            ["Streaming:ReconnectBaseDelay"] = "00:00:00.050",
            ["Streaming:ReconnectMaxDelay"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public string DataDirectory { get; }

    /// <summary>The app's real address (Kestrel only; call <c>StartServer()</c> first).</summary>
    public Uri ServerUri => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public StreamingManager Streams => Services.GetRequiredService<StreamingManager>();

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "kp-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment(_environment);
        // Outside Development, ASP.NET Core only serves the dependencies' static files (blazor.web.js, MudBlazor's
        // CSS and JS, the scoped CSS bundle) when asked: a real browser needs them.
        builder.UseStaticWebAssets();
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>A client with the session token as a Bearer header (no cookies).</summary>
    public HttpClient CreateBearerClient(string token)
    {
        var client = _kestrel ? new HttpClient { BaseAddress = ServerUri } : CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Signs in and returns the session token.</summary>
    public async Task<SignedIn> AuthenticateAsync(string keyId, string privateKeyPem, string environment = "simulator", HttpClient? client = null)
    {
        client ??= CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var response = await client.PostAsJsonAsync("/api/v1/account/authenticate", new { key_id = keyId, private_key = privateKeyPem, environment });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in failed with {(int)response.StatusCode}: {body}");
        }
        using var json = JsonDocument.Parse(body);
        return new SignedIn(json.RootElement.GetProperty("user_id").GetString()!, json.RootElement.GetProperty("token").GetString()!);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
    }
}

/// <summary>A signed-in user: the user id and the session token.</summary>
public sealed record SignedIn(string UserId, string Token);
