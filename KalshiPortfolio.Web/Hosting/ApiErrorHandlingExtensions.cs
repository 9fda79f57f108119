using KalshiPortfolio.Web.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace KalshiPortfolio.Web.Hosting;

public static class ApiErrorHandlingExtensions
{
    /// <summary>Registers <see cref="ApiExceptionHandler"/>: the API's unhandled exceptions answer JSON.</summary>
    public static IServiceCollection AddApiErrors(this IServiceCollection services) =>
        services.AddExceptionHandler<ApiExceptionHandler>();

    /// <summary>
    /// Catches what the API's endpoints throw, in every environment (Development's exception page included, which
    /// would put the stack trace in the body): <see cref="ApiExceptionHandler"/> answers with the JSON error shape.
    /// Pages are untouched.
    /// </summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(ApiExceptionHandler.IsApiRequest, api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Reached only if no handler took the exception: still JSON, still no detail.
            ExceptionHandler = context => ApiExceptionHandler.WriteAsync(context, ApiExceptionHandler.InternalError, context.RequestAborted),
        }));
}
