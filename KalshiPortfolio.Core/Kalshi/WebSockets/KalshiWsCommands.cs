using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KalshiPortfolio.Core.Kalshi.WebSockets;

/// <summary>
/// Builds Kalshi WebSocket commands with ids that increase per session (Kalshi requires a unique, increasing id;
/// 0 means none). Use one instance per connection. Thread-safe.
/// </summary>
public sealed class KalshiWsCommands
{
    private long _lastId;

    /// <param name="firstId">The id of the first command (at least 1).</param>
    public KalshiWsCommands(long firstId = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstId, 1);
        _lastId = firstId - 1;
    }

    /// <summary><c>{"id":n,"cmd":"subscribe","params":{"channels":[...],"market_tickers":[...]}}</c>; no tickers means all markets.</summary>
    public KalshiWsCommand Subscribe(IEnumerable<string> channels, IEnumerable<string>? marketTickers = null)
    {
        var channelList = NonEmpty(channels, nameof(channels), "at least one channel");
        var tickers = marketTickers?.ToList() ?? [];
        return Build("subscribe", w =>
        {
            WriteStrings(w, "channels", channelList);
            if (tickers.Count > 0)
            {
                WriteStrings(w, "market_tickers", tickers);
            }
        });
    }

    /// <summary><c>{"id":n,"cmd":"unsubscribe","params":{"sids":[...]}}</c>.</summary>
    public KalshiWsCommand Unsubscribe(IEnumerable<long> sids)
    {
        var sidList = NonEmpty(sids, nameof(sids), "at least one subscription id");
        return Build("unsubscribe", w => WriteNumbers(w, "sids", sidList));
    }

    /// <summary>
    /// <c>{"id":n,"cmd":"update_subscription","params":{"sids":[sid],"market_tickers":[...],"action":"add_markets"}}</c>.
    /// Kalshi takes exactly one subscription id here.
    /// </summary>
    public KalshiWsCommand UpdateSubscription(long sid, IEnumerable<string> marketTickers, KalshiWsUpdateAction action)
    {
        var tickers = NonEmpty(marketTickers, nameof(marketTickers), "at least one market ticker");
        var actionText = action switch
        {
            KalshiWsUpdateAction.AddMarkets => "add_markets",
            KalshiWsUpdateAction.DeleteMarkets => "delete_markets",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown update action."),
        };
        return Build("update_subscription", w =>
        {
            WriteNumbers(w, "sids", [sid]);
            WriteStrings(w, "market_tickers", tickers);
            w.WriteString("action", actionText);
        });
    }

    /// <summary><c>{"id":n,"cmd":"list_subscriptions"}</c>.</summary>
    public KalshiWsCommand ListSubscriptions() => Build("list_subscriptions", writeParams: null);

    private KalshiWsCommand Build(string command, Action<Utf8JsonWriter>? writeParams)
    {
        var id = Interlocked.Increment(ref _lastId);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("cmd", command);
            if (writeParams is not null)
            {
                w.WriteStartObject("params");
                writeParams(w);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return new KalshiWsCommand(id, command, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static List<T> NonEmpty<T>(IEnumerable<T> items, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(items, name);
        var list = items.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"The command needs {what}.", name);
        }

        if (list.Any(item => item is null || (item is string s && string.IsNullOrWhiteSpace(s))))
        {
            throw new ArgumentException("Empty values are not allowed.", name);
        }

        return list;
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter w, string name, IEnumerable<long> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }
}
