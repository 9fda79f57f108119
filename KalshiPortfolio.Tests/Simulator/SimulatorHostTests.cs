using System.Net;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.Simulator.Support;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The hosting API: options validation, port 0, seeds, the timer-driven random walk, stopping.</summary>
[Trait("Category", "Integration")]
public sealed class SimulatorHostTests
{
    [Theory]
    [InlineData("Url", "ftp://127.0.0.1:1")]
    [InlineData("TicksPerSecond", "-1")]
    [InlineData("DemoPositions", "9")]
    [InlineData("DemoPositions", "21")]
    [InlineData("TimestampWindow", "0")]
    [InlineData("PingInterval", "0")]
    [InlineData("RateLimitBucketCapacity", "5")]
    public async Task Invalid_options_are_rejected_at_start(string property, string value)
    {
        var options = new SimulatorOptions { Url = "http://127.0.0.1:0" };
        switch (property)
        {
            case "Url": options.Url = value; break;
            case "TicksPerSecond": options.TicksPerSecond = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "DemoPositions": options.DemoPositions = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "TimestampWindow": options.TimestampWindow = TimeSpan.Zero; break;
            case "PingInterval": options.PingInterval = TimeSpan.Zero; break;
            case "RateLimitBucketCapacity": options.RateLimitBucketCapacity = 5; break;
        }

        var start = () => SimulatorHost.StartAsync(options);

        await start.Should().ThrowAsync<OptionsValidationException>();
    }

    [Fact]
    public void The_defaults_are_valid_and_match_the_documentation()
    {
        var options = new SimulatorOptions();

        new SimulatorOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
        options.Url.Should().Be("http://127.0.0.1:5090");
        options.TimestampWindow.Should().Be(TimeSpan.FromSeconds(10));
        options.PingInterval.Should().Be(TimeSpan.FromSeconds(10));
        (options.RateLimitTokensPerSecond, options.RateLimitBucketCapacity, options.RateLimitTokensPerRequest).Should().Be((200, 400, 10));
        options.RequireWebSocketAuth.Should().BeTrue();
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_base_uri_reports_it()
    {
        await using var sim = await SimulatorTestHost.StartAsync();

        sim.Host.BaseUri.Port.Should().BeGreaterThan(0);
        sim.Host.BaseUri.Host.Should().Be("127.0.0.1");
        sim.Host.WebSocketUri.ToString().Should().Be($"ws://127.0.0.1:{sim.Host.BaseUri.Port}/trade-api/ws/v2");
        (await sim.Http.GetAsync("/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_hosts_with_the_same_seed_walk_the_same_quotes()
    {
        await using var a = await SimulatorTestHost.StartAsync(o => o.Seed = 99);
        await using var b = await SimulatorTestHost.StartAsync(o => o.Seed = 99);
        await using var c = await SimulatorTestHost.StartAsync(o => o.Seed = 100);

        foreach (var sim in new[] { a, b, c }) sim.Host.Exchange.AdvanceRandomWalk(3_000);

        var quotesA = a.Host.Exchange.MarketTickers.Select(t => a.Host.Exchange.GetMarket(t).Quote).ToList();
        b.Host.Exchange.MarketTickers.Select(t => b.Host.Exchange.GetMarket(t).Quote).Should().Equal(quotesA);
        c.Host.Exchange.MarketTickers.Select(t => c.Host.Exchange.GetMarket(t).Quote).Should().NotEqual(quotesA);
    }

    [Fact]
    public async Task The_random_walk_runs_on_the_simulator_clock_at_the_configured_rate()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.TicksPerSecond = 40);
        var signer = await sim.CreateAccountAsync();
        var socket = await sim.ConnectAsync(signer);
        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "ticker" } } });
        await socket.WaitForTypeAsync("subscribed");
        var before = sim.Host.Exchange.MarketTickers.Select(t => sim.Host.Exchange.GetMarket(t).Quote).ToList();

        sim.Time!.Advance(TimeSpan.FromSeconds(1));

        for (var i = 0; i < 30; i++) (await socket.WaitForTypeAsync("ticker")).GetProperty("msg").GetProperty("ts_ms").GetInt64().Should().BeGreaterThan(0);
        sim.Host.Exchange.MarketTickers.Select(t => sim.Host.Exchange.GetMarket(t).Quote).Should().NotEqual(before);
    }

    [Fact]
    public async Task Disposing_closes_open_sockets_and_frees_the_port()
    {
        var sim = await SimulatorTestHost.StartAsync();
        var signer = await sim.CreateAccountAsync();
        var socket = await WsTestClient.ConnectAsync(sim.Host.WebSocketUri, signer);
        var port = sim.Host.BaseUri.Port;

        await sim.DisposeAsync();

        await socket.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await using var again = await SimulatorHost.StartAsync(new SimulatorOptions { Url = $"http://127.0.0.1:{port}", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0 });
        again.BaseUri.Port.Should().Be(port);
        await socket.DisposeAsync();
    }
}
