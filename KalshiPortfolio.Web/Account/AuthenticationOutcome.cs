using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Web.Account;

/// <summary>The result of a sign-in: a session, or the HTTP status and error to answer with.</summary>
public sealed record AuthenticationOutcome(SessionToken? Session, int StatusCode, string? ErrorCode, string? ErrorMessage)
{
    public static AuthenticationOutcome Success(SessionToken session) => new(session, StatusCodes.Status200OK, null, null);

    public static AuthenticationOutcome Failure(int statusCode, string code, string message) => new(null, statusCode, code, message);
}
