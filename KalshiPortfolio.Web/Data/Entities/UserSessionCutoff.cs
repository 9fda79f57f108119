namespace KalshiPortfolio.Web.Data.Entities;

/// <summary>
/// A user's logout cut-off (table <c>user_session_cutoffs</c>): every session token of the user issued at or before
/// <see cref="ValidAfterUtc"/> is refused, whatever happens later (a new sign-in does not bring it back).
/// </summary>
public sealed class UserSessionCutoff
{
    public required string UserId { get; set; }

    /// <summary>When the user last logged out; only tokens issued after it are accepted.</summary>
    public DateTime ValidAfterUtc { get; set; }
}
