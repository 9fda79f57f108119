using System.Diagnostics;
using System.Net;
using System.Text;
using KalshiPortfolio.Bench.Latency;
using KalshiPortfolio.Bench.Load;

namespace KalshiPortfolio.Tests.Bench;

/// <summary>The bench's SSE client: stream parsing, matching receipts to publishes, the window, duplicates.</summary>
[Trait("Category", "Unit")]
public sealed class SseClientTests
{
    [Fact]
    public void A_receipt_of_a_window_publish_is_recorded_once_with_its_latency()
    {
        var ledger = new PublishLedger(["KXA-1", "KXB-2"]);
        var window = new MeasurementWindow();
        var client = new SseClient(0, ledger, window, 100);
        var warmup = ledger.Stamp(0);
        window.Open(ledger.LastSequence + 1);
        var measured = ledger.Stamp(1);
        window.Close(ledger.LastSequence + 1);
        var later = measured.Timestamp + Stopwatch.Frequency / 500; // 2 ms

        client.OnEvent(Update("KXA-1", warmup), later);
        client.OnEvent(Update("KXB-2", measured), later);
        client.OnEvent(Update("KXB-2", measured), later);
        client.OnEvent(Encoding.UTF8.GetBytes("{\"type\":\"position_update\",\"position\":{\"ticker\":\"KXB-2\",\"yes_bid_dollars\":\"0.05\",\"yes_ask_dollars\":\"0.06\"}}"), later);
        client.OnEvent("{\"type\":\"portfolio_update\",\"portfolio\":{}}"u8, later);

        client.Events.Should().Be(5);
        client.Received.Should().Be(1, "the warm-up publish is outside the window and the repeat is a duplicate");
        client.Duplicates.Should().Be(1);
        client.Unmatched.Should().Be(1);
        client.MaxSequence.Should().Be(measured.Sequence);
        client.Histogram.Count.Should().Be(1);
        client.Histogram.Max.Should().Be(2000);
        client.Ready.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task Reads_events_from_a_real_sse_stream_including_comments_ids_and_split_chunks()
    {
        var ledger = new PublishLedger(["KXA-1"]);
        var window = new MeasurementWindow();
        window.Open(1);
        var first = ledger.Stamp(0);
        var second = ledger.Stamp(0);
        window.Close(ledger.LastSequence + 1);
        var text = "retry: 2000\nid: 7\ndata: {\"type\":\"snapshot\",\"positions\":[]}\n\n"
            + ": heartbeat\n\n"
            + "id: 8\ndata: " + Encoding.UTF8.GetString(Update("KXA-1", first)) + "\n\n"
            + "data: " + Encoding.UTF8.GetString(Update("KXA-1", second)) + "\r\n\r\n";
        using var http = new HttpClient(new StreamHandler(Encoding.UTF8.GetBytes(text)));
        var client = new SseClient(3, ledger, window, 10);

        await client.RunAsync(http, new Uri("http://127.0.0.1/sse"), readyOnFirstEvent: true, CancellationToken.None);

        client.Events.Should().Be(3);
        client.Received.Should().Be(2);
        client.Error.Should().BeOfType<IOException>("the stream ended");
    }

    private static byte[] Update(string ticker, Publish publish) => Encoding.UTF8.GetBytes(FormattableString.Invariant(
        $"{{\"type\":\"position_update\",\"position\":{{\"ticker\":\"{ticker}\",\"side\":\"yes\",\"yes_bid_dollars\":\"{publish.Bid:0.0000}\",\"yes_ask_dollars\":\"{publish.Ask:0.0000}\"}}}}"));

    /// <summary>Answers with the bytes, delivered in small pieces (events split across reads).</summary>
    private sealed class StreamHandler(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new TrickleStream(body)) });
    }

    private sealed class TrickleStream(byte[] body) : MemoryStream(body)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
