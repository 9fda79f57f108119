using KalshiPortfolio.Web.Api;
using KalshiPortfolio.Web.Api.Contracts;
using KalshiPortfolio.Web.Security;

namespace KalshiPortfolio.Web.Account;

/// <summary>The account API under <c>/api/v1/account</c>. Errors are <c>{"error": {"code", "message"}}</c>.</summary>
public static class AccountEndpoints
{
    public const string AuthenticateRateLimit = "authenticate";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/v1/account").WithTags("Account");

        account.MapPost("/authenticate", AuthenticateAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthenticateRateLimit)
            .WithSummary("Sign in with a Kalshi API key")
            .WithDescription("Checks the key with a signed call to Kalshi, stores it encrypted and issues a 24 h session token, also set as the HttpOnly kp_session cookie.")
            .Produces<SessionResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status400BadRequest)
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<ApiErrorBody>(StatusCodes.Status429TooManyRequests)
            .Produces<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable);

        account.MapGet("/portfolio", GetPortfolioAsync)
            .RequireAuthorization()
            .WithSummary("The account's totals: cash, market value, total value, unrealized, realized and today's P&L")
            .Produces<PortfolioResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);

        account.MapGet("/positions", GetPositionsAsync)
            .RequireAuthorization()
            .WithSummary("Every open position with its valuation")
            .Produces<PositionsResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);

        account.MapPost("/refresh", RefreshAsync)
            .RequireAuthorization()
            .WithSummary("Exchange the session token for a fresh one (the old one is revoked)")
            .Produces<SessionResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);

        account.MapDelete("/logout", LogoutAsync)
            .RequireAuthorization()
            .WithSummary("Sign out: deletes the stored key and revokes the session token")
            .Produces<LogoutResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);

        return app;
    }

    private static async Task<IResult> AuthenticateAsync(AuthenticateRequest? request, AccountService accounts, HttpContext context, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Error(StatusCodes.Status400BadRequest, "missing_body", "Send a JSON body: {\"key_id\", \"private_key\", \"environment\"}.");
        }
        var outcome = await accounts.AuthenticateAsync(request, cancellationToken);
        if (outcome.Session is not { } session)
        {
            return Error(outcome.StatusCode, outcome.ErrorCode!, outcome.ErrorMessage!);
        }
        SessionCookie.Set(context.Response, session, SessionCookie.Options(context));
        return TypedResults.Ok(new SessionResponse
        {
            Status = "authenticated",
            UserId = session.UserId,
            SessionExpiresAt = session.ExpiresAt,
            Token = session.Token,
        });
    }

    private static async Task<IResult> GetPortfolioAsync(HttpContext context, AccountService accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await PortfolioOf(context, accounts, cancellationToken) is not { } portfolio)
        {
            return SignedOut();
        }
        return TypedResults.Ok(new PortfolioResponse
        {
            Portfolio = PortfolioDto.From(portfolio.GetView()),
            Source = portfolio.IsLive ? "live" : "cache",
            CachedAt = portfolio.IsLive ? null : portfolio.CachedAt,
            ConnectionStatus = ConnectionStatusDto.From(portfolio.Status),
        });
    }

    private static async Task<IResult> GetPositionsAsync(HttpContext context, AccountService accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await PortfolioOf(context, accounts, cancellationToken) is not { } portfolio)
        {
            return SignedOut();
        }
        var now = time.GetUtcNow();
        var live = portfolio.IsLive;
        return TypedResults.Ok(new PositionsResponse
        {
            Positions = portfolio.GetPositions().Select(PositionDto.From).ToList(),
            AsOf = now,
            Source = live ? "live" : "cache",
            CachedAt = live ? null : portfolio.CachedAt,
            CacheAgeSeconds = live || portfolio.CachedAt is not { } cachedAt ? null : Math.Round((now - cachedAt).TotalSeconds, 3),
        });
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, SessionTokenService tokens, TokenRevocationList revocations, CancellationToken cancellationToken)
    {
        if (SessionClaims.From(context.User) is not { } claims)
        {
            return SignedOut();
        }
        var session = tokens.Issue(claims.UserId);
        await revocations.RevokeAsync(claims.TokenId, claims.UserId, claims.ExpiresAt, cancellationToken);
        SessionCookie.Set(context.Response, session, SessionCookie.Options(context));
        return TypedResults.Ok(new SessionResponse
        {
            Status = "refreshed",
            UserId = session.UserId,
            SessionExpiresAt = session.ExpiresAt,
            Token = session.Token,
        });
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        if (SessionClaims.From(context.User) is not { } claims)
        {
            return SignedOut();
        }
        await accounts.LogoutAsync(claims.UserId, claims.TokenId, claims.ExpiresAt, cancellationToken);
        SessionCookie.Clear(context.Response);
        return TypedResults.Ok(new LogoutResponse("logged_out"));
    }

    private static async Task<Core.Streaming.UserPortfolio?> PortfolioOf(HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        SessionClaims.From(context.User) is { } claims ? await accounts.GetPortfolioAsync(claims.UserId, cancellationToken) : null;

    private static IResult SignedOut() =>
        Error(StatusCodes.Status401Unauthorized, "signed_out", "No Kalshi key is stored for this session (signed out, or the key was refused). Sign in again.");

    internal static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new ApiErrorBody(new ApiError(code, message)), ApiJsonContext.Api.ApiErrorBody, statusCode: status);
}
