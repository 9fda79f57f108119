using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KalshiPortfolio.Bench.Soak;

/// <summary>The exchange as the soak sees it at one moment (<c>GET /_sim/accounts/{key_id}</c>).</summary>
public sealed record ExchangeAccount(AccountFigures Figures, int FillCount, int SettlementCount, bool TradingActive);

/// <summary>The simulator's control API (<c>/_sim</c>, never under faults), over HTTP: the soak's simulator runs in its own process.</summary>
public sealed class SimulatorControl(Uri baseUri) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };

    public async Task<(string KeyId, string PrivateKeyPem)> DemoAccountAsync(CancellationToken cancellationToken)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>("/_sim/demo-account", cancellationToken);
        return (body.GetProperty("key_id").GetString()!, body.GetProperty("private_key_pem").GetString()!);
    }

    /// <summary><c>POST /_sim/faults</c>; answers what is active.</summary>
    public async Task<JsonElement> SetFaultsAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/_sim/faults", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /_sim/faults {body.ToJsonString()} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> FaultsAsync(CancellationToken cancellationToken) =>
        _http.GetFromJsonAsync<JsonElement>("/_sim/faults", cancellationToken);

    /// <summary>Every fault cleared, maintenance over.</summary>
    public async Task ClearFaultsAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync("/_sim/faults", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<ExchangeAccount> AccountAsync(string keyId, CancellationToken cancellationToken)
    {
        var body = await _http.GetFromJsonAsync<JsonElement>($"/_sim/accounts/{Uri.EscapeDataString(keyId)}", cancellationToken);
        return new ExchangeAccount(
            AccountFigures.FromExchange(body),
            body.GetProperty("fill_count").GetInt32(),
            body.GetProperty("settlement_count").GetInt32(),
            body.GetProperty("trading_active").GetBoolean());
    }

    /// <summary>Settles a market; false when the simulator refused (already settled, unknown).</summary>
    public async Task<bool> SettleAsync(string ticker, bool yes, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync($"/_sim/markets/{Uri.EscapeDataString(ticker)}/settle", new { result = yes ? "yes" : "no" }, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    public void Dispose() => _http.Dispose();
}
