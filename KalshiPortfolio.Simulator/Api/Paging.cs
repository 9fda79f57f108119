using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// Cursor pages as Kalshi serves them: an opaque URL-safe base64 <c>cursor</c>, <c>""</c> on the last page; the cursor
/// does not remember filters (resend them); a garbage cursor silently restarts at the first page; a <c>limit</c> above
/// the maximum is a hard 400 in the bare <c>{"msg":...}</c> shape.
/// </summary>
internal static class Paging
{
    private const string Prefix = "kalshi-sim:";

    public static string Encode(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    public static int Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : 0;
        }
        catch (FormatException)
        {
            return 0;
        }
    }

    /// <summary>Reads <c>limit</c>: null when it is invalid (the caller answers 400).</summary>
    public static int? ReadLimit(HttpRequest request, int max, int fallback = 100)
    {
        var text = request.Query["limit"].ToString();
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit > max) return null;
        return limit == 0 ? fallback : limit;
    }

    /// <summary>One page of <paramref name="items"/> and the cursor of the next ("" when this is the last).</summary>
    public static (List<T> Page, string Cursor) Page<T>(IReadOnlyList<T> items, string? cursor, int limit)
    {
        var offset = Math.Min(Decode(cursor), items.Count);
        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count;
        return (page, next < items.Count ? Encode(next) : "");
    }
}
