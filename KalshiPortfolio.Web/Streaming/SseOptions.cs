using System.ComponentModel.DataAnnotations;

namespace KalshiPortfolio.Web.Streaming;

/// <summary>The SSE feed (section <c>Sse</c>). Validated at start-up.</summary>
public sealed class SseOptions
{
    public const string Section = "Sse";

    /// <summary>A comment line is sent after this long without an event, so proxies keep the connection open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay suggested to clients (the SSE <c>retry:</c> field).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Events already queued are written together and sent once; a backlog larger than this is sent in slices of
    /// about this size, so a connection never buffers more than that on top of Kestrel's own response buffer.
    /// </summary>
    [Range(1024, 1024 * 1024)]
    public int SendBatchBytes { get; set; } = 16 * 1024;
}
