using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Security;

/// <summary>The session token as an HttpOnly, SameSite=Strict cookie (JavaScript cannot read it).</summary>
public static class SessionCookie
{
    public static void Set(HttpResponse response, SessionToken session, SessionTokenOptions options) =>
        response.Cookies.Append(SessionTokenOptions.CookieName, session.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = options.SecureCookie || response.HttpContext.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
            IsEssential = true,
        });

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(SessionTokenOptions.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });

    public static SessionTokenOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<SessionTokenOptions>>().Value;
}
