namespace KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

/// <summary>
/// The client's clock in these tests: wall time is the simulator's (fake) clock plus an optional offset, so signed
/// timestamps land in (or, with an offset, outside) the simulator's window; timers and timestamps are the system's,
/// so the client's retry delays and attempt timeouts run in real time and never wait for the fake clock.
/// </summary>
internal sealed class SimulatorClock(TimeProvider simulatorTime, TimeSpan offset = default) : TimeProvider
{
    public TimeSpan Offset { get; } = offset;

    public override DateTimeOffset GetUtcNow() => simulatorTime.GetUtcNow() + Offset;
}
