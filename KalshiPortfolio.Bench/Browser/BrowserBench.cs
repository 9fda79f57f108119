using System.Diagnostics;
using System.Text.Json;
using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Bench.Load;
using KalshiPortfolio.Bench.Reporting;
using KalshiPortfolio.Bench.Servers;
using Microsoft.Playwright;

namespace KalshiPortfolio.Bench.Browser;

/// <summary>
/// Quote change → new P&amp;L text in the DOM, in headless Chromium, at 500 positions and 100 updates/s. The panel
/// virtualizes beyond 50 cards, so only the cards in the DOM (the viewport plus overscan, sorted by ticker so the set
/// stays put) can be measured: half of the updates go to those markets, half to any of the 500.
/// </summary>
/// <remarks>
/// Matching: a card's text shows the P&amp;L of exactly one quote (every position is 10 contracts bought at $0.50,
/// marked at the YES bid or 1 − the YES ask), so each text change is paired with the quote change it shows.
/// Clocks: the page records <c>performance.now()</c> in a MutationObserver when a card's P&amp;L text changes; the bench
/// maps it to its own <see cref="Stopwatch"/> by asking the page for <c>performance.now()</c> 30 times and keeping the
/// reading with the shortest round trip (its offset is exact within ± half that round trip). The alignment is
/// repeated after the run; the difference is the drift.
/// </remarks>
public sealed class BrowserBench(BenchContext context)
{
    public const int Positions = 500;
    public const double UpdatesPerSecond = 100;
    public const double VisibleShare = 0.5;

    private const string ObserverScript = """
        () => {
          const kp = { changes: [], last: new Map(), longTasks: [], gaps: [], lastFrame: 0 };
          const pnlOf = node => {
            const element = node.nodeType === 1 ? node : node.parentElement;
            return element ? element.closest('[data-testid="position-pnl"]') : null;
          };
          new MutationObserver(records => {
            const t = performance.now();
            const seen = new Set();
            for (const record of records) {
              const pnl = pnlOf(record.target);
              if (!pnl || seen.has(pnl)) continue;
              seen.add(pnl);
              const card = pnl.closest('[data-testid="position-card"]');
              if (!card) continue;
              const usd = pnl.querySelector('.kp-usd');
              const ticker = card.dataset.ticker, text = (usd || pnl).textContent;
              if (kp.last.get(ticker) === text) continue;
              kp.last.set(ticker, text);
              kp.changes.push([ticker, t, text]);
            }
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
          try {
            new PerformanceObserver(list => {
              for (const e of list.getEntries()) kp.longTasks.push([e.startTime, e.duration]);
            }).observe({ type: 'longtask', buffered: true });
          } catch (e) { kp.longTaskError = String(e); }
          const frame = t => {
            if (kp.lastFrame && t - kp.lastFrame > 20) kp.gaps.push([t, t - kp.lastFrame]);
            kp.lastFrame = t;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
          window.__kp = kp;
          return true;
        }
        """;

