using KalshiPortfolio.Bench;

namespace KalshiPortfolio.Tests.Bench;

[Trait("Category", "Unit")]
public sealed class BenchOptionsTests
{
    [Fact]
    public void Defaults_run_everything_in_full()
    {
        var options = BenchOptions.Parse([]);

        options.Quick.Should().BeFalse();
        options.Scenarios.Should().Equal("a", "b", "c");
        (options.Floor, options.Browser, options.Micro).Should().Be((true, true, true));
        options.JsonPath.Should().BeNull();
        options.Chromium.Should().Be("/usr/bin/chromium");
    }

    [Fact]
    public void The_issues_command_line_parses()
    {
        var options = BenchOptions.Parse(["--quick", "--json", "/tmp/bench.json"]);

        options.Quick.Should().BeTrue();
        options.JsonPath.Should().Be("/tmp/bench.json");
    }

    [Fact]
    public void Scenarios_are_deduplicated_and_kept_in_order_and_parts_can_be_skipped()
    {
        var options = BenchOptions.Parse(["--scenarios", "c, A,c", "--no-floor", "--no-browser", "--no-micro", "--measure-seconds", "2.5", "--run-dir", "/tmp/x", "--web-dir", "/tmp/w", "--chromium", "/opt/chrome"]);

        options.Scenarios.Should().Equal("a", "c");
        (options.Floor, options.Browser, options.Micro).Should().Be((false, false, false));
        options.MeasureSeconds.Should().Be(2.5);
        (options.RunDirectory, options.WebDirectory, options.Chromium).Should().Be(("/tmp/x", "/tmp/w", "/opt/chrome"));
        BenchOptions.Parse(["--no-sse"]).Scenarios.Should().BeEmpty();
        BenchOptions.Parse(["-h"]).Help.Should().BeTrue();
    }

    [Fact]
    public void App_settings_are_collected_for_the_app()
    {
        var options = BenchOptions.Parse(["--app-setting", "Logging:LogLevel:Default=Warning", "--app-setting", "Streaming:CacheWriteInterval=00:00:05"]);

        options.AppSettings.Should().Equal("Logging:LogLevel:Default=Warning", "Streaming:CacheWriteInterval=00:00:05");
        BenchOptions.Parse([]).AppSettings.Should().BeEmpty("the app runs as shipped unless told otherwise");
    }

    [Theory]
    [InlineData("--app-setting", "NoValue")]
    [InlineData("--json")]
    [InlineData("--json", "--quick")]
    [InlineData("--scenarios", "d")]
    [InlineData("--scenarios", ",")]
    [InlineData("--measure-seconds", "0")]
    [InlineData("--measure-seconds", "soon")]
    [InlineData("--fast")]
    public void Mistakes_are_explained(params string[] args)
    {
        var parse = () => BenchOptions.Parse(args);

        parse.Should().Throw<ArgumentException>().Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Quick_windows_are_shorter_than_full_ones_and_the_measure_can_be_overridden()
    {
        foreach (var name in ScenarioSpec.Names)
        {
            ScenarioSpec.Get(name, quick: true).Measure.Should().BeLessThan(ScenarioSpec.Get(name, quick: false).Measure);
        }
        var a = ScenarioSpec.Get("a", quick: true);
        (a.Positions, a.Clients).Should().Be((50, 1));
        a.UpdatesPerSecond.Should().BeApproximately(100 / 60.0, 1e-9);
        (ScenarioSpec.Get("b", true).Positions, ScenarioSpec.Get("b", true).Clients, ScenarioSpec.Get("b", true).UpdatesPerSecond).Should().Be((500, 100, 1000.0));
        (ScenarioSpec.Get("c", true).Clients, ScenarioSpec.Get("c", true).UpdatesPerSecond).Should().Be((1000, 1000.0));
        ScenarioSpec.Get("b", quick: true, measureSeconds: 3).Measure.Should().Be(TimeSpan.FromSeconds(3));
    }
}
