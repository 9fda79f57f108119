namespace KalshiPortfolio.Bench.Latency;

/// <summary>
/// The publishes that count: sequence numbers in [<see cref="StartSequence"/>, <see cref="EndSequence"/>). Publishes
/// before it (warm-up, readiness probes) and after it are received but not recorded. Set by the load generator.
/// </summary>
public sealed class MeasurementWindow
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public long StartSequence => Volatile.Read(ref _start);

    /// <summary>One past the last publish of the window (<see cref="long.MaxValue"/> while it is open).</summary>
    public long EndSequence => Volatile.Read(ref _end);

    public bool IsClosed => EndSequence != long.MaxValue;

    /// <summary>Publishes in the window (0 until it closes).</summary>
    public long Count => IsClosed ? Math.Max(0, EndSequence - StartSequence) : 0;

    public bool Contains(long sequence) => sequence >= StartSequence && sequence < EndSequence;

    public void Open(long firstSequence) => Volatile.Write(ref _start, firstSequence);

    public void Close(long endSequence) => Volatile.Write(ref _end, Math.Max(endSequence, StartSequence == long.MaxValue ? endSequence : StartSequence));
}
