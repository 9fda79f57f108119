using KalshiPortfolio.Web.Api;
using KalshiPortfolio.Web.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace KalshiPortfolio.Web.Security;

public static class SessionAuthenticationExtensions
{
    /// <summary>The path on which a token is also accepted as <c>?token=</c> (EventSource cannot set headers).</summary>
    public const string SsePath = "/api/v1/account/sse";

    /// <summary>
    /// Session tokens accepted as <c>Authorization: Bearer</c>, as the <c>kp_session</c> cookie, and on the SSE
    /// endpoint as <c>?token=</c>. Missing, malformed, forged, unsigned (<c>alg: none</c>), expired or revoked → 401.
    /// </summary>
    public static IServiceCollection AddSessionAuthentication(this IServiceCollection services, IConfiguration configuration, DataDirectory dataDirectory)
    {
        services.AddOptions<SessionTokenOptions>()
            .Bind(configuration.GetSection(SessionTokenOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => SessionSigningKey.Load(sp.GetRequiredService<IOptions<SessionTokenOptions>>().Value, dataDirectory));
        services.AddSingleton<SessionTokenService>();
        services.AddSingleton<TokenRevocationList>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<SessionTokenOptions>, SymmetricSecurityKey, TokenRevocationList, TimeProvider>((o, session, key, revocations, time) =>
            {
                o.MapInboundClaims = false;
                o.TimeProvider = time;
                var parameters = SessionTokenService.ValidationParameters(session.Value, key);
                // Lifetime by the app's clock (TimeProvider), so expiry is testable without waiting.
                parameters.LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = time.GetUtcNow().UtcDateTime;
                    return expires is { } exp && exp > now && (notBefore is null || notBefore <= now);
                };
                o.TokenValidationParameters = parameters;
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        // The Authorization header, when sent, is the only credential looked at (the handler reads it
                        // after this event): a stale cookie in the same browser must not override an explicit token.
                        if (string.IsNullOrEmpty(ctx.Token) && !ctx.Request.Headers.ContainsKey(HeaderNames.Authorization))
                        {
                            // An explicit ?token= on the SSE feed wins over the ambient cookie, which may be stale.
                            if (ctx.Request.Path.StartsWithSegments(SsePath) && ctx.Request.Query["token"] is [{ Length: > 0 } query])
                            {
                                ctx.Token = query;
                            }
                            else if (ctx.Request.Cookies.TryGetValue(SessionTokenOptions.CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
                            {
                                ctx.Token = cookie;
                            }
                        }
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ctx =>
                    {
                        var tokenId = ctx.Principal?.FindFirst(JwtRegisteredClaimNames.Jti)?.Value;
                        var userId = ctx.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
                        if (string.IsNullOrEmpty(tokenId) || string.IsNullOrEmpty(userId))
                        {
                            ctx.Fail("The session token lacks its subject or id.");
                        }
                        else if (revocations.IsRevoked(tokenId))
                        {
                            ctx.Fail("The session token was revoked.");
                        }
                        else if (revocations.IsEndedByLogout(userId, SessionTokenService.IssuedAt(ctx.Principal!)))
                        {
                            // Issued before the user's last logout: ended for good, even after a new sign-in.
                            ctx.Fail(new SessionEndedByLogoutException());
                        }
                        return Task.CompletedTask;
                    },
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        ctx.Response.Headers.WWWAuthenticate = "Bearer";
                        var error = ctx.AuthenticateFailure switch
                        {
                            null => new ApiError("unauthorized", "Sign in first: send the session token as a Bearer header or the kp_session cookie."),
                            SessionEndedByLogoutException => new ApiError("signed_out", "This session was ended by a logout (in this or another tab or device). Sign in again."),
                            _ => new ApiError("unauthorized", "The session token is invalid, expired or revoked. Sign in again."),
                        };
                        await ctx.Response.WriteAsJsonAsync(new ApiErrorBody(error));
                    },
                };
            });
        services.AddAuthorization();
        KeepTokensOutOfRequestLogs(services, configuration);
        return services;
    }

    /// <summary>
    /// ASP.NET Core's request lines ("Request starting/finished GET http://host/path?query", category
    /// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, Information) print the whole query string, which on the SSE
    /// path carries the session token. That category is kept at Warning unless the configuration names it
    /// explicitly (<c>Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics</c>): raising
    /// <c>Microsoft.AspNetCore</c> or <c>Default</c> to debug something must not start writing bearer tokens to logs.
    /// (Request logging without the query string: <c>UseHttpLogging</c>, whose defaults leave the query out.)
    /// </summary>
    private static void KeepTokensOutOfRequestLogs(IServiceCollection services, IConfiguration configuration)
    {
        const string category = "Microsoft.AspNetCore.Hosting.Diagnostics";
        if (configuration.GetSection("Logging:LogLevel")[category] is null)
        {
            services.AddLogging(logging => logging.AddFilter(category, LogLevel.Warning));
        }
    }
}

/// <summary>The authentication failure of a token issued at or before its user's last logout (answered <c>signed_out</c>).</summary>
internal sealed class SessionEndedByLogoutException() : Exception("The session token was issued before the user's last logout.");
