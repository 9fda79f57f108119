using System.ComponentModel.DataAnnotations;

namespace KalshiPortfolio.Web.Security;

/// <summary>Session tokens (section <c>Session</c>). Validated at start-up.</summary>
public sealed class SessionTokenOptions
{
    public const string Section = "Session";
    public const string CookieName = "kp_session";

    /// <summary>How long a token is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The HS256 signing key, base64, at least 32 bytes. Leave empty to have one generated on first run and
    /// kept in the data directory (never in source).
    /// </summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "KalshiPortfolio";

    [Required]
    public string Audience { get; set; } = "KalshiPortfolio";

    /// <summary>Sign-in attempts allowed per client address per minute before 429.</summary>
    [Range(1, 10_000)]
    public int AuthenticateAttemptsPerMinute { get; set; } = 10;

    /// <summary>Only send the cookie over HTTPS. Off by default because the app serves http://localhost.</summary>
    public bool SecureCookie { get; set; }
}
