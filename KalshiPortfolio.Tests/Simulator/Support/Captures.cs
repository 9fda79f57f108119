using System.Text.Json;

namespace KalshiPortfolio.Tests.Simulator.Support;

/// <summary>The recorded Kalshi responses the test project copies to its output (Fixtures/kalshi-captures).</summary>
internal static class Captures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "kalshi-captures", name);

    public static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PathOf(name)));
        return document.RootElement.Clone();
    }

    public static string Text(string name) => File.ReadAllText(PathOf(name)).Trim();
}
