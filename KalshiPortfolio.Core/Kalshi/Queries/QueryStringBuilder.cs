using System.Globalization;
using System.Text;

namespace KalshiPortfolio.Core.Kalshi.Queries;

/// <summary>Builds <c>?a=b&amp;c=d</c>, skipping null and empty values and escaping the rest.</summary>
internal sealed class QueryStringBuilder
{
    public const int MaxLimit = 1000;

    private readonly StringBuilder _text = new();

    public QueryStringBuilder Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public QueryStringBuilder Add(string name, long? value) =>
        Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryStringBuilder Add(string name, DateTimeOffset? value) =>
        Add(name, value?.ToUnixTimeSeconds());

    /// <summary>A comma-separated list; each item is escaped, the commas are not.</summary>
    public QueryStringBuilder AddList(string name, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            _text.Append(_text.Length == 0 ? '?' : '&').Append(name).Append('=')
                .AppendJoin(',', values.Select(Uri.EscapeDataString));
        }

        return this;
    }

    public QueryStringBuilder AddLimit(int? limit, int defaultLimit)
    {
        var value = limit ?? defaultLimit;
        if (value is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), value, $"A Kalshi page limit must be between 1 and {MaxLimit}.");
        }

        return Add("limit", value);
    }

    public override string ToString() => _text.ToString();
}
