namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// The ranges every number from Kalshi must lie in, checked where it is parsed (REST bodies and WebSocket frames).
/// They are far beyond what any real account or market reaches, and tight enough that no P&amp;L arithmetic on
/// values inside them can overflow <see cref="decimal"/> (the largest product, a count × a price, is 1e9 dollars;
/// a sum of a million positions' money stays below 1e18, against decimal's 7.9e28). A value outside its range,
/// or one that is not a finite number at all (<c>NaN</c>, <c>Infinity</c>, <c>1e400</c>, garbage), makes its item
/// unusable: a list row is skipped and reported as a <see cref="Models.KalshiSkippedInput"/>, a frame becomes
/// <see cref="WebSockets.KalshiWsMalformed"/>, a single-object response is a <see cref="Errors.KalshiProtocolException"/>.
/// </summary>
public static class KalshiInputLimits
{
    /// <summary>Lowest price of a contract, in dollars (a YES or NO leg; 0 is Kalshi's empty-book sentinel).</summary>
    public const decimal MinPrice = 0m;

    /// <summary>Highest price of a contract, in dollars (1 is the empty-book sentinel and a settled YES).</summary>
    public const decimal MaxPrice = 1m;

    /// <summary>Highest legacy integer price (<c>yes_bid</c>, <c>price</c>, … in cents); the lowest is 0.</summary>
    public const decimal MaxLegacyPriceCents = 100m;

    /// <summary>Largest contract count either way: positions (signed), fills, book sizes, settlement counts.</summary>
    public const decimal MaxCount = 1_000_000_000m;

    /// <summary>Largest volume or open interest (contracts, or whole dollars for <c>dollar_volume</c>); never negative.</summary>
    public const decimal MaxVolume = 1_000_000_000_000m;

    /// <summary>Largest amount of money either way, in dollars: balance, exposure, cost, P&amp;L, fees, revenue.</summary>
    public const decimal MaxMoney = 1_000_000_000_000m;

    /// <summary>Earliest timestamp accepted (the Unix epoch).</summary>
    public static readonly DateTimeOffset MinTimestamp = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latest timestamp accepted (exclusive): the year 3000.</summary>
    public static readonly DateTimeOffset MaxTimestamp = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True when <paramref name="dollars"/> is a valid contract price.</summary>
    public static bool IsPrice(decimal dollars) => dollars is >= MinPrice and <= MaxPrice;

    /// <summary>True when <paramref name="count"/> is a valid (signed) contract count.</summary>
    public static bool IsCount(decimal count) => count is >= -MaxCount and <= MaxCount;

    /// <summary>True when <paramref name="volume"/> is a valid volume or open interest.</summary>
    public static bool IsVolume(decimal volume) => volume is >= 0m and <= MaxVolume;

    /// <summary>True when <paramref name="dollars"/> is a valid amount of money.</summary>
    public static bool IsMoney(decimal dollars) => dollars is >= -MaxMoney and <= MaxMoney;

    /// <summary>True when <paramref name="time"/> lies in [1970, 3000).</summary>
    public static bool IsTimestamp(DateTimeOffset time) => time >= MinTimestamp && time < MaxTimestamp;
}
