using System.Collections.Concurrent;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Core.Streaming.Upstream;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>
/// One user's <see cref="KalshiUpstream"/> on a fake clock: WebSockets are <see cref="FakeKalshiSocket"/>s, REST is
/// the real client against a real simulator that runs on the same fake clock (so signatures stay inside its window
/// however far the clock is moved). The client's own retries are off and its timeouts far away, so only the
/// upstream's timing is under test.
/// </summary>
internal sealed class UpstreamHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 6, 11, 14, 0, 0, TimeSpan.Zero);

    private UpstreamHarness(FakeTimeProvider time, SimulatorHost simulator, ServiceProvider services, StreamingOptions options, Func<double>? jitter, KalshiSigner? signer)
    {
        Time = time;
        Timers = new TimerWatch(time);
        Simulator = simulator;
        Services = services;
        Options = options;
        Sockets = new FakeKalshiSocketFactory(time);
        Account = simulator.Exchange.CreateAccount(balanceDollars: 500m);
        Signer = signer ?? KalshiSigner.FromPem(Account.KeyId, Account.PrivateKeyPem!);
        Endpoints = KalshiEndpoints.ForBaseUrl(simulator.BaseUri);
        Portfolio = new UserPortfolio("user-1", options, Timers);
        Upstream = new KalshiUpstream(
            Portfolio,
            services.GetRequiredService<IKalshiClientFactory>().CreateAuthenticated(Endpoints, Signer),
            Endpoints,
            Signer,
            Sockets,
            Store,
            options,
            Metrics,
            Timers,
            NullLogger.Instance,
            jitter ?? (() => 0.0));
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The clock the upstream runs on: <see cref="Time"/>, watched.</summary>
    public TimerWatch Timers { get; }

    /// <summary>Waits until the upstream waits on a timer due <paramref name="fromNow"/> from now.</summary>
    public Task WaitForTimerAsync(TimeSpan fromNow, string what) => Timers.WaitForTimerAsync(Time.GetUtcNow() + fromNow, what);

    public SimulatorHost Simulator { get; }

    public ServiceProvider Services { get; }

    public StreamingOptions Options { get; }

    public FakeKalshiSocketFactory Sockets { get; }

    public FakePortfolioStore Store { get; } = new();

    public PortfolioMetrics Metrics { get; } = new();

    public RequestLog Requests => Services.GetRequiredService<RequestLog>();

    public AccountCredentials Account { get; }

    public KalshiSigner Signer { get; }

    public KalshiEndpoints Endpoints { get; }

    public UserPortfolio Portfolio { get; }

    public KalshiUpstream Upstream { get; }

    public ConnectionStatus Status => Portfolio.Status;

    public static StreamingOptions DefaultOptions() => new()
    {
        ReconnectBaseDelay = TimeSpan.FromSeconds(2),
        ReconnectMaxDelay = TimeSpan.FromSeconds(32),
        ReconnectJitter = 0.2,
        FailuresBeforeDegraded = 5,
        PollInterval = TimeSpan.FromSeconds(5),
        ProbeInterval = TimeSpan.FromSeconds(10),
        SilenceTimeout = TimeSpan.FromSeconds(25),
        MaintenanceCheckInterval = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(7), // unlike any interval above, so a test can tell the timers apart
        CacheWriteInterval = TimeSpan.Zero,
    };

    /// <param name="signer">Signs as another key (e.g. one the simulator doesn't know); default: a fresh simulator account's.</param>
    public static async Task<UpstreamHarness> CreateAsync(StreamingOptions? options = null, Func<double>? jitter = null, KalshiSigner? signer = null)
    {
        var time = new FakeTimeProvider(Start);
        var simulator = await SimulatorHost.StartAsync(
            new SimulatorOptions
            {
                Url = "http://127.0.0.1:0",
                TicksPerSecond = 0,
                DemoAccountTradesPerMinute = 0,
                AutoSettleAtCloseTime = false,
                RateLimitBucketCapacity = 10_000_000,
                RateLimitTokensPerSecond = 10_000_000,
            },
            time);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<RequestLog>();
        services.AddKalshiClient(o =>
        {
            // Only the upstream's timing is under test: no client retries, no client timeouts on the fake clock.
            o.RetryCount = 0;
            o.AttemptTimeout = TimeSpan.FromHours(12);
            o.TotalTimeout = TimeSpan.FromDays(1);
            o.CircuitBreakerSamplingDuration = TimeSpan.FromDays(1);
            o.CircuitBreakerMinimumThroughput = 1_000_000;
        });
        services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler(sp => new RequestLogHandler(sp.GetRequiredService<RequestLog>()));
        return new UpstreamHarness(time, simulator, services.BuildServiceProvider(), options ?? DefaultOptions(), jitter, signer);
    }

    /// <summary>
    /// Starts the upstream and waits until it is connected, reconciled, and watching the socket (its first probe
    /// timer exists), so nothing of the connect is still in flight when the test moves on.
    /// </summary>
    public async Task StartConnectedAsync()
    {
        var now = Time.GetUtcNow();
        Upstream.Start();
        await Eventually.True(() => Status.State == ConnectionState.Connected && Portfolio.IsLive, "connected with a first snapshot");
        await Timers.WaitForTimerAsync(now + Options.ProbeInterval, "watching the socket");
    }

    /// <summary>Moves the fake clock.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>A trade on the user's simulator account.</summary>
    public void Trade(string ticker, decimal count = 2, decimal price = 0.40m) =>
        Simulator.Exchange.Trade(Account.KeyId, ticker, ContractSide.Yes, TradeAction.Buy, count, price);

    /// <summary>A market of the simulator's catalogue (distinct per index).</summary>
    public string Market(int index) => Simulator.Exchange.MarketTickers[index];

    public async ValueTask DisposeAsync()
    {
        await Upstream.DisposeAsync();
        Signer.Dispose();
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
        Metrics.Dispose();
    }
}

/// <summary>The paths of the Kalshi REST requests made, in order.</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<string> _paths = new();

    public IReadOnlyList<string> Paths => _paths.ToArray();

    public int Count(string pathEnd) => _paths.Count(p => p.EndsWith(pathEnd, StringComparison.Ordinal));

    public void Add(string path) => _paths.Enqueue(path);
}

internal sealed class RequestLogHandler(RequestLog log) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        log.Add(request.RequestUri!.AbsolutePath);
        return base.SendAsync(request, cancellationToken);
    }
}
