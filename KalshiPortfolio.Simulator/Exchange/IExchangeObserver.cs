namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>
/// Receives every change the exchange makes, in order. Called while the exchange's lock is held: an observer must
/// only copy or serialize what it needs and hand it off (never block, never call back into the exchange).
/// </summary>
internal interface IExchangeObserver
{
    void OnTicker(MarketState market, DateTimeOffset now);

    void OnTrade(TradeRecord trade);

    void OnFill(Account account, FillRecord fill);

    void OnMarketPosition(Account account, PositionBook position);
}
