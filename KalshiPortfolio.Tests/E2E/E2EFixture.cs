using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Auth;
using KalshiPortfolio.Core.Kalshi.Queries;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>
/// The browser tests share one simulator, one app on Kestrel and one Chromium (each test has its own context).
/// They run on their own, after the parallel collections: the one-second P&amp;L assertion and the screenshots
/// should not compete with the simulator's throughput tests for the CPU.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "E2E";
}

/// <summary>
/// A deterministic world for the browser tests: a simulator with a fixed seed, frozen prices (no random walk
/// after start-up, no demo trading) and a demo portfolio that is the same on every run; the real app on Kestrel
/// against it; Debian's Chromium driven by Playwright. Missing Chromium fails every test with a clear message.
/// </summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const int Seed = 20260611;

    /// <summary>Random-walk steps run once at start-up, after the demo account opened its positions: a lived-in
    /// market where the demo portfolio has gains and losses. The walk depends only on the seed and this count.</summary>
    public const int WarmUpTicks = 40_000;

    public static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Mobile = new() { Width = 390, Height = 844 };

    private PortfolioAppFactory? _app;

    public SimulatorHost Simulator { get; private set; } = null!;

    public PortfolioAppFactory App => _app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The app's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri AppUri { get; private set; } = null!;

    public SimControl Sim { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The demo account's open positions, by the simulator's own REST API.</summary>
    public IReadOnlyList<string> DemoTickers { get; private set; } = [];

    /// <summary>Markets the demo account does not hold, in catalogue order: tests trade in these with their own accounts.</summary>
    public IReadOnlyList<string> FreeTickers { get; private set; } = [];

    public SimAccount Demo => new(Simulator.DemoAccount.KeyId, Simulator.DemoAccount.PrivateKeyPem!);

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}, and it is missing. Run ./test.sh (it installs Debian's " +
                "chromium package) or `apt-get install -y chromium`. Playwright's own browser download does not work here.");
        }

        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            Seed = Seed,
            TicksPerSecond = 0,
            DemoAccountTradesPerMinute = 0,
            AutoSettleAtCloseTime = false,
        });
        Simulator.Exchange.AdvanceRandomWalk(WarmUpTicks);
        Sim = new SimControl(Simulator.BaseUri);

        var simulatorUri = Simulator.BaseUri;
        _app = new PortfolioAppFactory(
            simulatorUri,
            settings: new Dictionary<string, string?>
            {
                // Dropped sockets stay "reconnecting" (not "degraded") for as long as a test keeps them refused.
                ["Streaming:FailuresBeforeDegraded"] = "100",
            },
            services: services =>
            {
                // The factory disables the embedded simulator; the one-click demo sign-in is wanted here, pointed
                // at this fixture's simulator.
                services.RemoveAll<ISimulatorDemoAccount>();
                services.AddSingleton<ISimulatorDemoAccount>(new SimulatorDemoAccount(
                    new HttpClient(),
                    Options.Create(new SimulatorLinkOptions { Enabled = true, Url = simulatorUri.ToString() })));
            },
            kestrel: true);
        _app.StartServer();
        AppUri = new Uri(_app.ServerUri.ToString().TrimEnd('/') + "/");

        DemoTickers = await ReadDemoTickersAsync();
        FreeTickers = Simulator.Exchange.MarketTickers.Except(DemoTickers, StringComparer.Ordinal).ToList();

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        // The one hard timing rule (a quote reaches the screen within a second) sets its own timeout; everything
        // else waits on conditions, generously, because the machine is shared with other builds.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh browser context (its own cookies): fixed viewport, dark scheme, reduced motion, New York time.</summary>
    public async Task<IBrowserContext> NewContextAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = AppUri.ToString(),
            ViewportSize = viewport ?? Desktop,
            DeviceScaleFactor = 1,
            ReducedMotion = ReducedMotion.Reduce,
            ColorScheme = ColorScheme.Dark,
            Locale = "en-US",
            TimezoneId = "America/New_York",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Signs in through the account API from inside the context, so the browser keeps the session cookie.</summary>
    public async Task SignInAsync(IBrowserContext context, SimAccount account)
    {
        var response = await context.APIRequest.PostAsync(new Uri(AppUri, "api/v1/account/authenticate").ToString(), new APIRequestContextOptions
        {
            DataObject = new { key_id = account.KeyId, private_key = account.PrivateKeyPem, environment = "simulator" },
        });
        try
        {
            if (!response.Ok)
            {
                throw new InvalidOperationException($"Sign-in failed with {response.Status}: {await response.TextAsync()}");
            }
        }
        finally
        {
            await response.DisposeAsync();
        }
    }

    /// <summary>A new context signed in as <paramref name="account"/>, with the dashboard open, loaded and live.</summary>
    public async Task<IPage> OpenDashboardAsync(IBrowserContext context, SimAccount account, string path = "")
    {
        var page = await context.NewPageAsync();
        await OpenDashboardAsync(page, account, path);
        return page;
    }

    /// <summary>Signs <paramref name="page"/>'s context in as <paramref name="account"/> and opens the dashboard in it.</summary>
    public async Task OpenDashboardAsync(IPage page, SimAccount account, string path = "")
    {
        await SignInAsync(page.Context, account);
        await page.GotoAsync(path);
        await WaitUntilLiveAsync(page);
    }

    /// <summary>Waits for the circuit (clicks work), the first snapshot and a live link to Kalshi.</summary>
    public static async Task WaitUntilLiveAsync(IPage page)
    {
        await Assertions.Expect(page.GetByTestId("interactive")).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByTestId("portfolio-summary")).ToHaveAttributeAsync("aria-busy", "false");
        await Assertions.Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "connected");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        Playwright?.Dispose();
        if (_app is not null)
        {
            var dataDirectory = _app.DataDirectory;
            await _app.DisposeAsync();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        Sim?.Dispose();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<string>> ReadDemoTickersAsync()
    {
        using var signer = KalshiSigner.FromPem(Demo.KeyId, Demo.PrivateKeyPem);
        var client = App.Services.GetRequiredService<IKalshiClientFactory>().CreateAuthenticated(KalshiEndpoints.ForBaseUrl(Simulator.BaseUri), signer);
        var positions = await client.GetPositionsAsync(new PositionQuery { CountFilter = "position" });
        return positions.MarketPositions.Where(p => p.Position != 0).Select(p => p.Ticker).Order(StringComparer.Ordinal).ToList();
    }
}
