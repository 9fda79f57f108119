using System.Net.ServerSentEvents;
using System.Text;
using KalshiPortfolio.Core.Portfolio;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Streaming;

namespace KalshiPortfolio.Tests.Streaming;

[Trait("Category", "Unit")]
public sealed class SseEventSerializerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private static PositionUpdatedEvent Update(long id)
    {
        var tracker = new PositionTracker();
        tracker.UpdatePosition(new PositionUpdate { Ticker = "KXTEST-1", Position = 10m, Cost = 4.20m, UpdatedAt = Now });
        return new PositionUpdatedEvent(tracker.GetPosition("KXTEST-1")!) { At = Now, Id = id };
    }

    private static async Task<string> FormattedBySseFormatterAsync(PortfolioEvent e)
    {
        using var output = new MemoryStream();
        await SseFormatter.WriteAsync(
            new[] { new SseItem<PortfolioEvent>(e) { EventId = e.IdText } }.ToAsyncEnumerable(),
            output,
            static (item, writer) => SseEventSerializer.Write(item.Data, writer));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task A_shared_frame_is_byte_for_byte_what_SseFormatter_writes()
    {
        var e = Update(1_764_000_000_123);

        var frame = Encoding.UTF8.GetString(SseEventSerializer.Frame(e).Span);

        frame.Should().Be(await FormattedBySseFormatterAsync(e));
        frame.Should().StartWith("data: {\"type\":\"position_update\"").And.EndWith("\nid: 1764000000123\n\n");
    }

    [Fact]
    public void A_copy_with_another_id_gets_its_own_frame_not_the_originals()
    {
        var original = Update(7);
        var first = Encoding.UTF8.GetString(SseEventSerializer.Frame(original).Span);

        var renumbered = original with { Id = 8 };

        Encoding.UTF8.GetString(SseEventSerializer.Frame(renumbered).Span).Should().EndWith("\nid: 8\n\n");
        Encoding.UTF8.GetString(SseEventSerializer.Frame(original).Span).Should().Be(first);
    }
}
