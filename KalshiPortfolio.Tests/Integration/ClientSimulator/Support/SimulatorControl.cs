using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;
using CoreSigner = KalshiPortfolio.Core.Kalshi.Auth.KalshiSigner;

namespace KalshiPortfolio.Tests.Integration.ClientSimulator.Support;

/// <summary>The simulator's <c>/_sim</c> control API over loopback HTTP, returning the client's signers for new accounts.</summary>
internal static class SimulatorControl
{
    /// <summary><c>POST /_sim/accounts</c> without a key: the simulator generates the pair and returns the private key once.</summary>
    public static async Task<CoreSigner> CreateGeneratedAccountAsync(this SimulatorTestHost sim, decimal balanceDollars)
    {
        var body = await PostAsync(sim, "/_sim/accounts", new { balance_dollars = Money(balanceDollars) });
        return CoreSigner.FromPem(body.GetProperty("key_id").GetString()!, body.GetProperty("private_key_pem").GetString()!);
    }

    /// <summary>
    /// <c>POST /_sim/accounts</c> with the public half of <paramref name="privateKeyPem"/>, exported by the client's own
    /// signer: the simulator keeps no private key, and the client signs with the one it holds.
    /// </summary>
    public static async Task<CoreSigner> CreateUploadedKeyAccountAsync(this SimulatorTestHost sim, string privateKeyPem, decimal balanceDollars)
    {
        string publicPem;
        using (var keyOnly = CoreSigner.FromPem("upload", privateKeyPem))
        {
            publicPem = keyOnly.ExportPublicKeyPem();
        }
        var body = await PostAsync(sim, "/_sim/accounts", new { public_key_pem = publicPem, balance_dollars = Money(balanceDollars) });
        body.TryGetProperty("private_key_pem", out _).Should().BeFalse("the caller uploaded the public key and keeps the private one");
        return CoreSigner.FromPem(body.GetProperty("key_id").GetString()!, privateKeyPem);
    }

    /// <summary>The demo account, as <c>GET /_sim/demo-account</c> serves it.</summary>
    public static async Task<CoreSigner> DemoAccountAsync(this SimulatorTestHost sim)
    {
        var body = await sim.Http.GetFromJsonAsync<JsonElement>("/_sim/demo-account");
        return CoreSigner.FromPem(body.GetProperty("key_id").GetString()!, body.GetProperty("private_key_pem").GetString()!);
    }

    /// <summary><c>POST /_sim/accounts/{key_id}/fills</c>: a taker fill now.</summary>
    public static Task<JsonElement> TradeAsync(this SimulatorTestHost sim, string keyId, string ticker, string side, string action, decimal count, decimal price) =>
        PostAsync(sim, $"/_sim/accounts/{keyId}/fills", new { ticker, side, action, count, price_dollars = Money(price) });

    /// <summary><c>POST /_sim/markets/{ticker}/quote</c>: pins the quote (a <c>ticker</c> message goes out).</summary>
    public static Task<JsonElement> SetQuoteAsync(this SimulatorTestHost sim, string ticker, decimal? yesBid, decimal? yesAsk, decimal? bidSize = null, decimal? askSize = null) =>
        PostAsync(sim, $"/_sim/markets/{ticker}/quote", new
        {
            yes_bid_dollars = yesBid is { } b ? Money(b) : null,
            yes_ask_dollars = yesAsk is { } a ? Money(a) : null,
            yes_bid_size_fp = bidSize is { } bs ? Money(bs) : null,
            yes_ask_size_fp = askSize is { } @as ? Money(@as) : null,
        });

    /// <summary><c>POST /_sim/markets/{ticker}/settle</c>.</summary>
    public static Task<JsonElement> SettleAsync(this SimulatorTestHost sim, string ticker, string result) =>
        PostAsync(sim, $"/_sim/markets/{ticker}/settle", new { result });

    /// <summary><c>POST /_sim/faults</c>; answers with the active faults.</summary>
    public static Task<JsonElement> PostFaultsAsync(this SimulatorTestHost sim, object faults) => PostAsync(sim, "/_sim/faults", faults);

    /// <summary><c>GET /_sim/faults</c>.</summary>
    public static Task<JsonElement> GetFaultsAsync(this SimulatorTestHost sim) => sim.GetJsonAsync(sim.Http, "/_sim/faults");

    /// <summary><c>DELETE /_sim/faults</c>: clears every fault and ends maintenance.</summary>
    public static async Task<JsonElement> ClearFaultsAsync(this SimulatorTestHost sim)
    {
        using var response = await sim.Http.DeleteAsync("/_sim/faults");
        return await ReadAsync(response, "DELETE /_sim/faults");
    }

    private static async Task<JsonElement> PostAsync(SimulatorTestHost sim, string path, object body)
    {
        using var response = await sim.Http.PostAsJsonAsync(path, body);
        return await ReadAsync(response, "POST " + path);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string call)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("{0} answered {1}: {2}", call, (int)response.StatusCode, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Money(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