    public async Task<BrowserResult> RunAsync()
    {
        var warmup = TimeSpan.FromSeconds(context.Options.Quick ? 3 : 5);
        var measure = TimeSpan.FromSeconds(context.Options.MeasureSeconds ?? (context.Options.Quick ? 12 : 60));
        var drain = TimeSpan.FromSeconds(2);
        var exchange = context.Simulator.Exchange;
        var account = Scenarios.OpenPositions(exchange, Positions, out var tickers);
        var ledger = new PublishLedger(tickers);
        for (var i = 0; i < tickers.Count; i++)
        {
            var (bid, ask) = ledger.Current(i);
            exchange.SetQuote(tickers[i], bid / 100m, ask / 100m);
        }

        var directory = Path.Combine(context.RunDirectory, "browser");
        await using var app = await PortfolioApp.StartAsync(context.WebDirectory, context.Simulator.BaseUri, directory, "app", context.Options.AppSettings);
        var token = await app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);
        await app.WaitForPositionsAsync(token, Positions, TimeSpan.FromSeconds(60));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = context.Options.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var browserContext = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await browserContext.AddCookiesAsync([new Cookie
        {
            Name = "kp_session",
            Value = token,
            Domain = app.BaseUri.Host,
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteAttribute.Strict,
        }]);
        var page = await browserContext.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
        List<string> visible;
        try
        {
            await page.GotoAsync(app.BaseUri.ToString());
            await page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            await page.Locator("[data-testid=position-card]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            await page.Locator("[data-sort=ticker]").ClickAsync();
            visible = await WaitForTickerOrderAsync(page, tickers);
            await page.EvaluateAsync<bool>(ObserverScript);
        }
        catch (Exception ex) when (ex is TimeoutException or PlaywrightException)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "failure.png") });
            await File.WriteAllLinesAsync(Path.Combine(directory, "console.log"), console);
            throw;
        }
        context.Log($"[browser] {visible.Count} of {Positions} cards in the DOM; {UpdatesPerSecond} updates/s, {VisibleShare:P0} of them to those");

        var before = await AlignClocksAsync(page);
        var visibleIndexes = visible.Select(t => tickers.IndexOf(t)).ToArray();
        var random = new Random(7);
        var load = new LoadGenerator(ledger, p => exchange.SetQuote(tickers[p.TickerIndex], p.Bid, p.Ask),
            () => random.NextDouble() < VisibleShare ? visibleIndexes[random.Next(visibleIndexes.Length)] : random.Next(tickers.Count));
        var window = new MeasurementWindow();
        var record = new List<Publish>();
        var cpu = new ProcessStats.CpuSample[2];
        long windowStart = 0, windowEnd = 0;
        await load.RunAsync(UpdatesPerSecond, warmup, measure, window,
            onWindowOpen: () => { cpu[0] = ProcessStats.SampleCpu(app.Process.Pid); windowStart = cpu[0].Timestamp; },
            onWindowClose: () => { cpu[1] = ProcessStats.SampleCpu(app.Process.Pid); windowEnd = cpu[1].Timestamp; },
            record: record);
        await Task.Delay(drain);
        var after = await AlignClocksAsync(page);
        var memory = ProcessStats.ReadMemory(app.Process.Pid);

        var root = await page.EvaluateAsync<JsonElement>("() => ({ changes: window.__kp.changes, longTasks: window.__kp.longTasks, gaps: window.__kp.gaps, error: window.__kp.longTaskError || null })");
        var visibleSet = visible.ToHashSet(StringComparer.Ordinal);
        var publishes = record.Where(p => visibleSet.Contains(tickers[p.TickerIndex]))
            .Select(p => new CardPublish(tickers[p.TickerIndex], Ms(p.Timestamp), window.Contains(p.Sequence), Scenarios.PnlCents(p.TickerIndex, p.BidCents, p.AskCents)));
        var allChanges = root.GetProperty("changes").EnumerateArray()
            .Select(c => (Ticker: c[0].GetString()!, At: c[1].GetDouble() + before.OffsetMs, Pnl: DomLatencyMatcher.ParseDollars(c[2].GetString() ?? "")))
            .Where(c => c.Pnl is not null)
            .Select(c => new DomChange(c.Ticker, c.At, c.Pnl!.Value)).ToList();
        // Cards that entered the DOM later (the virtualizer shifting its window by a slot) are not measured.
        var changes = allChanges.Where(c => visibleSet.Contains(c.Ticker)).ToList();
        var outcome = DomLatencyMatcher.Match(publishes, changes);

        // Long tasks and frame gaps inside the window (page clock → bench clock).
        var (from, to) = (Ms(windowStart), Ms(windowEnd));
        var longTasks = root.GetProperty("longTasks").EnumerateArray()
            .Select(e => (At: e[0].GetDouble() + before.OffsetMs, Duration: e[1].GetDouble()))
            .Where(e => e.At + e.Duration >= from && e.At <= to).ToList();
        var gaps = root.GetProperty("gaps").EnumerateArray()
            .Select(e => (At: e[0].GetDouble() + before.OffsetMs, Gap: e[1].GetDouble()))
            .Where(e => e.At >= from && e.At <= to).ToList();
        var notes = new List<string>();
        if (root.GetProperty("error").ValueKind == JsonValueKind.String)
        {
            notes.Add("Long Tasks API unavailable: " + root.GetProperty("error").GetString());
        }
        if (outcome.Unattributed > 0)
        {
            notes.Add($"{outcome.Unattributed} P&L text change(s) of measured cards matched no quote change");
        }
        if (allChanges.Count > changes.Count)
        {
            notes.Add($"{allChanges.Count - changes.Count} text change(s) on {allChanges.Select(c => c.Ticker).Distinct().Count(t => !visibleSet.Contains(t))} card(s) that entered the DOM later, not measured");
        }

        return new BrowserResult
        {
            Positions = Positions,
            UpdatesPerSecond = Math.Round(window.Count / Math.Max(1e-9, (windowEnd - windowStart) / (double)Stopwatch.Frequency), 1),
            VisibleCards = visible.Count,
            VisibleShare = VisibleShare,
            Latency = LatencyStats.From(outcome.Histogram),
            Missed = outcome.Missed,
            PublishesToVisibleCards = outcome.Publishes,
            Coalesced = outcome.Coalesced,
            LongestTaskMs = longTasks.Count == 0 ? null : Math.Round(longTasks.Max(t => t.Duration), 1),
            LongTasks = longTasks.Count,
            MaxFrameGapMs = Math.Round(gaps.Select(g => g.Gap).DefaultIfEmpty(0).Max(), 1),
            ClockErrorMs = Math.Round(Math.Max(before.ErrorMs, after.ErrorMs), 3),
            ClockDriftMs = Math.Round(after.OffsetMs - before.OffsetMs, 3),
            AppPeakRssMb = memory is { } m ? Math.Round(m.PeakMb, 1) : null,
            AppCpuPercent = Math.Round(ProcessStats.CpuPercent(cpu[0], cpu[1]), 1),
            Error = notes.Count == 0 ? null : string.Join("; ", notes),
        };
    }

    private static double Ms(long timestamp) => timestamp * 1000.0 / Stopwatch.Frequency;

    /// <summary>The page clock's offset to the bench's (bench ms = page ms + offset) and its error bound.</summary>
    private static async Task<(double OffsetMs, double ErrorMs)> AlignClocksAsync(IPage page)
    {
        var best = (OffsetMs: 0.0, ErrorMs: double.MaxValue);
        for (var i = 0; i < 30; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            var pageNow = await page.EvaluateAsync<double>("() => performance.now()");
            var back = Stopwatch.GetTimestamp();
            var half = (Ms(back) - Ms(sent)) / 2;
            if (half < best.ErrorMs)
            {
                best = (Ms(sent) + half - pageNow, half);
            }
        }
        return best;
    }

    /// <summary>Waits until the cards in the DOM are in ticker order from the first ticker, and returns them.</summary>
    private static async Task<List<string>> WaitForTickerOrderAsync(IPage page, IReadOnlyList<string> tickers)
    {
        var first = tickers.Order(StringComparer.Ordinal).First();
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (true)
        {
            var shown = (await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=position-card]')].map(e => e.dataset.ticker)")).ToList();
            if (shown.Count > 0 && shown[0] == first && shown.SequenceEqual(shown.Order(StringComparer.Ordinal)))
            {
                return shown;
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The position panel did not sort by ticker (first card {shown.FirstOrDefault()}).");
            }
            await Task.Delay(100);
        }
    }
}
