namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>The built-in simulator's public demo account, for the one-click "Try the built-in simulator".</summary>
public interface ISimulatorDemoAccount
{
    /// <summary>Whether the simulator is enabled in this deployment (the button shows only then).</summary>
    bool IsEnabled { get; }

    /// <summary>Fetches the demo key from the simulator (server-side; the browser never calls the simulator).</summary>
    /// <exception cref="SimulatorUnavailableException">The simulator is disabled or did not answer.</exception>
    Task<SimulatorDemoKey> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>The simulator's demo credentials. The key is public test material, not a user's secret.</summary>
public sealed record SimulatorDemoKey(string KeyId, string PrivateKeyPem)
{
    // Keep the PEM out of logs and exception messages even though it is only the simulator's demo key.
    public override string ToString() => $"SimulatorDemoKey {{ KeyId = {KeyId} }}";
}

public sealed class SimulatorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where the simulator is: configuration section <c>Simulator</c>.</summary>
public sealed class SimulatorLinkOptions
{
    public const string Section = "Simulator";

    /// <summary><c>Simulator:Enabled</c>, default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Simulator:Url</c>, default <c>http://127.0.0.1:5090</c>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5090";
}
