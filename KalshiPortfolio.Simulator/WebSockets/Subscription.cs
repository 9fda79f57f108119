using System.Collections.Frozen;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>One channel subscription of a session. Immutable: updates replace it. <see cref="Markets"/> null = all markets.</summary>
internal sealed record Subscription(int Sid, string Channel, FrozenSet<string>? Markets)
{
    public bool Matches(string ticker) => Markets is null || Markets.Contains(ticker);
}
