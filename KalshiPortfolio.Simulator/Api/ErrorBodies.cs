using System.Text.Json.Serialization;
using KalshiPortfolio.Simulator.Json;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// Kalshi's three REST error shapes (reference §6.1): nested <c>{"error":{code,message,details?}}</c> (no <c>service</c>
/// since 2026-08-06), bare <c>{"msg":...}</c> for parameter validation, and the plain-string 429 body.
/// </summary>
internal static class ErrorBodies
{
    public static Task WriteNested(HttpResponse response, int status, string code, string message, string? details = null) =>
        Write(response, status, new NestedError(new ErrorDetail(code, message, details)));

    public static Task WriteValidation(HttpResponse response, string operation, string field, string tag) =>
        Write(response, 400, new ValidationError(
            $"Parameter validation failed for {operation}: Key: '{operation}Params.{field}' Error:Field validation for '{field}' failed on the '{tag}' tag"));

    public static Task WriteTooManyRequests(HttpResponse response) => Write(response, 429, new PlainError("too many requests"));

    public static Task WriteNotFound(HttpResponse response) => WriteNested(response, 404, "not_found", "not found");

    /// <summary>The body a forced REST failure (<c>rest_failures</c> fault) carries.</summary>
    public static Task WriteForcedFailure(HttpResponse response, int status) => status switch
    {
        429 => WriteTooManyRequests(response),
        500 => WriteNested(response, 500, "internal_server_error", "internal server error"),
        502 => WriteNested(response, 502, "bad_gateway", "bad gateway"),
        504 => WriteNested(response, 504, "gateway_timeout", "gateway timeout"),
        _ => WriteNested(response, status, "service_unavailable", "service unavailable"),
    };

    public static Task Write<T>(HttpResponse response, int status, T body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        return response.Body.WriteAsync(SimJson.SerializeToUtf8(body)).AsTask();
    }

    private sealed record NestedError(ErrorDetail Error);

    private sealed record ErrorDetail(
        string Code,
        string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Details);

    private sealed record ValidationError(string Msg);

    private sealed record PlainError(string Error);
}
