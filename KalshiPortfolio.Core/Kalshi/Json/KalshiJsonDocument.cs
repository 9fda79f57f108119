using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.Errors;

namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// Parses a UTF-8 JSON body and hands its root object to a reader; malformed JSON, and a field of the response
/// itself that cannot be used (see <see cref="KalshiInputException"/>), are protocol errors.
/// </summary>
internal static class KalshiJsonDocument
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static T Read<T>(ReadOnlyMemory<byte> utf8Json, string context, Func<KalshiJsonObject, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new KalshiProtocolException(
                utf8Json.IsEmpty ? $"{context}: the response body is empty." : $"{context}: the response is not valid JSON ({ex.Message}).",
                innerException: ex);
        }

        using (document)
        {
            try
            {
                return read(KalshiJsonObject.From(document.RootElement, context));
            }
            catch (KalshiInputException ex)
            {
                throw new KalshiProtocolException(ex.Message, innerException: ex);
            }
        }
    }
}
