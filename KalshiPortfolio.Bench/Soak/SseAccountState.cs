using System.Globalization;
using System.Text.Json;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>
/// What one SSE client knows of the account, built only from the feed's events as a dashboard would: a snapshot
/// replaces everything, <c>position_update</c> / <c>position_closed</c> change one position, <c>portfolio_update</c>
/// the cash. Counts events lost: the feed numbers its events one by one, so after event N the next is N + 1 unless a
/// snapshot (a fresh start) comes instead. Thread-safe: the reading loop applies, the soak reads.
/// </summary>
public sealed class SseAccountState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PositionFigures> _positions = new(StringComparer.Ordinal);
    private decimal? _cash;
    private long? _lastId;
    private bool _connected;
    private bool _heardSinceConnect;
    private bool _snapshotSeen;

    /// <summary>Events that never arrived: gaps in the ids within one numbering.</summary>
    public long Lost { get; private set; }

    /// <summary>Events that arrived again (an id at or below the last one, not a snapshot).</summary>
    public long Repeated { get; private set; }

    public long Events { get; private set; }

    public long Snapshots { get; private set; }

    /// <summary>The largest <c>dropped_events</c> a <c>connection_status</c> reported (the app's queue for this client overflowed).</summary>
    public long ReportedDropped { get; private set; }

    public long SessionExpired { get; private set; }

    /// <summary>The id to resume from (<c>Last-Event-ID</c>), as EventSource keeps it.</summary>
    public string? LastEventId
    {
        get
        {
            lock (_gate) return _lastId?.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A stream opened (figures count again once its first event arrives).</summary>
    public void OnConnected()
    {
        lock (_gate)
        {
            _connected = true;
            _heardSinceConnect = false;
        }
    }

    /// <summary>The stream ended: the client shows old figures until it is back.</summary>
    public void OnDisconnected()
    {
        lock (_gate) _connected = false;
    }

    /// <summary>Applies one event (its <c>id:</c> and its JSON <c>data:</c>).</summary>
    public void Apply(string? eventId, ReadOnlySpan<byte> data)
    {
        using var json = JsonDocument.Parse(data.ToArray());
        var root = json.RootElement;
        var type = root.GetProperty("type").GetString();
        long? id = long.TryParse(eventId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        lock (_gate)
        {
            Events++;
            _heardSinceConnect = true;
            if (type == "session_expired")
            {
                SessionExpired++; // carries the last id delivered, not an id of its own
                return;
            }
            if (type == "snapshot")
            {
                Snapshots++;
                _snapshotSeen = true;
                _positions.Clear();
                foreach (var position in root.GetProperty("positions").EnumerateArray())
                {
                    Put(position);
                }
                _cash = Cash(root.GetProperty("portfolio"));
                _lastId = id ?? _lastId;
                return;
            }
            if (id is { } current && _lastId is { } last)
            {
                if (current > last + 1)
                {
                    Lost += current - last - 1;
                }
                else if (current <= last)
                {
                    Repeated++;
                    return;
                }
            }
            _lastId = id ?? _lastId;
            switch (type)
            {
                case "position_update":
                    Put(root.GetProperty("position"));
                    break;
                case "position_closed":
                    _positions.Remove(root.GetProperty("ticker").GetString()!);
                    break;
                case "portfolio_update":
                    _cash = Cash(root.GetProperty("portfolio"));
                    break;
                case "connection_status":
                    ReportedDropped = Math.Max(ReportedDropped, root.GetProperty("connection_status").GetProperty("dropped_events").GetInt64());
                    break;
            }
        }
    }

    /// <summary>
    /// The figures the client shows now; null while it is not connected, has heard nothing since it connected (a
    /// replay or a snapshot comes first), or has never had a snapshot.
    /// </summary>
    public AccountFigures? Figures()
    {
        lock (_gate)
        {
            return _connected && _heardSinceConnect && _snapshotSeen ? new AccountFigures(_cash, new Dictionary<string, PositionFigures>(_positions, StringComparer.Ordinal)) : null;
        }
    }

    private void Put(JsonElement position)
    {
        var ticker = position.GetProperty("ticker").GetString()!;
        var figures = PositionFigures.FromApp(position);
        if (figures.Position == 0)
        {
            _positions.Remove(ticker);
        }
        else
        {
            _positions[ticker] = figures;
        }
    }

    private static decimal Cash(JsonElement portfolio) => PositionFigures.Decimal(portfolio, "cash_dollars");
}
