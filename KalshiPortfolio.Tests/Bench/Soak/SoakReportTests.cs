using System.Text;
using System.Text.Json;
using KalshiPortfolio.Bench.Reporting;
using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>The soak's report: the figures from the fault records and the SSE clients, as JSON and markdown.</summary>
[Trait("Category", "Unit")]
public sealed class SoakReportTests
{
    [Fact]
    public void Figures_come_from_the_records_and_a_divergence_or_a_lost_event_fails_the_run()
    {
        var rounding = new ViewDivergence("rest", [new FigureDifference("KXB", Figure.Cost, 1.013333m, 1.0133m)], TimeSpan.FromSeconds(10.2)) { ResolvedAt = TimeSpan.FromSeconds(14) };
        var cash = new ViewDivergence("sse-1", [new FigureDifference(null, Figure.Cash, 10m, 9m)], TimeSpan.FromSeconds(10.2));
        var records = new List<FaultRecord>
        {
            Record(0, null, "start", 0.3),
            Record(1, FaultKind.Malformed, "malformed × 20", null, rounding, cash),
            Record(2, FaultKind.Drop, "drop", 2.0),
            Record(3, FaultKind.Drop, "drop", 4.0),
            Record(4, FaultKind.RestartGraceful, "sigterm", 6.0),
            Record(5, null, "end", 0.0),
        };
        var client = new SseAccountState();
        client.OnConnected();
        client.Apply("1", """{"type":"snapshot","positions":[],"portfolio":{"cash_dollars":"0"}}"""u8);
        client.Apply("3", """{"type":"portfolio_update","portfolio":{"cash_dollars":"1"}}"""u8);

        var report = Build(records, client);

        report.FaultsInjected.Should().Be(4);
        report.FaultsByKind.Should().Equal(new Dictionary<string, int> { ["drop"] = 2, ["malformed"] = 1, ["sigterm"] = 1 });
        report.ConvergeSeconds.Should().Be(new DurationSummary(3, 4.0, 6.0, 6.0));
        report.ConvergeSecondsByKind["drop"].Should().Be(new DurationSummary(2, 2.0, 4.0, 4.0));
        report.NotConverged.Should().Be(1);
        report.Divergences.Should().Be(1, "one check had views still wrong when its window closed");
        report.DivergedViews.Should().Be(2);
        report.DivergencesOnlyFourDecimalRounding.Should().Be(0, "the cash difference is more than rounding");
        report.EventsLost.Should().Be(1);
        report.SigtermExitSeconds.Should().Be(new DurationSummary(1, 1.5, 1.5, 1.5));
        report.Passed.Should().BeFalse();
        report.DivergenceDetails[0].Should().BeEquivalentTo(new
        {
            FaultIndex = 1,
            Fault = "malformed × 20",
            View = "rest",
            SeenAtSeconds = 10.2,
            ResolvedAtSeconds = (double?)14.0,
            OnlyFourDecimalRounding = true,
            Differences = new[] { "KXB cost 1.0133 ≠ exchange 1.013333 (Δ -0.000033)" },
        });

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        root.GetProperty("passed").GetBoolean().Should().BeFalse();
        root.GetProperty("faults_injected").GetInt32().Should().Be(4);
        root.GetProperty("faults_by_kind").GetProperty("drop").GetInt32().Should().Be(2);
        root.GetProperty("converge_seconds").GetProperty("p99").GetDouble().Should().Be(6.0);
        root.GetProperty("divergences").GetInt32().Should().Be(1);
        root.GetProperty("diverged_views").GetInt32().Should().Be(2);
        root.GetProperty("events_lost").GetInt64().Should().Be(1);
        root.GetProperty("peak_rss_mb").GetDouble().Should().Be(250.5);
        root.GetProperty("faults").GetArrayLength().Should().Be(6);
        root.GetProperty("divergence_details")[0].GetProperty("fault").GetString().Should().Be("malformed × 20");

        var markdown = report.ToMarkdown();
        markdown.Should().StartWith("# Fault soak: FAILED");
        markdown.Should().Contain("| 4 | 4.00 | 6.00 | 6.00 | 1 | 1 | 1 | 251 |");
        markdown.Should().Contain("| malformed | 1 | — | — |");
        markdown.Should().Contain("KXB cost 1.0133 ≠ exchange 1.013333");
    }

    [Fact]
    public void A_run_with_faults_and_no_divergence_nor_loss_passes()
    {
        var client = new SseAccountState();
        client.OnConnected();
        client.Apply("1", Encoding.UTF8.GetBytes("""{"type":"snapshot","positions":[],"portfolio":{"cash_dollars":"0"}}"""));

        var report = Build([Record(1, FaultKind.Silence, "silence 5 s", 1.0)], client);

        report.Passed.Should().BeTrue();
        report.ToMarkdown().Should().StartWith("# Fault soak: PASSED");
        Build([], client).Passed.Should().BeFalse("a soak that injected nothing proves nothing");
    }

    private static SoakReport Build(IReadOnlyList<FaultRecord> records, SseAccountState client) => SoakReport.Build(
        SoakOptions.Parse(["--minutes", "2"]),
        records,
        [("sse-0", client, 1)],
        new SoakTotals(Samples: 50, Repairs: 1, Restarts: 1, SigtermExitSeconds: [1.5], SigtermKilled: 0, Trades: 12, Settlements: 2, SettledBySoak: 2,
            ServerDroppedEvents: 0, PeakRssMb: 250.5, SimulatorPeakRssMb: 90, ElapsedSeconds: 120),
        new MachineInfo(2, "cpu", 8, "Debian", "Linux", ".NET 10", "0.5", "1.0"),
        "/tmp/run",
        error: null);

    private static FaultRecord Record(int index, FaultKind? kind, string description, double? convergedAfter, params ViewDivergence[] divergences) => new()
    {
        Index = index,
        Kind = kind,
        Description = description,
        StartedAt = index * 10,
        ActiveSeconds = 1,
        ConvergedAfter = convergedAfter,
        Divergences = divergences,
    };
}
