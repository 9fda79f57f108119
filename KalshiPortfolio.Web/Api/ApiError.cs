using System.Text.Json.Serialization;

namespace KalshiPortfolio.Web.Api;

/// <summary>The body of every API error: <c>{"error": {"code", "message"}}</c>.</summary>
public sealed record ApiErrorBody([property: JsonPropertyName("error")] ApiError Error);

public sealed record ApiError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
