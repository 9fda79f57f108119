using System.Text.Json.Nodes;

namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// One market of the catalogue. The static fields (titles, rules, strikes, …) stay in <see cref="Template"/> exactly as
/// recorded (times shifted to the simulator's clock); the fields that live are kept here. Guarded by the exchange's lock.
/// </summary>
internal sealed class MarketState
{
    public MarketState(string ticker, string eventTicker, string marketId, JsonObject template, TickGrid grid, DateTimeOffset closeTime)
    {
        Ticker = ticker;
        EventTicker = eventTicker;
        MarketId = marketId;
        Template = template;
        Grid = grid;
        CloseTime = closeTime;
    }

    public string Ticker { get; }

    public string EventTicker { get; }

    /// <summary>A stable UUID for the market (the WS messages carry <c>market_id</c>).</summary>
    public string MarketId { get; }

    /// <summary>The recorded market object; never mutated after loading.</summary>
    public JsonObject Template { get; }

    public TickGrid Grid { get; }

    public DateTimeOffset CloseTime { get; }

    public Quote Quote { get; set; }

    /// <summary>Set through the control API: the random walk leaves the market alone.</summary>
    public bool Pinned { get; set; }

    public decimal LastPrice { get; set; }

    public decimal LastTradeSize { get; set; }

    public decimal Volume { get; set; }

    public decimal Volume24h { get; set; }

    public decimal OpenInterest { get; set; }

    public MarketStatus Status { get; set; } = MarketStatus.Active;

    /// <summary><c>""</c> until settled, then <c>yes</c> or <c>no</c>.</summary>
    public string Result { get; set; } = "";

    public DateTimeOffset? SettledTime { get; set; }

    public DateTimeOffset UpdatedTime { get; set; }

    public bool IsTradable => Status == MarketStatus.Active;

    public bool IsWalkable => Status == MarketStatus.Active && !Pinned;
}
