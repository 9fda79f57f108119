namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>Links to Kalshi's own website.</summary>
public static class KalshiSiteLinks
{
    public const string Site = "https://kalshi.com";

    /// <summary>
    /// The page of a market on kalshi.com: <c>https://kalshi.com/markets/{series ticker, lowercase}</c>.
    /// </summary>
    /// <remarks>
    /// An approximation. Kalshi's web addresses are <c>/markets/{series}/{slug}/{event}</c> with a slug taken
    /// from the event's title, which the API does not give; the series page (<c>/markets/{series}</c>) exists for
    /// every series and lists the market's event. The series ticker is not in a market's API answer either, so it
    /// is taken as the event ticker up to its first '-' (Kalshi's tickers are <c>SERIES-EVENTPART-MARKETPART</c>),
    /// falling back to the market ticker when the event ticker is missing.
    /// </remarks>
    public static string MarketUrl(string ticker, string? eventTicker = null) =>
        $"{Site}/markets/{Uri.EscapeDataString(SeriesTicker(ticker, eventTicker).ToLowerInvariant())}";

    /// <summary>The series part of a market: the event ticker (or the market ticker) up to its first '-'.</summary>
    public static string SeriesTicker(string ticker, string? eventTicker = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ticker);
        var source = string.IsNullOrWhiteSpace(eventTicker) ? ticker : eventTicker;
        var dash = source.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? source[..dash] : source).Trim();
    }
}
