namespace KalshiPortfolio.Web.Api.Contracts;

/// <summary>A session: returned by authenticate (status authenticated) and refresh (status refreshed).</summary>
public sealed record SessionResponse
{
    public required string Status { get; init; }
    public required string UserId { get; init; }
    public required DateTimeOffset SessionExpiresAt { get; init; }

    /// <summary>The session token (also set as the HttpOnly <c>kp_session</c> cookie). A bearer secret.</summary>
    public required string Token { get; init; }

    public override string ToString() => $"SessionResponse {{ Status = {Status}, UserId = {UserId} }}";
}

/// <summary><c>DELETE /api/v1/account/logout</c>.</summary>
public sealed record LogoutResponse(string Status);
