using KalshiPortfolio.Web.Services.Ui;

namespace KalshiPortfolio.Web.Components.Account;

/// <summary>A sign-in failure in words: a headline saying what to do, and the server's own detail.</summary>
public sealed record AuthFailure(string Headline, string? Detail)
{
    /// <summary>The failure an answer of <c>POST /api/v1/account/authenticate</c> means.</summary>
    public static AuthFailure From(AccountApiResult result, string environment)
    {
        ArgumentNullException.ThrowIfNull(result);
        var detail = string.IsNullOrWhiteSpace(result.ErrorMessage) ? null : result.ErrorMessage.Trim();
        return result.Status switch
        {
            0 => new("Couldn't reach the KalshiPortfolio server. Check your connection and try again.", result.NetworkError),
            400 => new("Check the key and try again.", detail ?? "The key ID or the private key is missing or malformed."),
            401 => new($"Kalshi refused this key. Check that the key ID matches the private key and that the key belongs to {EnvironmentName(environment)}.", detail),
            403 => new("This key isn't allowed to read the portfolio.", detail),
            429 => new("Too many sign-in attempts. Wait a minute, then try again.", detail),
            503 => new("Kalshi is unreachable or in maintenance right now. Try again in a few minutes.", detail),
            _ => new($"Sign-in failed (HTTP {result.Status}). Try again.", detail),
        };
    }

    /// <summary>A validation failure found before anything was sent.</summary>
    public static AuthFailure Invalid(IEnumerable<string> problems) => new("Check the form.", string.Join(" ", problems));

    public static string EnvironmentName(string environment) => environment switch
    {
        AuthEnvironments.Demo => "Kalshi's demo exchange",
        AuthEnvironments.Simulator => "the built-in simulator",
        _ => "Kalshi's production exchange",
    };
}

/// <summary>The <c>environment</c> values of the authenticate request.</summary>
public static class AuthEnvironments
{
    public const string Production = "production";
    public const string Demo = "demo";
    public const string Simulator = "simulator";
}
