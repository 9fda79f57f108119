using System.Threading.RateLimiting;
using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Core.Streaming.Upstream;
using KalshiPortfolio.Web.Account;
using KalshiPortfolio.Web.Api;
using KalshiPortfolio.Web.Api.Contracts;
using KalshiPortfolio.Web.Security;
using KalshiPortfolio.Web.Streaming;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KalshiPortfolio.Web.Hosting;

public static class KalshiPortfolioServiceCollectionExtensions
{
    /// <summary>
    /// The Kalshi client (section <c>Kalshi</c>), the streaming manager (section <c>Streaming</c>), the SSE feed
    /// (section <c>Sse</c>), the account API with its sign-in rate limit, metrics (Prometheus) and health checks.
    /// </summary>
    public static IServiceCollection AddKalshiPortfolio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKalshiClient();
        services.AddOptions<KalshiClientOptions>().Bind(configuration.GetSection("Kalshi"));
        services.AddOptions<StreamingOptions>().Bind(configuration.GetSection(StreamingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SseOptions>().Bind(configuration.GetSection(SseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<PortfolioMetrics>();
        // Rows Kalshi sends that cannot be used are skipped by the client; this counts and logs them.
        services.TryAddSingleton<IKalshiClientObserver, SkippedInputObserver>();
        services.AddSingleton<IKalshiSocketFactory, WebsocketClientKalshiSocketFactory>();
        services.AddSingleton<StreamingManager>();
        services.AddSingleton<IPortfolioStreams>(sp => sp.GetRequiredService<StreamingManager>());
        services.AddSingleton<KalshiEnvironments>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<CredentialManagerEnvironments>();
        services.AddHostedService<PortfolioResumeHostedService>();

        services.ConfigureHttpJsonOptions(o =>
        {
            // The API speaks snake_case, like Kalshi's; payload types come from the source-generated context.
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        services.AddOpenApi();
        services.AddApiErrors();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(AccountEndpoints.AuthenticateRateLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<SessionTokenOptions>>().Value.AuthenticateAttemptsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new ApiErrorBody(new ApiError("too_many_attempts", "Too many sign-in attempts from this address. Wait a minute and try again.")),
                    ApiJsonContext.Api.ApiErrorBody,
                    cancellationToken: cancellationToken);
            };
        });

        services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(PortfolioMetrics.MeterName)
            .AddPrometheusExporter());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ExchangeHealthCheck>("exchange", tags: ["ready"]);
        return services;
    }
}
