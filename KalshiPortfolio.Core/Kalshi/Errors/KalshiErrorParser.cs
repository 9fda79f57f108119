using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.Json;

namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>Reads Kalshi error bodies in every shape seen on the wire.</summary>
public static class KalshiErrorParser
{
    /// <summary>
    /// Parses <c>{"error":{"code","message","details","service"}}</c>, <c>{"error":"too many requests"}</c>,
    /// <c>{"code","message","details"}</c> and <c>{"msg":"..."}</c>. Returns null for an empty body, non-JSON
    /// (e.g. a proxy's HTML page) or JSON of none of these shapes. Broken text (a lone surrogate) becomes U+FFFD.
    /// </summary>
    public static KalshiError? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return FromRoot(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte})"/> for a string body.</summary>
    public static KalshiError? TryParse(string? body) =>
        string.IsNullOrEmpty(body) ? null : TryParse(System.Text.Encoding.UTF8.GetBytes(body));

    private static KalshiError? FromRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.Object:
                    return FromFields(error);
                case JsonValueKind.String:
                    return new KalshiError(null, JsonText.GetString(error));
            }
        }

        if (root.TryGetProperty("code", out _) || root.TryGetProperty("message", out _))
        {
            return FromFields(root);
        }

        return Text(root, "msg") is { } msg ? new KalshiError(null, msg) : null;
    }

    private static KalshiError FromFields(JsonElement obj) =>
        new(Text(obj, "code"), Text(obj, "message") ?? Text(obj, "msg") ?? string.Empty, Text(obj, "details"), Text(obj, "service"));

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => JsonText.GetString(value) is { Length: > 0 } s ? s : null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;
}
