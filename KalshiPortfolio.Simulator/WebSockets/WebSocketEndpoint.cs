using System.Security.Cryptography;
using System.Text;
using KalshiPortfolio.Simulator.Api;
using KalshiPortfolio.Simulator.Auth;
using KalshiPortfolio.Simulator.Exchange;
using KalshiPortfolio.Simulator.Faults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace KalshiPortfolio.Simulator.WebSockets;

/// <summary>
/// <c>GET /trade-api/ws/v2</c>: refused with 503 while the <c>refuse_websockets_seconds</c> fault runs; the signed
/// headers are checked before the upgrade (signed path <c>/trade-api/ws/v2</c>, failures are the REST 401 bodies);
/// then the RFC 6455 handshake, the session and a Ping every <see cref="SimulatorOptions.PingInterval"/>.
/// </summary>
internal static class WebSocketEndpoint
{
    public const string Path = "/trade-api/ws/v2";
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static void Map(IEndpointRouteBuilder routes, SimulatorServices services) =>
        routes.MapGet(Path, context => HandleAsync(context, services));

    private static async Task HandleAsync(HttpContext context, SimulatorServices services)
    {
        if (services.Faults.RefusingWebSockets)
        {
            await ErrorBodies.WriteNested(context.Response, 503, "service_unavailable", "websocket connections are temporarily refused");
            return;
        }

        var request = context.Request;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = request.Headers["Sec-WebSocket-Key"].ToString();
        if (upgrade is not { IsUpgradableRequest: true }
            || !request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            || request.Headers["Sec-WebSocket-Version"].ToString() != "13"
            || key.Length == 0)
        {
            await ErrorBodies.WriteNested(context.Response, 400, "bad_request", "expected a websocket upgrade");
            return;
        }

        Account? account = null;
        if (services.Options.RequireWebSocketAuth || RequestAuthenticator.HasAnyHeader(request))
        {
            var failure = services.Authenticator.Authenticate(request, out account);
            if (failure != AuthFailure.None)
            {
                await AuthFailureBodies.Write(context.Response, failure);
                return;
            }
        }

        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate) rate.MinDataRate = null;
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
        var stream = await upgrade.UpgradeAsync();

        var connection = new WebSocketConnection(stream, services.Faults, context.Abort, services.Options.WebSocketSendQueueLimit);
        var session = new WsSession(services.Hub.NextId(), account, connection, services.Exchange);
        var writer = connection.RunWriterAsync();
        var interval = services.Options.PingInterval;
        await using var pings = services.Time.CreateTimer(
            _ => { if (!services.Faults.IsSilenced) connection.SendPing(); }, null, interval, interval);
        services.Hub.Add(session); // after the ping timer: a connection that counts is already on the heartbeat clock
        try
        {
            while (await connection.ReceiveTextAsync() is { } text)
            {
                session.Handle(text);
            }
        }
        finally
        {
            services.Hub.Remove(session);
            connection.Close(1000, "");
            await writer;
        }
    }
}
