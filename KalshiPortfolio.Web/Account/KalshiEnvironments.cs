using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Web.Hosting;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Account;

/// <summary>
/// The environments a user can sign in to: Kalshi production and demo on Kalshi's current hosts, and the
/// simulator at <c>Simulator:Url</c> (embedded or standalone). The client code path is the same for all three.
/// </summary>
public sealed class KalshiEnvironments(IOptions<SimulatorSettings> simulator)
{
    public const string Production = "production";
    public const string Demo = "demo";
    public const string Simulator = "simulator";

    public static IReadOnlyList<string> Names { get; } = [Production, Demo, Simulator];

    /// <summary>The endpoints of a named environment, or null for an unknown name.</summary>
    public KalshiEndpoints? Resolve(string environment) => environment switch
    {
        Production => KalshiEndpoints.Production,
        Demo => KalshiEndpoints.Demo,
        Simulator => KalshiEndpoints.ForBaseUrl(simulator.Value.Url),
        _ => null,
    };
}
