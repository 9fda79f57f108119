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
public sealed partial class ApiJsonContext : JsonSerializerContext;
