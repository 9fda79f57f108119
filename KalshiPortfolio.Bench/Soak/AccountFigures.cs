using System.Globalization;
using System.Text.Json;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>One open position's figures that the app must agree with Kalshi on (signed count: + YES, − NO).</summary>
public sealed record PositionFigures(decimal Position, decimal Cost, decimal Realized, decimal Fees)
{
    /// <summary>A row of the simulator's account view (as Kalshi's <c>/portfolio/positions</c>).</summary>
    public static PositionFigures FromExchangeRow(JsonElement row) => new(
        Decimal(row, "position_fp"),
        Decimal(row, "market_exposure_dollars"),
        Decimal(row, "realized_pnl_dollars"),
        Decimal(row, "fees_paid_dollars"));

    /// <summary>A position as the app's REST API and SSE feed show it.</summary>
    public static PositionFigures FromApp(JsonElement position) => new(
        Decimal(position, "position_fp"),
        Decimal(position, "cost_dollars"),
        Decimal(position, "realized_pnl_dollars"),
        Decimal(position, "fees_paid_dollars"));

    internal static decimal Decimal(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? decimal.Parse(value.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
            : value.GetDecimal();
    }
}

/// <summary>An account as one side sees it: cash and the open positions by ticker.</summary>
public sealed record AccountFigures(decimal? Cash, IReadOnlyDictionary<string, PositionFigures> Positions)
{
    public static AccountFigures Empty { get; } = new(null, new Dictionary<string, PositionFigures>());

    /// <summary>The simulator's <c>GET /_sim/accounts/{key_id}</c>: closed rows (position 0, not yet settled) are not open positions.</summary>
    public static AccountFigures FromExchange(JsonElement account)
    {
        var positions = new Dictionary<string, PositionFigures>(StringComparer.Ordinal);
        foreach (var row in account.GetProperty("market_positions").EnumerateArray())
        {
            var figures = PositionFigures.FromExchangeRow(row);
            if (figures.Position != 0)
            {
                positions[row.GetProperty("ticker").GetString()!] = figures;
            }
        }
        return new AccountFigures(PositionFigures.Decimal(account, "balance_dollars"), positions);
    }

    /// <summary>The app's <c>GET /positions</c> and <c>GET /portfolio</c> answers.</summary>
    public static AccountFigures FromApp(JsonElement positions, JsonElement portfolio)
    {
        var open = new Dictionary<string, PositionFigures>(StringComparer.Ordinal);
        foreach (var position in positions.GetProperty("positions").EnumerateArray())
        {
            var figures = PositionFigures.FromApp(position);
            if (figures.Position != 0)
            {
                open[position.GetProperty("ticker").GetString()!] = figures;
            }
        }
        return new AccountFigures(PositionFigures.Decimal(portfolio.GetProperty("portfolio"), "cash_dollars"), open);
    }

    /// <summary>Same figures (decimals compare by value: 1.5 = 1.500000).</summary>
    public bool SameAs(AccountFigures other) => FigureComparer.Compare(this, other).Count == 0;
}
