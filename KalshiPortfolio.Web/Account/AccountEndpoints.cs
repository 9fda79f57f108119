using System.Security.Cryptography;
using System.Text.Json;
using KalshiPortfolio.Web.Api;
using KalshiPortfolio.Web.Api.Contracts;
using KalshiPortfolio.Web.Security;
using Microsoft.OpenApi;

namespace KalshiPortfolio.Web.Account;

/// <summary>The account API under <c>/api/v1/account</c>. Errors are <c>{"error": {"code", "message"}}</c>.</summary>
public static class AccountEndpoints
{
    public const string AuthenticateRateLimit = "authenticate";

    // A key id and an RSA key in PEM are a few KB; anything much larger is not a sign-in.
    private const int MaxAuthenticateBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        // Every answer of the API is JSON: the app's HTML status-code pages never replace an API error.
        var account = app.MapGroup("/api/v1/account").WithTags("Account").WithMetadata(ApiOnlyJson.Instance);

        account.MapPost("/authenticate", AuthenticateAsync)
            .AllowAnonymous()
            .RequireRateLimiting(AuthenticateRateLimit)
            // Described here rather than with Accepts<T>(), which would make routing refuse a body sent without a JSON content type.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(AuthenticateRequest), null, cancellationToken);
                schema.Required = new HashSet<string> { "key_id", "private_key" };
                if (schema.Properties?.TryGetValue("environment", out var environment) == true && environment is OpenApiSchema named)
                {
                    named.Description = "production (default), demo or simulator";
                }
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "A Kalshi API key: its id, the RSA private key as PEM text, and the environment (production when omitted).",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            })
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

        // Unknown API paths (or methods) answer JSON too, not the app's HTML "not found" page.
        app.MapFallback("/api/{**path}", (HttpContext context) =>
                Error(StatusCodes.Status404NotFound, "not_found", $"No API endpoint answers {context.Request.Method} {context.Request.Path}."))
            .WithMetadata(ApiOnlyJson.Instance)
            .ExcludeFromDescription();

        return app;
    }

    private static async Task<IResult> AuthenticateAsync(AccountService accounts, HttpContext context, CancellationToken cancellationToken)
    {
        // The body is read here rather than bound by the framework, so that a body that is not JSON (or not the
        // expected object) is a JSON 400 like every other error, and the message never echoes what was sent.
        var (request, error) = await ReadRequestAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return error!;
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

    private static async Task<IResult> RefreshAsync(HttpContext context, AccountService accounts, SessionTokenService tokens, TokenRevocationList revocations, CancellationToken cancellationToken)
    {
        // A session of a user who signed out elsewhere is not extended.
        if (SessionClaims.From(context.User) is not { } claims || !await accounts.IsSignedInAsync(claims.UserId, cancellationToken))
        {
            return SignedOut();
        }
        var session = tokens.Issue(claims.UserId, revocations.ValidAfter(claims.UserId));
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

    private static async Task<(AuthenticateRequest? Request, IResult? Error)> ReadRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        const string shape = "Send a JSON object: {\"key_id\": \"...\", \"private_key\": \"-----BEGIN ... PRIVATE KEY-----...\", \"environment\": \"production|demo|simulator\"}.";
        using var body = new MemoryStream();
        try
        {
            var chunk = new byte[4096];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                body.Write(chunk, 0, read);
                if (body.Length > MaxAuthenticateBodyBytes)
                {
                    return (null, Error(StatusCodes.Status413PayloadTooLarge, "body_too_large",
                        $"The body is larger than {MaxAuthenticateBodyBytes / 1024} KB; an API key is a few KB. " + shape));
                }
            }
            if (body.Length == 0)
            {
                return (null, Error(StatusCodes.Status400BadRequest, "missing_body", "The request has no body. " + shape));
            }
            body.Position = 0;
            var parsed = await JsonSerializer.DeserializeAsync(body, ApiJsonContext.Api.AuthenticateRequest, cancellationToken);
            return parsed is null
                ? (null, Error(StatusCodes.Status400BadRequest, "missing_body", "The body is null. " + shape))
                : (parsed, null);
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" (at {ex.Path})";
            return (null, Error(StatusCodes.Status400BadRequest, "invalid_json", $"The body is not the expected JSON{where}. " + shape));
        }
        finally
        {
            // The body holds the private key: leave no copy of it in this buffer.
            if (body.TryGetBuffer(out var buffer))
            {
                CryptographicOperations.ZeroMemory(buffer.AsSpan());
            }
        }
    }

    private static async Task<Core.Streaming.UserPortfolio?> PortfolioOf(HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        SessionClaims.From(context.User) is { } claims ? await accounts.GetPortfolioAsync(claims.UserId, cancellationToken) : null;

    private static IResult SignedOut() =>
        Error(StatusCodes.Status401Unauthorized, "signed_out", "No Kalshi key is stored for this session (signed out, or the key was refused). Sign in again.");

    internal static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new ApiErrorBody(new ApiError(code, message)), ApiJsonContext.Api.ApiErrorBody, statusCode: status);
}
