using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// One field of a Kalshi object cannot be used (missing, wrong type, out of <see cref="KalshiInputLimits"/>).
/// Internal to the parsers: a list reader turns it into a <see cref="KalshiSkippedInput"/>, the WebSocket parser
/// into a malformed frame, and <see cref="KalshiJsonDocument"/> into a <see cref="Errors.KalshiProtocolException"/>.
/// </summary>
internal sealed class KalshiInputException(KalshiInputProblem problem, string message) : Exception(message)
{
    public KalshiInputProblem Problem { get; } = problem;
}
