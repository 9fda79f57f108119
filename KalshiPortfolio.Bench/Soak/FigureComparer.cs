namespace KalshiPortfolio.Bench.Soak;

/// <summary>Compares a view of the account (the app's REST API, one SSE client) with the exchange's, figure by figure, exactly.</summary>
public static class FigureComparer
{
    public static IReadOnlyList<FigureDifference> Compare(AccountFigures exchange, AccountFigures view)
    {
        var differences = new List<FigureDifference>();
        if (exchange.Cash != view.Cash)
        {
            differences.Add(new FigureDifference(null, Figure.Cash, exchange.Cash, view.Cash));
        }
        foreach (var (ticker, expected) in exchange.Positions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!view.Positions.TryGetValue(ticker, out var actual))
            {
                differences.Add(new FigureDifference(ticker, Figure.Missing, expected.Position, null));
                continue;
            }
            Add(differences, ticker, Figure.Position, expected.Position, actual.Position);
            Add(differences, ticker, Figure.Cost, expected.Cost, actual.Cost);
            Add(differences, ticker, Figure.Realized, expected.Realized, actual.Realized);
            Add(differences, ticker, Figure.Fees, expected.Fees, actual.Fees);
        }
        foreach (var (ticker, actual) in view.Positions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!exchange.Positions.ContainsKey(ticker))
            {
                differences.Add(new FigureDifference(ticker, Figure.Extra, null, actual.Position));
            }
        }
        return differences;
    }

    private static void Add(List<FigureDifference> differences, string ticker, Figure figure, decimal expected, decimal actual)
    {
        if (expected != actual)
        {
            differences.Add(new FigureDifference(ticker, figure, expected, actual));
        }
    }
}
