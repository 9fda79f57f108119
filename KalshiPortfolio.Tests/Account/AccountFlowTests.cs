using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Account;

[Trait("Category", "Integration")]
public sealed class AccountFlowTests : IAsyncLifetime
{
    private SimulatorHost _simulator = null!;
    private PortfolioAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0 });
        _app = new PortfolioAppFactory(_simulator.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_with_the_demo_key_serves_the_simulators_positions_live()
    {
        var demo = _simulator.DemoAccount;
        var session = await _app.AuthenticateAsync(demo.KeyId, demo.PrivateKeyPem!);
        using var client = _app.CreateBearerClient(session.Token);

        var body = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/positions");

        body.GetProperty("source").GetString().Should().Be("live");
        var tickers = body.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("ticker").GetString()).ToList();
        tickers.Should().HaveCount(_simulator.Options.DemoPositions);
    }
}
