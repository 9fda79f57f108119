using System.Collections.Frozen;
using System.Text.Json;
using KalshiPortfolio.Simulator.Exchange;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>
/// One client connection: its account (null in lenient unauthenticated mode), its subscriptions and the commands
/// <c>subscribe</c>, <c>unsubscribe</c>, <c>update_subscription</c> (<c>add_markets</c>/<c>delete_markets</c>) and
/// <c>list_subscriptions</c>. Subscriptions are copy-on-write so the exchange's threads read them without locking.
/// </summary>
internal sealed class WsSession(long id, Account? account, WebSocketConnection connection, SimulatedExchange exchange)
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];
    private int _nextSid = 1;

    public long Id { get; } = id;

    public Account? Account { get; } = account;

    public WebSocketConnection Connection { get; } = connection;

    public Subscription[] Subscriptions => Volatile.Read(ref _subscriptions);

    public void Handle(string text)
    {
        long? id = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Send(WsWire.Error(null, WsErrorCode.UnableToProcess));
                return;
            }
            if (root.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var parsed)) id = parsed;
            var cmd = root.TryGetProperty("cmd", out var cmdElement) && cmdElement.ValueKind == JsonValueKind.String ? cmdElement.GetString() : null;
            var hasParams = root.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object;
            // Under the exchange's lock: no data message for a new sid can overtake its "subscribed" ack.
            lock (exchange.Gate)
            {
                Dispatch(cmd, id, hasParams ? parameters : null);
            }
        }
        catch (JsonException)
        {
            Send(WsWire.Error(id, WsErrorCode.UnableToProcess));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A parameter of the wrong JSON type (a number for a string, a sid beyond int, ...).
            Send(WsWire.Error(id, WsErrorCode.InvalidParameter));
        }
    }

    private void Dispatch(string? cmd, long? id, JsonElement? parameters)
    {
        {
            switch (cmd)
            {
                case "subscribe": Subscribe(id ?? 0, parameters); break;
                case "unsubscribe": Unsubscribe(id ?? 0, parameters); break;
                case "update_subscription": Update(id ?? 0, parameters); break;
                case "list_subscriptions": List(id ?? 0); break;
                default: Send(WsWire.Error(id, WsErrorCode.UnknownCommand)); break;
            }
        }
    }

    private void Subscribe(long id, JsonElement? parameters)
    {
        if (parameters is not { } p)
        {
            Send(WsWire.Error(id, WsErrorCode.ParamsRequired));
            return;
        }
        if (!p.TryGetProperty("channels", out var channelsElement) || channelsElement.ValueKind != JsonValueKind.Array || channelsElement.GetArrayLength() == 0)
        {
            Send(WsWire.Error(id, WsErrorCode.ChannelsRequired));
            return;
        }
        var channels = channelsElement.EnumerateArray().Select(c => c.GetString() ?? "").Distinct().ToList();
        if (channels.FirstOrDefault(c => !WsWire.Channels.Contains(c)) is { } unknown)
        {
            Send(WsWire.Error(id, WsErrorCode.UnknownChannel, unknown));
            return;
        }
        if (Account is null && channels.Any(WsWire.IsPrivate))
        {
            Send(WsWire.Error(id, WsErrorCode.AuthenticationRequired));
            return;
        }
        if (!TryReadMarkets(id, p, required: false, out var markets)) return;
        var snapshot = p.TryGetProperty("send_initial_snapshot", out var s) && s.ValueKind == JsonValueKind.True;

        foreach (var channel in channels)
        {
            Subscription? result;
            var duplicate = false;
            lock (_gate)
            {
                var existing = _subscriptions.FirstOrDefault(x => x.Channel == channel);
                if (existing is null)
                {
                    result = new Subscription(_nextSid++, channel, markets?.ToFrozenSet(StringComparer.Ordinal));
                    Volatile.Write(ref _subscriptions, [.. _subscriptions, result]);
                }
                else if (existing.Markets is null)
                {
                    result = existing;
                    duplicate = true;
                }
                else
                {
                    // Subscribing again merges the new tickers into the existing subscription (changelog 2025-09-25).
                    result = existing with { Markets = markets is null ? null : existing.Markets.Union(markets).ToFrozenSet(StringComparer.Ordinal) };
                    Replace(existing, result);
                }
            }
            if (duplicate)
            {
                Send(WsWire.Error(id, WsErrorCode.AlreadySubscribed));
                continue;
            }
            Send(WsWire.Response(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "subscribed");
                w.WriteNumber("id", id);
                w.WriteStartObject("msg");
                w.WriteString("channel", channel);
                w.WriteNumber("sid", result.Sid);
                w.WriteEndObject();
                w.WriteEndObject();
            }));
            if (snapshot && channel == WsWire.TickerChannel) SendTickerSnapshot(result);
        }
    }

    private void Unsubscribe(long id, JsonElement? parameters)
    {
        var sids = parameters is { } p ? ReadSids(p) : [];
        if (sids.Count == 0)
        {
            Send(WsWire.Error(id, WsErrorCode.SubscriptionIdsRequired));
            return;
        }
        foreach (var sid in sids)
        {
            bool removed;
            lock (_gate)
            {
                var existing = _subscriptions.FirstOrDefault(x => x.Sid == sid);
                removed = existing is not null;
                if (removed) Volatile.Write(ref _subscriptions, [.. _subscriptions.Where(x => x.Sid != sid)]);
            }
            Send(removed
                ? WsWire.Response(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", id);
                    w.WriteNumber("sid", sid);
                    w.WriteString("type", "unsubscribed");
                    w.WriteEndObject();
                })
                : WsWire.Error(id, WsErrorCode.UnknownSubscriptionId, sid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private void Update(long id, JsonElement? parameters)
    {
        if (parameters is not { } p)
        {
            Send(WsWire.Error(id, WsErrorCode.ParamsRequired));
            return;
        }
        var sids = ReadSids(p);
        if (sids.Count != 1)
        {
            Send(WsWire.Error(id, sids.Count == 0 ? WsErrorCode.SubscriptionIdsRequired : WsErrorCode.ExactlyOneSubscriptionId));
            return;
        }
        var action = p.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (string.IsNullOrEmpty(action))
        {
            Send(WsWire.Error(id, WsErrorCode.ActionRequired));
            return;
        }
        if (action is not ("add_markets" or "delete_markets"))
        {
            Send(WsWire.Error(id, WsErrorCode.UnsupportedAction, action));
            return;
        }
        if (!TryReadMarkets(id, p, required: true, out var markets)) return;

        var sid = sids[0];
        Subscription? updated = null;
        var filterless = false;
        lock (_gate)
        {
            var existing = _subscriptions.FirstOrDefault(x => x.Sid == sid);
            if (existing is not null && existing.Markets is null)
            {
                filterless = true;
            }
            else if (existing is not null)
            {
                var set = action == "add_markets" ? existing.Markets!.Union(markets!) : existing.Markets!.Except(markets!);
                updated = existing with { Markets = set.ToFrozenSet(StringComparer.Ordinal) };
                Replace(existing, updated);
            }
        }
        if (filterless)
        {
            Send(WsWire.Error(id, WsErrorCode.InvalidParameter, "the subscription covers all markets"));
            return;
        }
        if (updated is null)
        {
            Send(WsWire.Error(id, WsErrorCode.UnknownSubscriptionId, sid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return;
        }
        Send(WsWire.Response(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteNumber("sid", sid);
            w.WriteString("type", "ok");
            w.WriteStartObject("msg");
            w.WriteStartArray("market_tickers");
            foreach (var ticker in updated.Markets!.Order(StringComparer.Ordinal)) w.WriteStringValue(ticker);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    private void List(long id)
    {
        var subscriptions = Subscriptions;
        Send(WsWire.Response(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("type", "ok");
            w.WriteStartArray("msg");
            foreach (var s in subscriptions)
            {
                w.WriteStartObject();
                w.WriteString("channel", s.Channel);
                w.WriteNumber("sid", s.Sid);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary>Reads <c>market_ticker</c> or <c>market_tickers</c> (mutually exclusive); every ticker must exist.</summary>
    private bool TryReadMarkets(long id, JsonElement p, bool required, out List<string>? markets)
    {
        markets = null;
        var hasOne = p.TryGetProperty("market_ticker", out var one);
        var hasMany = p.TryGetProperty("market_tickers", out var many);
        if (hasOne && hasMany)
        {
            Send(WsWire.Error(id, WsErrorCode.InvalidParameter, "market_ticker and market_tickers are mutually exclusive"));
            return false;
        }
        if (hasOne && one.ValueKind == JsonValueKind.String) markets = [one.GetString()!];
        else if (hasMany && many.ValueKind == JsonValueKind.Array) markets = [.. many.EnumerateArray().Select(t => t.GetString() ?? "")];
        else if (hasOne || hasMany)
        {
            Send(WsWire.Error(id, WsErrorCode.InvalidParameter, "market tickers must be strings"));
            return false;
        }
        if (markets is { Count: 0 }) markets = null;
        if (markets is null)
        {
            if (!required) return true;
            Send(WsWire.Error(id, WsErrorCode.MarketTickerRequired));
            return false;
        }
        if (markets.FirstOrDefault(t => exchange.FindMarket(t) is null) is { } missing)
        {
            Send(WsWire.Error(id, WsErrorCode.MarketNotFound, missing));
            return false;
        }
        return true;
    }

    /// <summary>Reads <c>sids</c> (array) or <c>sid</c> (number); the docs show both.</summary>
    private static List<int> ReadSids(JsonElement p)
    {
        if (p.TryGetProperty("sids", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            return [.. many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32())];
        }
        if (p.TryGetProperty("sid", out var one) && one.ValueKind == JsonValueKind.Number) return [one.GetInt32()];
        return [];
    }

    private void SendTickerSnapshot(Subscription subscription)
    {
        lock (exchange.Gate)
        {
            var now = exchange.Time.GetUtcNow();
            foreach (var market in exchange.Markets)
            {
                if (subscription.Matches(market.Ticker)) Send(WsWire.Envelope(WsWire.TickerPrefix, subscription.Sid, WsWire.TickerBody(market, now)));
            }
        }
    }

    private void Replace(Subscription existing, Subscription replacement) =>
        Volatile.Write(ref _subscriptions, [.. _subscriptions.Select(x => ReferenceEquals(x, existing) ? replacement : x)]);

    private void Send(byte[] message) => Connection.TrySendText(message);
}
