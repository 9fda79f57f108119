using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The demo account: served by the control API, holding 10–20 positions on both sides, trading by itself.</summary>
[Trait("Category", "Integration")]
public sealed class DemoAccountTests
{
    [Fact]
    public async Task The_demo_account_holds_positions_on_both_sides_built_from_fills()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.DemoPositions = 14);
        var demo = await sim.Http.GetFromJsonAsync<JsonElement>("/_sim/demo-account");
        using var key = TestKeys.FromPem(demo.GetProperty("private_key_pem").GetString()!);
        using var client = sim.SignedClient(new KalshiSigner(demo.GetProperty("key_id").GetString()!, key, sim.Now));

        var positions = (await sim.GetJsonAsync(client, "/trade-api/v2/portfolio/positions")).GetProperty("market_positions").EnumerateArray().ToList();
        var fills = (await sim.GetJsonAsync(client, "/trade-api/v2/portfolio/fills?limit=1000")).GetProperty("fills").GetArrayLength();
        var balance = await sim.GetJsonAsync(client, "/trade-api/v2/portfolio/balance");

        positions.Should().HaveCount(14);
        positions.Count(p => p.GetProperty("position_fp").GetString()!.StartsWith('-')).Should().Be(7);
        positions.Should().OnlyContain(p => decimal.Parse(p.GetProperty("market_exposure_dollars").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        positions.Should().Contain(p => p.GetProperty("realized_pnl_dollars").GetString() != "0.000000", "some positions were partly sold");
        fills.Should().BeGreaterThan(14);
        balance.GetProperty("balance").GetInt64().Should().BeLessThan(1_000_000, "the opening trades cost cash");
        balance.GetProperty("portfolio_value").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task The_demo_account_trades_by_itself_at_the_configured_rate()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o => o.DemoAccountTradesPerMinute = 60);
        using var key = TestKeys.FromPem(sim.Host.DemoAccount.PrivateKeyPem!);
        var signer = new KalshiSigner(sim.Host.DemoAccount.KeyId, key, sim.Now);
        var socket = await sim.ConnectAsync(signer);
        await socket.SendAsync(new { id = 1, cmd = "subscribe", @params = new { channels = new[] { "fill" } } });
        await socket.WaitForTypeAsync("subscribed");

        sim.Time!.Advance(TimeSpan.FromSeconds(1));

        var fill = await socket.WaitForTypeAsync("fill");
        fill.GetProperty("msg").GetProperty("ts_ms").GetInt64().Should().Be((SimulatorTestHost.Start + TimeSpan.FromSeconds(1)).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task With_a_data_directory_the_demo_key_survives_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kalshi-sim-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0, DataDirectory = directory };
            string keyId, pem;
            await using (var first = await SimulatorHost.StartAsync(options))
            {
                (keyId, pem) = (first.DemoAccount.KeyId, first.DemoAccount.PrivateKeyPem!);
            }
            await using var second = await SimulatorHost.StartAsync(options);

            second.DemoAccount.KeyId.Should().Be(keyId);
            second.DemoAccount.PrivateKeyPem.Should().Be(pem);
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(directory, "demo-account.key")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_data_directory_each_start_makes_a_new_demo_key()
    {
        var options = new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0 };
        await using var first = await SimulatorHost.StartAsync(options);
        await using var second = await SimulatorHost.StartAsync(options);

        second.DemoAccount.KeyId.Should().NotBe(first.DemoAccount.KeyId);
    }
}
