using System.Text.Json;
using KalshiPortfolio.Bench;
using KalshiPortfolio.Bench.Browser;
using KalshiPortfolio.Bench.Reporting;
using KalshiPortfolio.Bench.Servers;

namespace KalshiPortfolio.Tests.Bench;

/// <summary>Goals, the report's JSON fields, and the small parsers behind the resource figures.</summary>
[Trait("Category", "Unit")]
public sealed class ReportingTests
{
    private static ServerRun Run(string server, double p99, long drops = 0, double rss = 100) => new()
    {
        Server = server,
        Latency = new LatencyStats(1000, p99 / 2, p99 * 0.8, p99, p99 * 1.2, p99 * 2, p99 / 2),
        Published = 10,
        UpdatesPerSecond = 1000,
        WindowSeconds = 10,
        Expected = 1000,
        Received = 1000 - drops,
        Drops = drops,
        Duplicates = 0,
        Unmatched = 0,
        PeakRssMb = rss,
        CpuPercent = 50,
    };

    private static BenchReport Report(IReadOnlyList<ScenarioResult> scenarios, BrowserResult? browser = null, IReadOnlyList<MicroResult>? micro = null) =>
        new(scenarios, browser, null, micro ?? [], null, new MachineInfo(2, "cpu", 24, "os", "kernel", ".NET 10", "1 1 1", "2 2 2"), true, 100, "/tmp/run");

    [Fact]
    public void Goals_say_met_or_missed_and_by_how_much()
    {
        var b = new ScenarioResult(ScenarioSpec.Get("b", true), Run("app", 12), Run("floor", 4), null);
        var c = new ScenarioResult(ScenarioSpec.Get("c", true), Run("app", 50, drops: 25, rss: 280), Run("floor", 20), null);
        var micro = new[] { new MicroResult("TrackerBenchmarks.RecomputeAll", "[Positions=10000]", 800, 810, 1000, 1250) };

        var goals = Goals.Evaluate([b, c], null, micro);

        goals[0].Should().Be(new GoalResult("p99 under 5 ms in b", "12 ms", false, "missed by 7 ms (2.4× the goal)"));
        goals[1].Met.Should().BeFalse();
        goals[1].Measured.Should().Be("3× (12 vs 4 ms)");
        goals[1].Detail.Should().Be("missed by 4 ms over 2× the floor");
        goals[2].Should().Be(new GoalResult("no drops in c", "25", false, "2.5 % of 1,000 receipts never arrived"));
        goals[3].Met.Should().BeNull("the browser was not run");
        goals[4].Should().Be(new GoalResult("10,000-position recompute under 1 ms", "0.8 ms", true, "0.2 ms to spare"));
        goals[5].Met.Should().BeTrue();
    }

    [Fact]
    public void The_json_has_the_issues_fields_per_scenario_and_the_machine()
    {
        var a = new ScenarioResult(ScenarioSpec.Get("a", true), Run("app", 3), Run("floor", 1), null);
        var floorless = new ScenarioResult(ScenarioSpec.Get("b", true), Run("app", 9), null, null);

        using var json = JsonDocument.Parse(Report([a, floorless]).ToJson());

        var first = json.RootElement.GetProperty("scenarios")[0];
        foreach (var field in new[] { "name", "positions", "clients", "updates_per_s", "p50_ms", "p99_ms", "max_ms", "floor_p50_ms", "floor_p99_ms", "drops", "peak_rss_mb", "cpu_percent" })
        {
            first.TryGetProperty(field, out _).Should().BeTrue(field);
        }
        first.GetProperty("name").GetString().Should().Be("a");
        first.GetProperty("p99_ms").GetDouble().Should().Be(3);
        first.GetProperty("floor_p99_ms").GetDouble().Should().Be(1);
        json.RootElement.GetProperty("scenarios")[1].GetProperty("floor_p99_ms").ValueKind.Should().Be(JsonValueKind.Null);
        json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32().Should().Be(2);
        json.RootElement.GetProperty("goals").GetArrayLength().Should().Be(6);
    }

    [Fact]
    public void A_run_whose_clients_received_nothing_reports_no_latency_rather_than_zero()
    {
        var starved = Run("app", 1) with { Latency = new LatencyStats(0, 0, 0, 0, 0, 0, 0), Drops = 1000, Received = 0 };
        var report = Report([new ScenarioResult(ScenarioSpec.Get("c", true), starved, Run("floor", 900), null)]);

        using var json = JsonDocument.Parse(report.ToJson());
        json.RootElement.GetProperty("scenarios")[0].GetProperty("p99_ms").ValueKind.Should().Be(JsonValueKind.Null);
        report.ToMarkdown().Should().Contain("| c | 500 | 1,000 | 1000 | — | — | — | 450 | 900 | 1,000 |");
    }

