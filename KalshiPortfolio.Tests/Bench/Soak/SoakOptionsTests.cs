using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

[Trait("Category", "Unit")]
public sealed class SoakOptionsTests
{
    [Fact]
    public void The_documented_command_line_parses()
    {
        var options = SoakOptions.Parse(["--minutes", "5", "--seed", "20261124", "--json", "docs/bench/soak-5min.json"]);

        options.Minutes.Should().Be(5);
        options.Seed.Should().Be(20261124);
        options.JsonPath.Should().Be("docs/bench/soak-5min.json");
        options.Faults.Should().BeEquivalentTo(FaultKinds.All);
        (options.SseClients, options.TradesPerMinute, options.Window).Should().Be((3, 30, TimeSpan.FromSeconds(10)));
        SoakReport.CommandLine(options).Should().Be("dotnet run -c Release --project KalshiPortfolio.Bench -- soak --minutes 5 --seed 20261124 --json docs/bench/soak-5min.json");
    }

    [Fact]
    public void Fault_kinds_and_the_rest_can_be_chosen()
    {
        var options = SoakOptions.Parse(["--minutes", "0.5", "--faults", "malformed, rest_5xx,SIGKILL,malformed", "--sse-clients", "2", "--trades-per-minute", "60",
            "--window-seconds", "15", "--app-setting", "Streaming:PollInterval=00:00:02", "--run-dir", "/tmp/r", "--web-dir", "/tmp/w"]);

        options.Faults.Should().Equal(FaultKind.Malformed, FaultKind.RestErrors, FaultKind.RestartKilled);
        (options.SseClients, options.TradesPerMinute, options.Window).Should().Be((2, 60, TimeSpan.FromSeconds(15)));
        options.AppSettings.Should().Equal("Streaming:PollInterval=00:00:02");
        (options.RunDirectory, options.WebDirectory).Should().Be(("/tmp/r", "/tmp/w"));
        SoakReport.CommandLine(options).Should().Contain("--faults malformed,rest_5xx,sigkill");
    }

    [Theory]
    [InlineData("--seed", "1")]
    [InlineData("--minutes", "0")]
    [InlineData("--minutes", "x")]
    [InlineData("--minutes", "1", "--faults", "earthquake")]
    [InlineData("--minutes", "1", "--sse-clients", "-1")]
    [InlineData("--minutes", "1", "--app-setting", "novalue")]
    [InlineData("--minutes", "1", "--json")]
    [InlineData("--minutes", "1", "--loud")]
    public void Wrong_arguments_are_refused_with_a_message(params string[] args)
    {
        FluentActions.Invoking(() => SoakOptions.Parse(args)).Should().Throw<ArgumentException>().Which.Message.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Help_needs_no_minutes()
    {
        SoakOptions.Parse(["--help"]).Help.Should().BeTrue();
    }
}
