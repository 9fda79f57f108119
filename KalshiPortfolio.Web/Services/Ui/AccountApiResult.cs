namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>
/// What the browser's <c>fetch</c> to an account endpoint returned (see <c>wwwroot/js/account.js</c>). The
/// session token itself never comes back to .NET: it lives in the HttpOnly cookie the response set.
/// </summary>
public sealed record AccountApiResult
{
    /// <summary>True for a 2xx answer.</summary>
    public bool Ok { get; init; }

    /// <summary>The HTTP status, or 0 when the request never got an answer.</summary>
    public int Status { get; init; }

    /// <summary><c>error.code</c> from the error body, if any.</summary>
    public string? ErrorCode { get; init; }

    /// <summary><c>error.message</c> from the error body, if any.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary><c>session_expires_at</c> from a successful authenticate or refresh (ISO 8601 UTC).</summary>
    public string? SessionExpiresAt { get; init; }

    /// <summary>The browser's error when the request failed before any answer (offline, server down).</summary>
    public string? NetworkError { get; init; }

    public static AccountApiResult NoAnswer(string why) => new() { Ok = false, Status = 0, NetworkError = why };
}
