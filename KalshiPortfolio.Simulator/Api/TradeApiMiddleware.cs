using KalshiPortfolio.Simulator.Auth;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Faults;
using KalshiPortfolio.Simulator.RateLimiting;

namespace KalshiPortfolio.Simulator.Api;

/// <summary>
/// What every REST request under <c>/trade-api/v2</c> goes through, in order: injected latency and failures (faults),
/// authentication (required for <c>/portfolio</c>; verified elsewhere when the headers are sent), the token bucket,
/// and maintenance (portfolio calls answer 503 while <c>exchange_active</c> is false).
/// </summary>
internal sealed class TradeApiMiddleware(
    RequestDelegate next,
    FaultState faults,
    RequestAuthenticator authenticator,
    RateLimiter rateLimiter,
    SimulatedExchange exchange,
    TimeProvider time)
{
    public const string RestPrefix = "/trade-api/v2";
    private const string AccountItem = "kalshi-sim.account";

    public static Account? AccountOf(HttpContext context) => context.Items[AccountItem] as Account;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(RestPrefix, StringComparison.Ordinal, out var rest))
        {
            await next(context);
            return;
        }

        if (faults.Latency is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, context.RequestAborted);
        }
        if (faults.TryConsumeRestFailure(out var status))
        {
            await ErrorBodies.WriteForcedFailure(context.Response, status);
            return;
        }

        var isPortfolio = rest.StartsWithSegments("/portfolio", StringComparison.Ordinal);
        Account? account = null;
        if (isPortfolio || RequestAuthenticator.HasAnyHeader(context.Request))
        {
            var failure = authenticator.Authenticate(context.Request, out account);
            if (failure != AuthFailure.None)
            {
                await AuthFailureBodies.Write(context.Response, failure);
                return;
            }
            context.Items[AccountItem] = account;
        }

        var client = account?.KeyId ?? "addr:" + context.Connection.RemoteIpAddress;
        if (!rateLimiter.TryAcquire(client))
        {
            await ErrorBodies.WriteTooManyRequests(context.Response);
            return;
        }

        if (isPortfolio && !exchange.ExchangeActive)
        {
            await ErrorBodies.WriteNested(context.Response, 503, "exchange_unavailable", "the exchange is under maintenance");
            return;
        }

        await next(context);
    }
}
