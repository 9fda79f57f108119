using System.Text.Json;
using KalshiPortfolio.Bench.Soak;

namespace KalshiPortfolio.Tests.Bench.Soak;

/// <summary>Each fault in the simulator's own words: the bodies that start and end it, and how its end is recognised.</summary>
[Trait("Category", "Unit")]
public sealed class FaultPartTests
{
    public static TheoryData<FaultPart, string, string?, FaultEnding> Bodies => new()
    {
        { new FaultPart(FaultKind.Drop), """{"drop_websockets":true}""", null, FaultEnding.Instant },
        { new FaultPart(FaultKind.Refuse, Duration: TimeSpan.FromSeconds(12)), """{"drop_websockets":true,"refuse_websockets_seconds":12}""", null, FaultEnding.Timed },
        { new FaultPart(FaultKind.Malformed, Count: 40), """{"malformed_frames":40}""", """{"malformed_frames":0}""", FaultEnding.Consumed },
        { new FaultPart(FaultKind.RestErrors, Count: 20, Status: 503), """{"rest_failures":{"status":503,"count":20}}""", """{"rest_failures":{"status":503,"count":0}}""", FaultEnding.Consumed },
        { new FaultPart(FaultKind.RateLimited, Count: 9, Status: 429), """{"rest_failures":{"status":429,"count":9}}""", """{"rest_failures":{"status":429,"count":0}}""", FaultEnding.Consumed },
        { new FaultPart(FaultKind.Latency, Duration: TimeSpan.FromSeconds(8), LatencyMs: 1500), """{"latency_ms":1500}""", """{"latency_ms":0}""", FaultEnding.Timed },
        { new FaultPart(FaultKind.Silence, Duration: TimeSpan.FromSeconds(30)), """{"silence_seconds":30}""", null, FaultEnding.Timed },
        { new FaultPart(FaultKind.Maintenance, Duration: TimeSpan.FromSeconds(20)), """{"exchange_active":false,"trading_active":false}""", """{"exchange_active":true,"trading_active":true}""", FaultEnding.Timed },
        { new FaultPart(FaultKind.TradingPause, Duration: TimeSpan.FromSeconds(6)), """{"trading_active":false}""", """{"trading_active":true}""", FaultEnding.Timed },
        { new FaultPart(FaultKind.RestartGraceful), "{}", null, FaultEnding.Instant },
        { new FaultPart(FaultKind.RestartKilled), "{}", null, FaultEnding.Instant },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Starts_and_ends_with_the_simulators_fault_api(FaultPart part, string start, string? end, FaultEnding ending)
    {
        part.StartBody().ToJsonString().Should().Be(start);
        part.EndBody()?.ToJsonString().Should().Be(end);
        if (end is null)
        {
            part.EndBody().Should().BeNull();
        }
        part.Ending.Should().Be(ending);
    }

    [Fact]
    public void A_count_fault_is_over_when_the_simulator_shows_it_used_up()
    {
        var active = Faults("""{"rest_failures":{"status":503,"remaining":4},"latency_ms":0,"malformed_frames":12}""");
        var idle = Faults("""{"rest_failures":null,"latency_ms":0,"malformed_frames":0}""");

        new FaultPart(FaultKind.Malformed, Count: 40).IsConsumed(active).Should().BeFalse();
        new FaultPart(FaultKind.RestErrors, Count: 20, Status: 503).IsConsumed(active).Should().BeFalse();
        new FaultPart(FaultKind.Malformed, Count: 40).IsConsumed(idle).Should().BeTrue();
        new FaultPart(FaultKind.RateLimited, Count: 20, Status: 429).IsConsumed(idle).Should().BeTrue();
    }

    [Fact]
    public void A_count_fault_is_active_at_most_the_consume_limit_and_a_timed_one_its_duration()
    {
        new FaultPart(FaultKind.Malformed, Count: 5).MaxActive.Should().Be(FaultPart.ConsumeLimit);
        new FaultPart(FaultKind.Silence, Duration: TimeSpan.FromSeconds(9)).MaxActive.Should().Be(TimeSpan.FromSeconds(9));
        new FaultPart(FaultKind.Drop).MaxActive.Should().Be(TimeSpan.Zero);
        FaultSpec.Single(new FaultPart(FaultKind.RestErrors, Count: 3, Status: 502)).ToString().Should().Be("rest_5xx 502 × 3");
        new FaultSpec(FaultKind.Combined, [new FaultPart(FaultKind.Malformed, Count: 5), new FaultPart(FaultKind.Latency, TimeSpan.FromSeconds(6), LatencyMs: 300)])
            .ToString().Should().Be("combined(malformed × 5 + latency 300 ms for 6 s)");
    }

    private static JsonElement Faults(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
