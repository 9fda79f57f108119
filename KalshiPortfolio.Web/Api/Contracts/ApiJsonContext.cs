using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>Source-generated JSON for every API and SSE payload: snake_case, no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PositionDto))]
[JsonSerializable(typeof(PositionsResponse))]
[JsonSerializable(typeof(PortfolioDto))]
[JsonSerializable(typeof(PortfolioResponse))]
[JsonSerializable(typeof(ConnectionStatusDto))]
[JsonSerializable(typeof(AuthenticateRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(LogoutResponse))]
[JsonSerializable(typeof(ApiErrorBody))]
[JsonSerializable(typeof(SnapshotSse))]
[JsonSerializable(typeof(PositionUpdateSse))]
[JsonSerializable(typeof(PositionClosedSse))]
[JsonSerializable(typeof(PortfolioUpdateSse))]
[JsonSerializable(typeof(ConnectionStatusSse))]
[JsonSerializable(typeof(SessionExpiredSse))]
public sealed partial class ApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context with relaxed escaping: the payloads are JSON for API clients, never inlined into HTML, so
    /// "4+ hits" stays readable instead of "4\u002B hits".
    /// </summary>
    public static ApiJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
