using System.ComponentModel.DataAnnotations;

namespace KalshiPortfolio.Web.Hosting;

/// <summary>
/// The <c>Simulator</c> section as the app sees it: whether to run the simulated exchange in-process, and where it is.
/// With <see cref="Enabled"/> false the app's <c>simulator</c> environment still points at <see cref="Url"/>, served by a
/// simulator started on its own (<c>dotnet run --project KalshiPortfolio.Simulator</c>). The section's other keys
/// (Seed, TicksPerSecond, …) are <see cref="KalshiPortfolio.Simulator.SimulatorOptions"/>.
/// </summary>
public sealed class SimulatorSettings
{
    public const string SectionName = "Simulator";

    /// <summary>Start the simulator in-process with the app (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the simulator listens (default http://127.0.0.1:5090); its REST base is <c>{Url}/trade-api/v2</c>.</summary>
    [Required]
    [Url]
    public string Url { get; set; } = "http://127.0.0.1:5090";
}
