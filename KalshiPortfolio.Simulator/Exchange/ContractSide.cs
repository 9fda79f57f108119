namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>The two contracts of a binary market.</summary>
public enum ContractSide
{
    Yes,
    No,
}

/// <summary>Buying or selling contracts of one side.</summary>
public enum TradeAction
{
    Buy,
    Sell,
}

/// <summary>Wire names (<c>yes</c>/<c>no</c>, <c>buy</c>/<c>sell</c>) of the enums.</summary>
public static class ContractSideNames
{
    public static string ToWire(this ContractSide side) => side == ContractSide.Yes ? "yes" : "no";

    public static string ToWire(this TradeAction action) => action == TradeAction.Buy ? "buy" : "sell";

    public static bool TryParseSide(string? text, out ContractSide side)
    {
        switch (text)
        {
            case "yes": side = ContractSide.Yes; return true;
            case "no": side = ContractSide.No; return true;
            default: side = default; return false;
        }
    }

    public static bool TryParseAction(string? text, out TradeAction action)
    {
        switch (text)
        {
            case "buy": action = TradeAction.Buy; return true;
            case "sell": action = TradeAction.Sell; return true;
            default: action = default; return false;
        }
    }
}
