using System.Text.Json.Serialization;

namespace KalshiPortfolio.Simulator.Control;

// Bodies of the /_sim control API (not Kalshi's). Money is accepted as a string or a number.

internal sealed record CreateAccountRequest(string? PublicKeyPem, decimal? BalanceDollars);

internal sealed record CredentialsResponse(
    string KeyId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PrivateKeyPem);

/// <summary><c>GET /_sim/accounts/{key_id}</c>: the exchange's view of the account (rows as <c>/portfolio/positions</c>).</summary>
internal sealed record AccountResponse(
    string KeyId,
    string BalanceDollars,
    Api.MarketPositionRow[] MarketPositions,
    int FillCount,
    int SettlementCount,
    bool ExchangeActive,
    bool TradingActive);

internal sealed record FillRequest(string? Ticker, string? Side, string? Action, decimal? Count, decimal? PriceDollars);

internal sealed record QuoteRequest(decimal? YesBidDollars, decimal? YesAskDollars, decimal? YesBidSizeFp, decimal? YesAskSizeFp);

internal sealed record SettleRequest(string? Result);

internal sealed record SettleResponse(string Ticker, string Result, int Settlements);

internal sealed record FaultsResponse(
    RestFailuresView? RestFailures,
    int LatencyMs,
    int MalformedFrames,
    string? RefuseWebsocketsUntil,
    string? SilenceUntil,
    bool ExchangeActive,
    bool TradingActive,
    int WebsocketConnections);

internal sealed record RestFailuresView(int Status, int Remaining);
