namespace KalshiPortfolio.Simulator.Exchange;

/// <summary>A request the exchange refuses; <see cref="Code"/> and <see cref="StatusCode"/> shape the error body.</summary>
public sealed class ExchangeException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    internal static ExchangeException NotFound(string what) => new(404, "not_found", what + " not found");

    internal static ExchangeException BadRequest(string message) => new(400, "bad_request", message);
}
