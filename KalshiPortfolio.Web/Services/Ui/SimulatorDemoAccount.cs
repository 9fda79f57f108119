using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace KalshiPortfolio.Web.Services.Ui;

/// <summary>Reads the demo account from the simulator's <c>GET /_sim/demo-account</c>.</summary>
public sealed class SimulatorDemoAccount(HttpClient http, IOptions<SimulatorLinkOptions> options) : ISimulatorDemoAccount
{
    private readonly SimulatorLinkOptions _options = options.Value;

    public bool IsEnabled => _options.Enabled;

    public async Task<SimulatorDemoKey> GetAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            throw new SimulatorUnavailableException("The built-in simulator is disabled.");
        }
        var url = new Uri(new Uri(_options.Url.TrimEnd('/') + "/"), "_sim/demo-account");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var body = await http.GetFromJsonAsync<DemoAccountBody>(url, timeout.Token)
                ?? throw new SimulatorUnavailableException("The simulator answered with an empty demo account.");
            if (string.IsNullOrWhiteSpace(body.KeyId) || string.IsNullOrWhiteSpace(body.PrivateKeyPem))
            {
                throw new SimulatorUnavailableException("The simulator's demo account is incomplete.");
            }
            return new SimulatorDemoKey(body.KeyId, body.PrivateKeyPem);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new SimulatorUnavailableException($"The built-in simulator is not reachable at {_options.Url}.", ex);
        }
    }

    private sealed record DemoAccountBody(
        [property: JsonPropertyName("key_id")] string? KeyId,
        [property: JsonPropertyName("private_key_pem")] string? PrivateKeyPem);
}
