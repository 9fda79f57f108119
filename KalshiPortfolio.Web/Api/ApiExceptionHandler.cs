using KalshiPortfolio.Web.Api.Contracts;
using KalshiPortfolio.Web.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace KalshiPortfolio.Web.Api;

/// <summary>
/// An exception escaping an API endpoint (<c>/api/…</c>) answers with the API's JSON error shape, in every environment,
/// never with a stack trace: 503 <c>storage_unavailable</c> when the app's storage could not be used (database
/// damaged, locked, read-only, disk full), 500 <c>internal_error</c> for anything else. The exception is logged.
/// Other paths are left to the pages' handling (the <c>/Error</c> page, or the developer page in Development).
/// </summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string PathPrefix = "/api";

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApiRequest(httpContext))
        {
            return false;
        }
        // The path only: on the SSE path the query string carries the session token.
        var (method, path) = (httpContext.Request.Method, httpContext.Request.Path.Value);
        ApiError error;
        if (StorageFaults.IsStorageFault(exception))
        {
            logger.LogWarning("{Method} {Path} could not use the app's storage: {Error}", method, path, StorageFaults.Describe(exception));
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "30";
            error = StorageUnavailable;
        }
        else
        {
            logger.LogError(exception, "{Method} {Path} failed", method, path);
            httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
            error = InternalError;
        }
        await WriteAsync(httpContext, error, cancellationToken);
        return true;
    }

    public static readonly ApiError StorageUnavailable = new("storage_unavailable",
        "The app's database cannot be written right now (full disk, damaged or locked file); nothing was changed. " +
        "Positions and the portfolio are still served. Try again shortly; if it persists, see the app's log.");

    public static readonly ApiError InternalError = new("internal_error",
        "The server failed to answer this request; the error is logged. Try again.");

    internal static Task WriteAsync(HttpContext context, ApiError error, CancellationToken cancellationToken) =>
        context.Response.WriteAsJsonAsync(new ApiErrorBody(error), ApiJsonContext.Api.ApiErrorBody, cancellationToken: cancellationToken);
}
