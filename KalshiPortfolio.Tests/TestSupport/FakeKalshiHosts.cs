using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using KalshiPortfolio.Core.Kalshi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Makes Kalshi's real hosts (production and demo) unreachable for the app's Kalshi client, whatever network the
/// test machine has: a request to <c>*.kalshi.com</c> / <c>*.kalshi.co</c> fails as a DNS failure does, or hangs
/// until cancelled. Every other host (the simulator) is reached normally. Records the hosts asked for.
/// </summary>
public sealed class UnreachableKalshiHosts
{
    public ConcurrentQueue<string> RequestedHosts { get; } = new();

    /// <summary>Hang instead of failing at once (as a black-holed network does).</summary>
    public bool Hang { get; init; }

    public void Register(IServiceCollection services) =>
        services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new Handler(this));

    private sealed class Handler(UnreachableKalshiHosts hosts) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Host;
            if (!host.EndsWith(".kalshi.com", StringComparison.OrdinalIgnoreCase) && !host.EndsWith(".kalshi.co", StringComparison.OrdinalIgnoreCase))
            {
                return await base.SendAsync(request, cancellationToken);
            }
            hosts.RequestedHosts.Enqueue(host);
            if (hosts.Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            throw new HttpRequestException($"Name or service not known ({host}:443)", new SocketException((int)SocketError.HostNotFound));
        }
    }
}

/// <summary>
/// Lets a test choose the client address a request comes from (header <c>X-Test-Client-Address</c>), to tell
/// clients apart as the per-client sign-in limit does. Runs before the app's own middleware.
/// </summary>
public sealed class TestClientAddressStartupFilter : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address, out var ip))
            {
                context.Connection.RemoteIpAddress = ip;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
