namespace KalshiPortfolio.Core.Kalshi.Errors;

/// <summary>
/// An error body returned by Kalshi, normalised from any of the shapes seen on the wire
/// (nested <c>{"error":{...}}</c>, flat <c>{code,message,details}</c>, bare <c>{"msg":...}</c>,
/// and the 429 plain string <c>{"error":"too many requests"}</c>).
/// </summary>
/// <param name="Code">Kalshi's error code (e.g. <c>authentication_error</c>), or null when the shape has none.
/// Codes can be dynamic (<c>user_not_found:_&lt;uuid&gt;</c>), so match them with <see cref="CodeStartsWith"/>.</param>
/// <param name="Message">The human-readable message (may be empty).</param>
/// <param name="Details">Extra detail such as <c>INCORRECT_API_KEY_SIGNATURE</c>, or null.</param>
/// <param name="Service">The <c>service</c> field (removed from Kalshi on 2026-08-06), or null.</param>
public sealed record KalshiError(string? Code, string Message, string? Details = null, string? Service = null)
{
    /// <summary>True when <see cref="Code"/> starts with <paramref name="prefix"/> (ordinal, case-insensitive).</summary>
    public bool CodeStartsWith(string prefix) =>
        Code is not null && Code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>"code: message (details)" with the empty parts left out.</summary>
    public override string ToString()
    {
        var text = Code is null ? Message
            : Message.Length == 0 || string.Equals(Code, Message, StringComparison.Ordinal) ? Code
            : $"{Code}: {Message}";
        return string.IsNullOrEmpty(Details) ? text : $"{text} ({Details})";
    }
}
