using System.Net;
using KalshiPortfolio.Simulator.Api;
using KalshiPortfolio.Simulator.Control;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Faults;
using KalshiPortfolio.Simulator.Hosting;
using KalshiPortfolio.Simulator.WebSockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiPortfolio.Simulator;

/// <summary>
/// A running simulated Kalshi exchange on its own Kestrel listener: REST under <c>/trade-api/v2</c>, the WebSocket at
/// <c>/trade-api/ws/v2</c>, and the control API under <c>/_sim</c>. Used by the standalone program, embedded by the
/// Web app, and started on port 0 by tests and benchmarks. Dispose to stop.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorServices _services;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loops;
    private int _disposed;

    private SimulatorHost(WebApplication app, SimulatorServices services, Uri baseUri, ILogger logger)
    {
        _app = app;
        _services = services;
        BaseUri = baseUri;
        _loops = MarketLoops.RunAsync(services, logger, _stopping.Token);
    }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:5090/</c> (the real port when the options asked for port 0).</summary>
    public Uri BaseUri { get; }

    /// <summary>The REST base, <c>{BaseUri}trade-api/v2/</c>.</summary>
    public Uri RestBaseUri => new(BaseUri, "trade-api/v2/");

    /// <summary>The WebSocket URL, <c>ws://host:port/trade-api/ws/v2</c>.</summary>
    public Uri WebSocketUri => new UriBuilder(BaseUri) { Scheme = "ws", Path = WebSocketEndpoint.Path }.Uri;

    /// <summary>The validated options this host runs with (a copy).</summary>
    public SimulatorOptions Options => _services.Options;

    /// <summary>In-process access to the exchange (accounts, trades, quotes, settlement, random walk).</summary>
    public SimulatedExchange Exchange => _services.Exchange;

    /// <summary>In-process access to the injected faults.</summary>
    public FaultState Faults => _services.Faults;

    /// <summary>The demo account's key id and private key (also served by <c>GET /_sim/demo-account</c>).</summary>
    public AccountCredentials DemoAccount => _services.DemoCredentials;

    /// <summary>WebSocket connections open now.</summary>
    public int WebSocketConnections => _services.Hub.ConnectionCount;

    /// <summary>Ping frames (payload <c>heartbeat</c>) written so far on all sockets.</summary>
    public long WebSocketPingsSent => _services.Hub.PingsSent;

    /// <summary>Drops every WebSocket now, without a Close frame (as the <c>drop_websockets</c> fault).</summary>
    public int DropWebSockets() => _services.Hub.DropAll();

    /// <summary>Validates <paramref name="options"/>, builds the exchange and starts listening.</summary>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <param name="time">The clock of everything time-dependent (signature window, rate limits, pings, walk, faults). Default: system.</param>
    /// <param name="loggerFactory">Where the simulator logs; default: nowhere.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<SimulatorHost> StartAsync(
        SimulatorOptions options,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        SimulatorOptionsValidator.ThrowIfInvalid(options);
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("KalshiPortfolio.Simulator");

        var services = new SimulatorServices(options, time);
        var app = Build(options, services, loggerFactory);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new SimulatorHost(app, services, new Uri(address.TrimEnd('/') + "/"), logger);
        logger.LogInformation(
            "Kalshi simulator listening on {Url}; demo account key id {KeyId} (private key: GET /_sim/demo-account)",
            host.BaseUri, services.DemoCredentials.KeyId);
        return host;
    }

    private static WebApplication Build(SimulatorOptions options, SimulatorServices services, ILoggerFactory loggerFactory)
    {
        // An empty builder: no appsettings, environment variables or URLs of the process that embeds the simulator leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>(); // no Ctrl+C handling or banner of its own
        builder.Services.AddSingleton(services.Options);
        builder.Services.AddSingleton(services.Faults);
        builder.Services.AddSingleton(services.Authenticator);
        builder.Services.AddSingleton(services.RateLimiter);
        builder.Services.AddSingleton(services.Exchange);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var uri = new Uri(options.Url);
            kestrel.Listen(ListenAddress(uri.Host), uri.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var app = builder.Build();
        app.UseMiddleware<TradeApiMiddleware>(services.Time);
        MarketEndpoints.Map(app, services.Exchange);
        PortfolioEndpoints.Map(app, services.Exchange);
        WebSocketEndpoint.Map(app, services);
        ControlEndpoints.Map(app, services);
        app.MapFallback(TradeApiMiddleware.RestPrefix + "/{**rest}", context => ErrorBodies.WriteNotFound(context.Response));
        return app;
    }

    private static IPAddress ListenAddress(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" or "0.0.0.0" => IPAddress.Any,
        "[::]" => IPAddress.IPv6Any,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : throw new ArgumentException($"Simulator:Url host '{host}' is not an IP address or localhost."),
    };

    /// <summary>Stops the loops, closes the sockets and the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync();
        await _loops;

        // Say goodbye (Close 1001), give clients a moment to answer, then drop whatever is left.
        _services.Hub.CloseAll();
        var deadline = Environment.TickCount64 + 1000;
        while (_services.Hub.ConnectionCount > 0 && Environment.TickCount64 < deadline) await Task.Delay(10);
        _services.Hub.DropAll();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token);
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
