using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// A simulator for the account API tests, driven through its control API over loopback (as a user of the
/// simulator would), plus signed reads of Kalshi's own view of an account (the expected values of the tests).
/// Prices are frozen and the demo account does not trade by itself, so every change is one the test made.
/// The demo key is kept in a directory shared by the test run, so starting a simulator generates no RSA key.
/// </summary>
public sealed class AccountSimulator : IAsyncDisposable
{
    private static readonly Lazy<string> DemoKeyDirectory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "kp-account-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        File.WriteAllText(Path.Combine(directory, "demo-account.key"), rsa.ExportRSAPrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "demo-account.id"), Guid.NewGuid().ToString());
        return directory;
    });

    private AccountSimulator(SimulatorHost host, TimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Control = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SimulatorHost Host { get; }

    /// <summary>The simulator's clock (what the tests' own signed reads sign with).</summary>
    public TimeProvider Clock { get; }

    public Uri BaseUri => Host.BaseUri;

    /// <summary>The unsigned client of the control API (<c>/_sim</c>).</summary>
    public HttpClient Control { get; }

    public SimAccount Demo => new(Host.DemoAccount.KeyId, Host.DemoAccount.PrivateKeyPem!);

    public static async Task<AccountSimulator> StartAsync(Action<SimulatorOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new SimulatorOptions
        {
            Url = "http://127.0.0.1:0",
            TicksPerSecond = 0,
            DemoAccountTradesPerMinute = 0,
            DataDirectory = DemoKeyDirectory.Value,
        };
        configure?.Invoke(options);
        return new AccountSimulator(await SimulatorHost.StartAsync(options, time), time ?? TimeProvider.System);
    }

    /// <summary>
    /// <c>POST /_sim/accounts</c>: a new account (its own key id, so its own user). By default its RSA key is one of a
    /// few made once per test run, taken in turn, so two accounts made one after the other never share a key (an RSA
    /// key takes up to a second to make); with <paramref name="newKey"/> the simulator generates one (PKCS#1 PEM, as
    /// Kalshi's downloads) that no other account has.
    /// </summary>
    public async Task<SimAccount> CreateAccountAsync(decimal balanceDollars = 1000m, bool newKey = false)
    {
        if (newKey)
        {
            var generated = await ReadJsonAsync(await Control.PostAsJsonAsync("/_sim/accounts", new { balance_dollars = Invariant(balanceDollars) }));
            return new SimAccount(generated.GetProperty("key_id").GetString()!, generated.GetProperty("private_key_pem").GetString()!);
        }
        var key = KeyPool.Value[(int)((uint)Interlocked.Increment(ref _nextKey) % KeyPool.Value.Length)];
        var body = await ReadJsonAsync(await Control.PostAsJsonAsync("/_sim/accounts",
            new { public_key_pem = key.PublicPem, balance_dollars = Invariant(balanceDollars) }));
        return new SimAccount(body.GetProperty("key_id").GetString()!, key.PrivatePem);
    }

    private static readonly Lazy<(string PrivatePem, string PublicPem)[]> KeyPool = new(() =>
        Enumerable.Range(0, 3).AsParallel().Select(_ =>
        {
            using var rsa = RSA.Create(2048);
            return (rsa.ExportRSAPrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
        }).ToArray());

    private static int _nextKey;

    /// <summary><c>POST /_sim/accounts/{key_id}/fills</c>: a taker fill now.</summary>
    public async Task TradeAsync(SimAccount account, string ticker, string side, string action, decimal count, decimal priceDollars)
    {
        var response = await Control.PostAsJsonAsync($"/_sim/accounts/{account.KeyId}/fills",
            new { ticker, side, action, count, price_dollars = Invariant(priceDollars) });
        await ReadJsonAsync(response);
    }

    /// <summary><c>POST /_sim/markets/{ticker}/quote</c>: pins the quote (the random walk leaves it alone).</summary>
    public async Task SetQuoteAsync(string ticker, decimal? yesBid, decimal? yesAsk)
    {
        var response = await Control.PostAsJsonAsync($"/_sim/markets/{ticker}/quote",
            new { yes_bid_dollars = yesBid is { } b ? Invariant(b) : null, yes_ask_dollars = yesAsk is { } a ? Invariant(a) : null });
        await ReadJsonAsync(response, allowEmpty: true);
    }

    /// <summary><c>POST /_sim/faults</c> with the given body (snake_case keys, as documented).</summary>
    public async Task SetFaultsAsync(object faults)
    {
        var response = await Control.PostAsJsonAsync("/_sim/faults", faults);
        await ReadJsonAsync(response);
    }

    /// <summary><c>DELETE /_sim/faults</c>: clears every fault and ends maintenance.</summary>
    public async Task ClearFaultsAsync()
    {
        var response = await Control.DeleteAsync("/_sim/faults");
        await ReadJsonAsync(response);
    }

    /// <summary>Open markets whose quote is two-sided, in catalogue order (tests trade and pin these).</summary>
    public IReadOnlyList<string> Tickers(int count) =>
        Host.Exchange.MarketTickers.Where(t => Host.Exchange.GetMarket(t) is { Quote.HasBid: true, Quote.HasAsk: true }).Take(count).ToList();

    /// <summary>Kalshi's own view of the account: <c>GET /portfolio/positions?count_filter=position</c>, signed.</summary>
    public async Task<IReadOnlyList<SimPosition>> GetPositionsAsync(SimAccount account)
    {
        using var client = SignedClient(account);
        var body = await ReadJsonAsync(await client.GetAsync("/trade-api/v2/portfolio/positions?count_filter=position&limit=1000"));
        return body.GetProperty("market_positions").EnumerateArray()
            .Select(p => new SimPosition(
                p.GetProperty("ticker").GetString()!,
                Dec(p, "position_fp"),
                Dec(p, "market_exposure_dollars"),
                Dec(p, "realized_pnl_dollars"),
                Dec(p, "fees_paid_dollars")))
            .OrderBy(p => p.Ticker, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Kalshi's own view of the cash: <c>GET /portfolio/balance</c> → <c>balance_dollars</c>, signed.</summary>
    public async Task<decimal> GetCashAsync(SimAccount account)
    {
        using var client = SignedClient(account);
        var body = await ReadJsonAsync(await client.GetAsync("/trade-api/v2/portfolio/balance"));
        return Dec(body, "balance_dollars");
    }

    /// <summary>A market's quote as Kalshi serves it: <c>GET /markets/{ticker}</c> → YES bid and ask (null when a side is empty).</summary>
    public async Task<(decimal? YesBid, decimal? YesAsk)> GetQuoteAsync(string ticker)
    {
        var body = await ReadJsonAsync(await Control.GetAsync($"/trade-api/v2/markets/{ticker}"));
        var market = body.GetProperty("market");
        decimal? Side(string price, string size) => Dec(market, size) > 0 ? Dec(market, price) : null;
        return (Side("yes_bid_dollars", "yes_bid_size_fp"), Side("yes_ask_dollars", "yes_ask_size_fp"));
    }

    private HttpClient SignedClient(SimAccount account)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(account.PrivateKeyPem);
        var signer = new Simulator.Support.KalshiSigner(account.KeyId, rsa, () => Clock.GetUtcNow());
        return new HttpClient(new SigningHandler(signer)) { BaseAddress = Host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, bool allowEmpty = false)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("the simulator answered {0} {1}: {2}",
            (int)response.StatusCode, response.RequestMessage?.RequestUri?.AbsolutePath, text);
        if (allowEmpty && string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static decimal Dec(JsonElement element, string name) => element.GetProperty(name) switch
    {
        { ValueKind: JsonValueKind.String } s => decimal.Parse(s.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture),
        var n => n.GetDecimal(),
    };

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>A simulator account's API key: what a user pastes into the sign-in form.</summary>
public sealed record SimAccount(string KeyId, string PrivateKeyPem)
{
    /// <summary>
    /// Distinctive pieces of the PEM's base64 body, to search for in files, logs and responses: every run of at
    /// least 16 letters and digits within one body line (96 bits each), so they survive line breaks and JSON
    /// escaping of '+' and '/'.
    /// </summary>
    public IReadOnlyList<string> PemFragments =>
        PrivateKeyPem.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))
            .SelectMany(l => l.Split(['+', '/', '=']))
            .Where(run => run.Length >= 16)
            .ToList();

    public override string ToString() => $"SimAccount {{ KeyId = {KeyId} }}";
}

/// <summary>One open position as Kalshi reports it.</summary>
public sealed record SimPosition(string Ticker, decimal Position, decimal Cost, decimal RealizedPnl, decimal FeesPaid);
