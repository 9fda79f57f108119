namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>The market states the simulator uses, with their response vocabulary.</summary>
public enum MarketStatus
{
    /// <summary><c>active</c>: trading (matched by the request filter <c>status=open</c>).</summary>
    Active,

    /// <summary><c>closed</c>: past its close time, not yet settled (filter <c>status=closed</c>).</summary>
    Closed,

    /// <summary><c>finalized</c>: settled (filter <c>status=settled</c>).</summary>
    Finalized,
}

internal static class MarketStatusNames
{
    public static string ToWire(this MarketStatus status) => status switch
    {
        MarketStatus.Active => "active",
        MarketStatus.Closed => "closed",
        _ => "finalized",
    };

    /// <summary>Maps a <c>status</c> request filter (<c>unopened, open, paused, closed, settled</c>) to the statuses it selects.</summary>
    public static bool TryParseFilter(string? filter, out MarketStatus[] statuses)
    {
        switch (filter)
        {
            case null or "": statuses = [MarketStatus.Active, MarketStatus.Closed, MarketStatus.Finalized]; return true;
            case "open": statuses = [MarketStatus.Active]; return true;
            case "closed": statuses = [MarketStatus.Closed]; return true;
            case "settled": statuses = [MarketStatus.Finalized]; return true;
            case "unopened" or "paused": statuses = []; return true;
            default: statuses = []; return false;
        }
    }
}
