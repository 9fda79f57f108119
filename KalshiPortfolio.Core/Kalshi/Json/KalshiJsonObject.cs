using System.Globalization;
using System.Text.Json;
using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Core.Kalshi.Models;

namespace KalshiPortfolio.Core.Kalshi.Json;

/// <summary>
/// A tolerant, read-only view of one JSON object from Kalshi. It implements the wire rules in one place:
/// <list type="bullet">
/// <item>money: the <c>*_dollars</c> string (or number) wins; otherwise the legacy integer is divided by its unit;</item>
/// <item>counts: the <c>*_fp</c> string (or number) wins; otherwise the legacy integer count;</item>
/// <item>numbers are accepted where strings are expected and vice versa; <c>null</c> and <c>""</c> mean absent;</item>
/// <item>timestamps: RFC3339 strings, Unix seconds, or Unix milliseconds for very large values;</item>
/// <item>every number is range-checked against <see cref="KalshiInputLimits"/> (prices, counts, volumes, money,
/// timestamps);</item>
/// <item>strings are read tolerantly: a lone UTF-16 surrogate or invalid UTF-8 becomes U+FFFD;</item>
/// <item>unknown fields are ignored; a missing required field, a value of the wrong type or out of range is a
/// <see cref="KalshiInputException"/> that names the field (<see cref="SkippingArray{T}"/> skips such rows).</item>
/// </list>
/// </summary>
internal readonly struct KalshiJsonObject
{
    // Unix seconds beyond this (year 5138) can only be milliseconds.
    private const long MaxPlausibleUnixSeconds = 100_000_000_000;

    private readonly JsonElement _element;

    private KalshiJsonObject(JsonElement element, string context)
    {
        _element = element;
        Context = context;
    }

    /// <summary>Where this object sits in the response, for error messages (e.g. <c>market_positions[2]</c>).</summary>
    public string Context { get; }

    public static KalshiJsonObject From(JsonElement element, string context) =>
        element.ValueKind == JsonValueKind.Object
            ? new KalshiJsonObject(element, context)
            : throw new KalshiInputException(KalshiInputProblem.NotAnObject, $"{context} is a JSON {Describe(element.ValueKind)}, not an object.");

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => TryGet(name, out _);

    // ---- strings ------------------------------------------------------------------------------------------

    /// <summary>The field as text (a number or boolean gives its JSON text); null when absent or null.</summary>
    public string? String(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => JsonText.GetString(value),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw WrongType(name, "a string", value),
        };
    }

    /// <summary>Like <see cref="String"/>, but an empty string is also null.</summary>
    public string? NonEmptyString(string name) => String(name) is { Length: > 0 } s ? s : null;

    /// <summary>The first of the named fields that holds a non-empty string; a protocol error when none does.</summary>
    public string RequiredString(string name, string? alternateName = null) =>
        NonEmptyString(name)
        ?? (alternateName is null ? null : NonEmptyString(alternateName))
        ?? throw Missing(alternateName is null ? $"'{name}'" : $"'{name}' (or '{alternateName}')");

    // ---- numbers ------------------------------------------------------------------------------------------

    /// <summary>A decimal from a JSON number or a numeric string; null when absent, null or "".</summary>
    public decimal? Decimal(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                return value.TryGetDecimal(out var number) ? number : throw WrongType(name, "a decimal number", value);
            case JsonValueKind.String:
                var text = JsonText.GetString(value);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return decimal.TryParse(text, DecimalStyles, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw WrongType(name, "a decimal number", value);
            default:
                throw WrongType(name, "a decimal number", value);
        }
    }

    /// <summary>
    /// Money in dollars: <paramref name="dollarsName"/> (a <c>*_dollars</c> string or number) when present,
    /// otherwise the legacy integer <paramref name="legacyName"/> divided by <paramref name="legacyUnit"/>.
    /// Within ±<see cref="KalshiInputLimits.MaxMoney"/>.
    /// </summary>
    public decimal? Dollars(string dollarsName, string? legacyName = null, LegacyMoneyUnit legacyUnit = LegacyMoneyUnit.Cents) =>
        Checked(RawDollars(dollarsName, legacyName, legacyUnit, out var field), field, KalshiInputLimits.IsMoney,
            $"within ±{KalshiInputLimits.MaxMoney:0} dollars");

    /// <summary><see cref="Dollars"/>, but missing when neither field is present.</summary>
    public decimal RequiredDollars(string dollarsName, string? legacyName = null, LegacyMoneyUnit legacyUnit = LegacyMoneyUnit.Cents) =>
        Dollars(dollarsName, legacyName, legacyUnit)
        ?? throw Missing(legacyName is null ? $"'{dollarsName}'" : $"'{dollarsName}' (or legacy '{legacyName}')");

    /// <summary>
    /// A contract price in dollars (<c>*_dollars</c>, else legacy cents / 100), within
    /// [<see cref="KalshiInputLimits.MinPrice"/>, <see cref="KalshiInputLimits.MaxPrice"/>] (legacy [0, 100] cents).
    /// </summary>
    public decimal? Price(string dollarsName, string? legacyName = null) =>
        Checked(RawDollars(dollarsName, legacyName, LegacyMoneyUnit.Cents, out var field), field, KalshiInputLimits.IsPrice,
            "a price within [0, 1] dollars (legacy [0, 100] cents)");

    /// <summary><see cref="Price"/>, but missing when neither field is present.</summary>
    public decimal RequiredPrice(string dollarsName, string? legacyName = null) =>
        Price(dollarsName, legacyName)
        ?? throw Missing(legacyName is null ? $"'{dollarsName}'" : $"'{dollarsName}' (or legacy '{legacyName}')");

    /// <summary>A signed contract count: the <c>*_fp</c> field when present, otherwise the legacy integer; within ±<see cref="KalshiInputLimits.MaxCount"/>.</summary>
    public decimal? Count(string fpName, string? legacyName = null) =>
        Checked(RawCount(fpName, legacyName, out var field), field, KalshiInputLimits.IsCount,
            $"a count within ±{KalshiInputLimits.MaxCount:0}");

    /// <summary><see cref="Count"/>, but missing when neither field is present.</summary>
    public decimal RequiredCount(string fpName, string? legacyName = null) =>
        Count(fpName, legacyName)
        ?? throw Missing(legacyName is null ? $"'{fpName}'" : $"'{fpName}' (or legacy '{legacyName}')");

    /// <summary>A volume or open interest (contracts, or whole dollars): [0, <see cref="KalshiInputLimits.MaxVolume"/>].</summary>
    public decimal? Volume(string fpName, string? legacyName = null) =>
        Checked(RawCount(fpName, legacyName, out var field), field, KalshiInputLimits.IsVolume,
            $"a volume within [0, {KalshiInputLimits.MaxVolume:0}]");

    /// <summary>A whole-number volume (<c>dollar_volume</c>): [0, <see cref="KalshiInputLimits.MaxVolume"/>].</summary>
    public long? WholeVolume(string name) =>
        Int64(name) is { } value
            ? KalshiInputLimits.IsVolume(value) ? value : throw OutOfRange(name, value.ToString(CultureInfo.InvariantCulture), $"a volume within [0, {KalshiInputLimits.MaxVolume:0}]")
            : null;

    private decimal? RawDollars(string dollarsName, string? legacyName, LegacyMoneyUnit legacyUnit, out string field)
    {
        field = dollarsName;
        if (Decimal(dollarsName) is { } dollars)
        {
            return dollars;
        }

        if (legacyName is not null && Decimal(legacyName) is { } legacy)
        {
            field = legacyName;
            return legacy / (int)legacyUnit;
        }

        return null;
    }

    private decimal? RawCount(string fpName, string? legacyName, out string field)
    {
        field = fpName;
        if (Decimal(fpName) is { } count)
        {
            return count;
        }

        if (legacyName is not null && Decimal(legacyName) is { } legacy)
        {
            field = legacyName;
            return legacy;
        }

        return null;
    }

    private decimal? Checked(decimal? value, string field, Func<decimal, bool> inRange, string expected) =>
        value is { } v && !inRange(v)
            ? throw OutOfRange(field, RawTextOf(field), expected)
            : value;

    /// <summary>An integer from a JSON number or a numeric string; null when absent, null or "".</summary>
    public long? Int64(string name)
    {
        if (Decimal(name) is not { } value)
        {
            return null;
        }

        return value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue
            ? (long)value
            : throw new KalshiInputException(KalshiInputProblem.WrongType, $"{Context}: field '{name}' should be an integer but is {Truncate(value.ToString(CultureInfo.InvariantCulture), 40)}.");
    }

    /// <summary>An <see cref="int"/> from a JSON number or a numeric string; null when absent.</summary>
    public int? Int32(string name) =>
        Int64(name) is { } value
            ? value is >= int.MinValue and <= int.MaxValue ? (int)value : throw OutOfRange(name, value.ToString(CultureInfo.InvariantCulture), "a 32-bit integer")
            : null;

    /// <summary>A boolean from <c>true</c>/<c>false</c> or the strings "true"/"false"; null when absent.</summary>
    public bool? Boolean(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(JsonText.GetString(value), out var b) => b,
            _ => throw WrongType(name, "a boolean", value),
        };
    }

    /// <summary>A protocol error when the boolean is absent.</summary>
    public bool RequiredBoolean(string name) => Boolean(name) ?? throw Missing($"'{name}'");

    // ---- time ---------------------------------------------------------------------------------------------

    /// <summary>
    /// A UTC timestamp from an RFC3339 string (<c>"2026-06-11T06:29:30.165032Z"</c>), from Unix seconds
    /// (number or numeric string), or from Unix milliseconds when the value is too large to be seconds.
    /// Null when absent, null or "".
    /// </summary>
    public DateTimeOffset? Timestamp(string name) => CheckedTime(name, RawTimestamp(name));

    private DateTimeOffset? RawTimestamp(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = JsonText.GetString(value);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (TryParseRfc3339(text, out var parsed))
            {
                return parsed;
            }

            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unixText))
            {
                return FromUnix(name, unixText);
            }

            throw WrongType(name, "an RFC3339 timestamp or Unix seconds", value);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var unix)
            ? FromUnix(name, unix)
            : throw WrongType(name, "an RFC3339 timestamp or Unix seconds", value);
    }

    /// <summary>A UTC timestamp from Unix milliseconds (number or numeric string); null when absent.</summary>
    public DateTimeOffset? UnixMilliseconds(string name)
    {
        if (Int64(name) is not { } ms)
        {
            return null;
        }

        try
        {
            return CheckedTime(name, DateTimeOffset.FromUnixTimeMilliseconds(ms));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw OutOfRange(name, ms.ToString(CultureInfo.InvariantCulture), "a Unix time in milliseconds");
        }
    }

    private DateTimeOffset? CheckedTime(string name, DateTimeOffset? time) =>
        time is { } t && !KalshiInputLimits.IsTimestamp(t)
            ? throw OutOfRange(name, RawTextOf(name), "a time between 1970 and 3000")
            : time;

    // ---- nested -------------------------------------------------------------------------------------------

    /// <summary>The nested object, or null when absent or null.</summary>
    public KalshiJsonObject? Object(string name) =>
        TryGet(name, out var value) ? From(value, $"{Context}.{name}") : null;

    /// <summary>The nested object; a protocol error when absent.</summary>
    public KalshiJsonObject RequiredObject(string name) => Object(name) ?? throw Missing($"'{name}'");

    /// <summary>Reads every object of an array field; an absent or null array is empty.</summary>
    public List<T> Array<T>(string name, Func<KalshiJsonObject, T> read)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array", value);
        }

        var items = new List<T>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(read(From(item, $"{name}[{index}]")));
            index++;
        }

        return items;
    }

    /// <summary>
    /// Reads every object of an array field, skipping (and adding to <paramref name="skipped"/>) each item that
    /// cannot be used: not an object, a required field missing, a value of the wrong type or out of range. The
    /// skipped item's key is read from the first of <paramref name="keyFields"/> that still holds a string.
    /// An absent or null array is empty; a field that is not an array is an error of the whole object.
    /// </summary>
    public List<T> SkippingArray<T>(
        string name, Func<KalshiJsonObject, T> read, KalshiInputKind kind, ICollection<KalshiSkippedInput> skipped, params ReadOnlySpan<string> keyFields)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array", value);
        }

        var items = new List<T>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var context = $"{Context} {name}[{index}]";
            index++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                skipped.Add(new KalshiSkippedInput(kind, context, null, KalshiInputProblem.NotAnObject,
                    $"a JSON {Describe(item.ValueKind)}, not an object"));
                continue;
            }

            var row = new KalshiJsonObject(item, $"{name}[{index - 1}]");
            try
            {
                items.Add(read(row));
            }
            catch (KalshiInputException ex)
            {
                skipped.Add(new KalshiSkippedInput(kind, context, row.KeyOf(keyFields), ex.Problem, ex.Message));
            }
            catch (KalshiProtocolException ex)
            {
                skipped.Add(new KalshiSkippedInput(kind, context, row.KeyOf(keyFields), KalshiInputProblem.NotAnObject, ex.Message));
            }
        }

        return items;
    }

    /// <summary>The first of <paramref name="keyFields"/> that holds a non-empty string, or null; never throws.</summary>
    public string? KeyOf(params ReadOnlySpan<string> keyFields)
    {
        foreach (var field in keyFields)
        {
            if (TryGet(field, out var value) && value.ValueKind == JsonValueKind.String && JsonText.GetString(value) is { Length: > 0 } key)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Reads an array of strings (numbers are taken as their text); absent or null is empty.</summary>
    public List<string> StringArray(string name)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(name, "an array", value);
        }

        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            items.Add(item.ValueKind switch
            {
                JsonValueKind.String => JsonText.GetString(item),
                JsonValueKind.Number => item.GetRawText(),
                _ => throw WrongType(name, "an array of strings", item),
            });
        }

        return items;
    }

    /// <summary>True when the field is present and is a JSON array (possibly empty).</summary>
    public bool HasArray(string name) => TryGet(name, out var value) && value.ValueKind == JsonValueKind.Array;

    /// <summary>The raw element of a field (for shapes that vary, e.g. a WS <c>msg</c> that is an object or an array).</summary>
    public bool TryGetRaw(string name, out JsonElement value) => TryGet(name, out value);

    // ---- helpers ------------------------------------------------------------------------------------------

    private const NumberStyles DecimalStyles =
        NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign |
        NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private bool TryGet(string name, out JsonElement value) =>
        _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    internal static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        return false;
    }

    private DateTimeOffset FromUnix(string name, long unix)
    {
        try
        {
            return unix > MaxPlausibleUnixSeconds || unix < -MaxPlausibleUnixSeconds
                ? DateTimeOffset.FromUnixTimeMilliseconds(unix)
                : DateTimeOffset.FromUnixTimeSeconds(unix);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw OutOfRange(name, unix.ToString(CultureInfo.InvariantCulture), "a valid Unix time");
        }
    }

    private KalshiInputException Missing(string what) =>
        new(KalshiInputProblem.Missing, $"{Context}: required field {what} is missing.");

    private KalshiInputException WrongType(string name, string expected, JsonElement value)
    {
        var shown = value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? $" ({Truncate(JsonText.GetRawText(value), 40)})"
            : string.Empty;
        return new KalshiInputException(KalshiInputProblem.WrongType,
            $"{Context}: field '{name}' should be {expected} but is a JSON {Describe(value.ValueKind)}{shown}.");
    }

    private KalshiInputException OutOfRange(string name, string shown, string expected) =>
        new(KalshiInputProblem.OutOfRange, $"{Context}: field '{name}' is out of range ({Truncate(shown, 40)}); expected {expected}.");

    private string RawTextOf(string name) => TryGet(name, out var value) ? JsonText.GetRawText(value) : string.Empty;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
