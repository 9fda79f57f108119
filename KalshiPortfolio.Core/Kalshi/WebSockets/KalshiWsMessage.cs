namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>
/// A parsed Kalshi WebSocket frame. Switch on the concrete type: control replies (<see cref="KalshiWsSubscribed"/>,
/// <see cref="KalshiWsUnsubscribed"/>, <see cref="KalshiWsOk"/>, <see cref="KalshiWsError"/>), data
/// (<see cref="KalshiWsTicker"/>, <see cref="KalshiWsTrade"/>, <see cref="KalshiWsFill"/>,
/// <see cref="KalshiWsMarketPosition"/>), <see cref="KalshiWsUnknown"/> for other types, and
/// <see cref="KalshiWsMalformed"/> for frames that cannot be read.
/// </summary>
/// <param name="Type">The frame's <c>type</c> (<c>malformed</c> for <see cref="KalshiWsMalformed"/>).</param>
public abstract record KalshiWsMessage(string Type);

/// <summary>Data frames: a subscription's messages, with the subscription id and (on some channels) a sequence number.</summary>
public abstract record KalshiWsDataMessage(string Type) : KalshiWsMessage(Type)
{
    /// <summary>The subscription id (<c>sid</c>).</summary>
    public long? Sid { get; init; }

    /// <summary>The per-subscription sequence number (<c>seq</c>), when the channel sends one.</summary>
    public long? Seq { get; init; }
}

/// <summary><c>{"id":1,"type":"subscribed","msg":{"channel":"ticker","sid":1}}</c>; one per channel of a subscribe command.</summary>
public sealed record KalshiWsSubscribed(long? Id, string Channel, long Sid) : KalshiWsMessage("subscribed");

/// <summary><c>{"id":102,"sid":2,"seq":7,"type":"unsubscribed"}</c>.</summary>
public sealed record KalshiWsUnsubscribed(long? Id, long? Sid, long? Seq) : KalshiWsMessage("unsubscribed");

/// <summary>
/// <c>{"type":"ok"}</c>: the reply to update_subscription (<see cref="MarketTickers"/>) or to list_subscriptions
/// (<see cref="Subscriptions"/>).
/// </summary>
public sealed record KalshiWsOk(long? Id, long? Sid, long? Seq) : KalshiWsMessage("ok")
{
    /// <summary>The subscription's market tickers after an update_subscription, if sent.</summary>
    public IReadOnlyList<string> MarketTickers { get; init; } = [];

    /// <summary>The active subscriptions, for a list_subscriptions reply.</summary>
    public IReadOnlyList<KalshiWsSubscription> Subscriptions { get; init; } = [];
}

/// <summary>One active subscription in a list_subscriptions reply.</summary>
public sealed record KalshiWsSubscription(string Channel, long Sid);

/// <summary><c>{"id":123,"type":"error","msg":{"code":6,"msg":"Already subscribed"}}</c>; <see cref="Code"/> is Kalshi's integer code.</summary>
public sealed record KalshiWsError(long? Id, int Code, string Message) : KalshiWsMessage("error");

/// <summary>A well-formed frame of a type this parser does not model (e.g. <c>orderbook_snapshot</c>, <c>orderbook_delta</c>).</summary>
public sealed record KalshiWsUnknown(string FrameType, long? Sid, long? Seq) : KalshiWsMessage(FrameType);

/// <summary>
/// A frame that could not be read (not JSON, no type, a required field missing, a number out of
/// <see cref="Json.KalshiInputLimits"/>). Count it; never crash.
/// </summary>
/// <param name="FrameType">The frame's <c>type</c> if it could be read.</param>
/// <param name="Reason">What is wrong, for logs.</param>
public sealed record KalshiWsMalformed(string? FrameType, string Reason) : KalshiWsMessage("malformed")
{
    /// <summary>
    /// When the frame was a data message of a known type (<c>ticker</c>, <c>trade</c>, <c>fill</c>,
    /// <c>market_position</c>) whose item could not be used: what was skipped, with the market ticker as
    /// <see cref="Models.KalshiSkippedInput.Key"/> when it could be read. Null for frames that are not JSON, have no
    /// type, or are control replies.
    /// </summary>
    public Models.KalshiSkippedInput? Skipped { get; init; }
}
