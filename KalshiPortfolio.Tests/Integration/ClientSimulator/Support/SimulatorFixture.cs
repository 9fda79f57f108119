using KalshiPortfolio.Tests.Simulator.Support;
using Microsoft.Extensions.Time.Testing;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

/// <summary>
/// One simulator per test class (port 0, fake clock, frozen prices, a demo account that does not trade by itself)
/// and a client built through DI against it. Tests of a class run one after another, so they may share it as long
/// as each uses markets and accounts of its own.
/// </summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _owned = [];
    private int _nextEvent;

    internal SimulatorTestHost Sim { get; private set; } = null!;

    internal FakeTimeProvider Time => Sim.Time!;

    /// <summary>A client with the test defaults.</summary>
    internal KalshiClientHost Client { get; private set; } = null!;

    /// <summary>The demo account's credentials, as the client would be given them.</summary>
    internal CoreSigner Demo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sim = await SimulatorTestHost.StartAsync();
        Client = KalshiClientHost.Create(Sim);
        Demo = await Sim.DemoAccountAsync();
    }

    /// <summary>A client host of its own (other options, skewed clock); disposed with the fixture.</summary>
    internal KalshiClientHost NewClient(Action<Core.Kalshi.KalshiClientOptions>? configure = null, TimeSpan clockOffset = default)
    {
        var host = KalshiClientHost.Create(Sim, configure, clockOffset);
        lock (_owned) _owned.Add(host);
        return host;
    }

    /// <summary>Keeps a signer alive until the fixture ends.</summary>
    internal CoreSigner Own(CoreSigner signer)
    {
        lock (_owned) _owned.Add(signer);
        return signer;
    }

    /// <summary>
    /// The markets of an event no earlier call handed out, with at least <paramref name="minimumMarkets"/> markets,
    /// on the cent grid and untouched by the demo account: a test that trades or settles them cannot disturb another
    /// test of the class.
    /// </summary>
    internal IReadOnlyList<string> TakeEvent(int minimumMarkets = 1)
    {
        var exchange = Sim.Host.Exchange;
        lock (exchange.Gate)
        {
            var demo = exchange.FindAccount(Sim.Host.DemoAccount.KeyId)!;
            var events = exchange.Markets
                .Where(m => m.Grid.Contains(0.01m) && m.Grid.Contains(0.99m) && m.Grid.Count == 99)
                .GroupBy(m => m.EventTicker)
                .Where(g => g.Count() >= minimumMarkets && !g.Any(m => demo.Positions.ContainsKey(m.Ticker)))
                .ToList();
            while (_nextEvent < events.Count)
            {
                var candidate = events[_nextEvent++];
                if (candidate.All(m => m.IsTradable)) return [.. candidate.Select(m => m.Ticker)];
            }
        }
        throw new InvalidOperationException("the catalogue has no unused event left");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Demo.Dispose();
        foreach (var owned in _owned) owned.Dispose();
        await Sim.DisposeAsync();
    }
}