    [Fact]
    public void The_markdown_has_the_table_and_the_goals()
    {
        var markdown = Report([new ScenarioResult(ScenarioSpec.Get("a", true), Run("app", 3), Run("floor", 1), null)]).ToMarkdown();

        markdown.Should().Contain("| scenario | positions | clients | updates/s | p50 ms | p99 ms | max ms | floor p50 ms | floor p99 ms | drops | peak RSS MB | CPU % |");
        markdown.Should().Contain("| a | 50 | 1 | 1000 | 1.5 | 3 | 6 | 0.5 | 1 | 0 | 100 | 50 |");
        markdown.Should().Contain("### Goals");
    }

    [Fact]
    public void Dom_changes_are_paired_with_the_quote_change_whose_pnl_they_show()
    {
        var publishes = new[]
        {
            new CardPublish("A", 100, InWindow: false, PnlCents: 10),
            new CardPublish("A", 1000, InWindow: true, PnlCents: 20),
            new CardPublish("A", 1005, InWindow: true, PnlCents: 30),
            new CardPublish("A", 1010, InWindow: true, PnlCents: 40),
            new CardPublish("A", 2000, InWindow: true, PnlCents: 50),
            new CardPublish("B", 1500, InWindow: true, PnlCents: -70),
        };
        var changes = new[]
        {
            new DomChange("A", 120, 10),
            new DomChange("A", 1012, 30), // shows A@1005: A@1000 was coalesced; A@1010 is still pending
            new DomChange("A", 1030, 40),
            new DomChange("A", 1040, 99), // nothing published explains it
            new DomChange("B", 1512, -70),
            new DomChange("C", 5, 0),
        };

        var outcome = DomLatencyMatcher.Match(publishes, changes);

        outcome.Publishes.Should().Be(5);
        outcome.Histogram.Count.Should().Be(3);
        (outcome.Histogram.Min, outcome.Histogram.Max).Should().Be((7_000, 20_000));
        outcome.Coalesced.Should().Be(1);
        outcome.Missed.Should().Be(1, "A@2000 never showed");
        outcome.Unattributed.Should().Be(2);
    }

    [Theory]
    [InlineData("+$1,234.50", 123450L)]
    [InlineData("-$0.30", -30L)]
    [InlineData("$0.00", 0L)]
    [InlineData("+$0.10", 10L)]
    [InlineData("—", null)]
    public void Card_pnl_text_is_read_in_cents(string text, long? cents)
    {
        DomLatencyMatcher.ParseDollars(text).Should().Be(cents);
    }

    [Fact]
    public void The_expected_pnl_follows_the_apps_liquidation_mark()
    {
        Scenarios.PnlCents(0, 41, 44).Should().Be(-90, "YES: 10 × $0.41 − $5.00");
        Scenarios.PnlCents(1, 41, 44).Should().Be(60, "NO: 10 × (1 − $0.44) − $5.00");
    }

    [Fact]
    public void Proc_files_are_read_for_cpu_time_and_memory()
    {
        var stat = "1234 (dotnet worker) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 12 0 100 0 0";
        ProcessStats.ReadCpuSeconds(stat).Should().BeApproximately(4.0, 1e-9, "utime 250 + stime 150 ticks of 10 ms");
        ProcessStats.ParseMemory("Name:\tdotnet\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n").Should().Be((200.0, 100.0));
        ProcessStats.ParseMemory("Name:\tdotnet\n").Should().BeNull();
        var machine = ProcessStats.ParseMachine("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\n");
        machine.Should().Be(new ProcessStats.MachineSample(150, 1000));
        ProcessStats.CpuPercent(new ProcessStats.CpuSample(1.0, 0), new ProcessStats.CpuSample(2.5, System.Diagnostics.Stopwatch.Frequency)).Should().BeApproximately(150, 1e-9);
    }

    [Fact]
    public void The_apps_dropped_events_counter_is_read_from_prometheus_text()
    {
        const string text = """
            # TYPE kp_fanout_dropped_events_total counter
            kp_fanout_dropped_events_total{otel_scope_name="KalshiPortfolio"} 1234 1764000000000
            kp_fanout_dropped_events_total{otel_scope_name="Other"} 6
            kp_fanout_dropped_events_other 99
            kp_fanout_queue_depth{otel_scope_name="KalshiPortfolio"} 7
            """;

        PortfolioApp.ParseCounter(text, "kp_fanout_dropped_events").Should().Be(1240);
        PortfolioApp.ParseCounter("", "kp_fanout_dropped_events").Should().Be(0);
    }
}
