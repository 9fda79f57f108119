using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Api;
using KalshiPortfolio.Web.Security;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Streaming;

/// <summary>
/// <c>GET /api/v1/account/sse/positions</c>: the user's live portfolio as Server-Sent Events, written with .NET's
/// <see cref="SseFormatter"/>. First a snapshot (or, with <c>Last-Event-ID</c>, exactly the events missed), then
/// position_update / position_closed / portfolio_update / connection_status; a heartbeat comment when idle; a last
/// session_expired event when the token expires or is revoked.
/// </summary>
public static class SseEndpoints
{
    public const string Path = "/api/v1/account/sse/positions";
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static IEndpointRouteBuilder MapSseFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, StreamAsync)
            .RequireAuthorization()
            .WithTags("Account")
            .WithSummary("The live portfolio as Server-Sent Events")
            .WithDescription("Token as ?token=, a Bearer header or the kp_session cookie. Every event has an id and JSON data with a type field. Reconnect with Last-Event-ID to resume.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task StreamAsync(
        HttpContext context,
        AccountService accounts,
        TokenRevocationList revocations,
        PortfolioMetrics metrics,
        IOptions<SseOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (SessionClaims.From(context.User) is not { } claims
            || await accounts.GetPortfolioAsync(claims.UserId, cancellationToken) is not { } portfolio)
        {
            await AccountEndpoints.Error(StatusCodes.Status401Unauthorized, "signed_out", "No Kalshi key is stored for this session. Sign in again.")
                .ExecuteAsync(context);
            return;
        }

        long? lastEventId = long.TryParse(context.Request.Headers["Last-Event-ID"], out var id) ? id : null;
        using var subscription = portfolio.Hub.Subscribe(lastEventId);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = new BatchingResponseStream(response.BodyWriter);
        await body.SendAsync(cancellationToken);

        metrics.SseConnected();
        try
        {
            // The snapshot, by far the largest event, is formatted by a call of its own: the formatter's buffers grow
            // to the size of the largest item and are kept until the call returns, so with one call for the whole
            // stream every connection would hold two snapshot-sized buffers for its lifetime.
            var first = true;
            long? lastId = null;
            if (subscription.Reader.TryPeek(out var head) && head is SnapshotEvent && subscription.Reader.TryRead(out _))
            {
                lastId = head.Id;
                await SseFormatter.WriteAsync(new[] { Item(head, ref first, options.Value) }.ToAsyncEnumerable(), body, Format, cancellationToken);
            }
            var events = Events(subscription, claims, revocations, body, options.Value, time, first, lastId, cancellationToken);
            await SseFormatter.WriteAsync(events, body, Format, cancellationToken);
            await body.SendAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            metrics.SseDisconnected();
        }
    }

    // SseFormatter formats each item into the batching body (no network write); the feed sends once it has written
    // every event already queued, so a burst costs one write. The heartbeat comment is written from inside the
    // enumerator, i.e. between two items, never inside a frame.
    private static async IAsyncEnumerable<SseItem<PortfolioEvent>> Events(
        PortfolioSubscription subscription,
        SessionClaims claims,
        TokenRevocationList revocations,
        BatchingResponseStream body,
        SseOptions options,
        TimeProvider time,
        bool first,
        long? lastId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var signals = new FeedSignals(time, options.HeartbeatInterval, cancellationToken);
        void OnRevoked(string tokenId)
        {
            if (tokenId == claims.TokenId)
            {
                signals.End("revoked");
            }
        }
        revocations.Revoked += OnRevoked;
        using var expiry = new CancellationTokenSource(Max(claims.ExpiresAt - time.GetUtcNow(), TimeSpan.Zero), time);
        using var expired = expiry.Token.Register(() => signals.End("expired"));
        if (revocations.IsRevoked(claims.TokenId))
        {
            signals.End("revoked");
        }

        try
        {
            var reader = subscription.Reader;
            while (signals.EndReason is null)
            {
                while (signals.EndReason is null && reader.TryRead(out var portfolioEvent))
                {
                    lastId = portfolioEvent.Id;
                    if (first || portfolioEvent is SnapshotEvent)
                    {
                        yield return Item(portfolioEvent, ref first, options);
                    }
                    else
                    {
                        // Shared events: the frame SseFormatter would write, formatted once for every client.
                        await body.WriteAsync(SseEventSerializer.Frame(portfolioEvent), cancellationToken);
                    }
                    if (body.UnsentBytes >= options.SendBatchBytes)
                    {
                        // A long backlog goes out in slices: the pipe holds one slice, not the whole queue, and the
                        // slow client's backpressure reaches its own queue (where the oldest events are dropped).
                        await body.SendAsync(cancellationToken);
                    }
                }
                if (signals.EndReason is not null)
                {
                    break;
                }
                if (signals.TakeHeartbeat())
                {
                    // A comment: ignored by EventSource, keeps proxies from closing an idle stream.
                    await body.WriteAsync(Heartbeat, cancellationToken);
                }
                await body.SendAsync(cancellationToken);

                bool open;
                try
                {
                    open = await reader.WaitToReadAsync(signals.WaitToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    signals.Rearm(); // a heartbeat or the end of the session
                    continue;
                }
                if (!open)
                {
                    break; // the hub completed (the user signed out, or the app is stopping)
                }
            }

            if (signals.EndReason is { } reason)
            {
                // The session is over: say so, with the last id delivered, so a client that refreshes its token
                // and reconnects with Last-Event-ID misses nothing.
                var last = new SessionExpiredEvent(reason == "revoked"
                    ? "The session token was revoked. Sign in or refresh, then reconnect."
                    : "The session token expired. Refresh it (POST /api/v1/account/refresh) and reconnect.") { At = time.GetUtcNow(), Id = lastId ?? 0 };
                yield return new SseItem<PortfolioEvent>(last) { EventId = lastId?.ToString(CultureInfo.InvariantCulture) };
            }
        }
        finally
        {
            revocations.Revoked -= OnRevoked;
        }
    }

    private static SseItem<PortfolioEvent> Item(PortfolioEvent portfolioEvent, ref bool first, SseOptions options)
    {
        var item = new SseItem<PortfolioEvent>(portfolioEvent) { EventId = portfolioEvent.IdText };
        if (first)
        {
            first = false;
            item = item with { ReconnectionInterval = options.RetryInterval };
        }
        return item;
    }

    private static void Format(SseItem<PortfolioEvent> item, IBufferWriter<byte> writer) => SseEventSerializer.Write(item.Data, writer);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
