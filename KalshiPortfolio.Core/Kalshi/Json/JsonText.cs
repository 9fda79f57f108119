using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// Reads JSON strings tolerantly. <see cref="JsonElement.GetString"/> throws for an escaped lone UTF-16 surrogate
/// (<c>"\ud800"</c>) and for invalid UTF-8 inside a string (which <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// accepts); here both become U+FFFD, as <see cref="Encoding.UTF8"/> does, and the rest of the text is kept.
/// </summary>
internal static class JsonText
{
    private const char Replacement = '\uFFFD';

    /// <summary>The string value of <paramref name="element"/> (a JSON string), never throwing for broken text.</summary>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            return Decode(JsonMarshal.GetRawUtf8Value(element));
        }
    }

    /// <summary>The JSON text of <paramref name="element"/>, for messages; invalid UTF-8 becomes U+FFFD.</summary>
    public static string GetRawText(JsonElement element)
    {
        try
        {
            return element.GetRawText();
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(element));
        }
    }

    /// <summary>Unescapes a raw JSON string token (quotes included) the way the reader would, but replacing what it rejects.</summary>
    internal static string Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var escape = raw.IndexOf((byte)'\\');
            var run = escape < 0 ? raw : raw[..escape];
            text.Append(Encoding.UTF8.GetString(run)); // invalid UTF-8 → U+FFFD
            if (escape < 0)
            {
                break;
            }

            raw = raw[(escape + 1)..];
            if (raw.IsEmpty)
            {
                text.Append(Replacement);
                break;
            }

            var consumed = 1;
            switch ((char)raw[0])
            {
                case '"': text.Append('"'); break;
                case '\\': text.Append('\\'); break;
                case '/': text.Append('/'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when raw.Length >= 5 && TryHex(raw.Slice(1, 4), out var unit):
                    text.Append(unit);
                    consumed = 5;
                    break;
                default: text.Append(Replacement); break;
            }

            raw = raw[consumed..];
        }

        return ReplaceLoneSurrogates(text);
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out char unit)
    {
        var value = 0;
        foreach (var b in hex)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                unit = default;
                return false;
            }

            value = (value << 4) | digit;
        }

        unit = (char)value;
        return true;
    }

    private static string ReplaceLoneSurrogates(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = Replacement;
            }
        }

        return text.ToString();
    }
}
