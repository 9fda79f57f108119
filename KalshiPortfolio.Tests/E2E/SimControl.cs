using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace KalshiPortfolio.Tests.E2E;

/// <summary>The simulator's control API (<c>/_sim</c>, docs/simulator.md) over HTTP, as a test drives it.</summary>
public sealed class SimControl(Uri simulatorBaseUri) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulatorBaseUri, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary><c>POST /_sim/accounts</c>: a new account with a generated key.</summary>
    public async Task<SimAccount> CreateAccountAsync(decimal balanceDollars = 1000m)
    {
        using var json = await SendAsync(HttpMethod.Post, "_sim/accounts", new { balance_dollars = Dollars(balanceDollars) });
        return new SimAccount(json.RootElement.GetProperty("key_id").GetString()!, json.RootElement.GetProperty("private_key_pem").GetString()!);
    }

    /// <summary><c>POST /_sim/accounts/{key}/fills</c>: a taker fill; returns the account's position in the market after it.</summary>
    public async Task<SimPosition> FillAsync(string keyId, string ticker, string side, string action, int count, decimal priceDollars)
    {
        using var json = await SendAsync(HttpMethod.Post, $"_sim/accounts/{Uri.EscapeDataString(keyId)}/fills",
            new { ticker, side, action, count, price_dollars = Dollars(priceDollars) });
        var row = json.RootElement.GetProperty("market_position");
        return new SimPosition(
            ticker,
            decimal.Parse(row.GetProperty("position_fp").GetString()!, CultureInfo.InvariantCulture),
            decimal.Parse(row.GetProperty("market_exposure_dollars").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary><c>POST /_sim/markets/{ticker}/quote</c>: sets and pins the YES bid and ask.</summary>
    public async Task SetQuoteAsync(string ticker, decimal yesBid, decimal yesAsk)
    {
        using var _ = await SendAsync(HttpMethod.Post, $"_sim/markets/{Uri.EscapeDataString(ticker)}/quote",
            new { yes_bid_dollars = Dollars(yesBid), yes_ask_dollars = Dollars(yesAsk) });
    }

    /// <summary><c>POST /_sim/faults</c> with any of the documented keys.</summary>
    public async Task SetFaultsAsync(object faults)
    {
        using var _ = await SendAsync(HttpMethod.Post, "_sim/faults", faults);
    }

    /// <summary><c>DELETE /_sim/faults</c>: clears every fault.</summary>
    public async Task ClearFaultsAsync()
    {
        using var _ = await SendAsync(HttpMethod.Delete, "_sim/faults", null);
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
    }

    private static string Dollars(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}

/// <summary>A simulator account: its key id and the private key the simulator generated.</summary>
public sealed record SimAccount(string KeyId, string PrivateKeyPem)
{
    public override string ToString() => $"SimAccount {{ KeyId = {KeyId} }}";
}

/// <summary>A position as the simulator reports it: signed contracts (+ YES, − NO) and the cost basis.</summary>
public sealed record SimPosition(string Ticker, decimal Position, decimal Cost);
