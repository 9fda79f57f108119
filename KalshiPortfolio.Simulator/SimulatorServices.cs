using KalshiPortfolio.Simulator.Auth;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Faults;
using KalshiPortfolio.Simulator.RateLimiting;
using KalshiPortfolio.Simulator.WebSockets;

namespace KalshiPortfolio.Simulator;

/// <summary>The parts of one simulator instance, built once by <see cref="SimulatorHost"/> and shared by its endpoints.</summary>
internal sealed class SimulatorServices
{
    public SimulatorServices(SimulatorOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        Exchange = new SimulatedExchange(options, time);
        Faults = new FaultState(time);
        Hub = new WsHub();
        Exchange.AddObserver(Hub);
        Authenticator = new RequestAuthenticator(Exchange, options, time);
        RateLimiter = new RateLimiter(options, time);

        var demo = DemoKeyStore.LoadOrCreate(options.DataDirectory);
        DemoCredentials = demo;
        var account = Exchange.AddAccount(demo.KeyId, DemoKeyStore.PublicKeyOf(demo.PrivateKeyPem!), options.DemoBalanceDollars, isDemo: true);
        DemoTrader = new DemoTrader(Exchange, account, options.Seed);
        DemoTrader.SeedPositions(options.DemoPositions);
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public SimulatedExchange Exchange { get; }

    public FaultState Faults { get; }

    public WsHub Hub { get; }

    public RequestAuthenticator Authenticator { get; }

    public RateLimiter RateLimiter { get; }

    public AccountCredentials DemoCredentials { get; }

    public DemoTrader DemoTrader { get; }
}
