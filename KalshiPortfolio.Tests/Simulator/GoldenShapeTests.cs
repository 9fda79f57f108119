using System.Net;
using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>
/// The simulator's REST responses have the same field names and JSON value kinds as Kalshi's recorded responses
/// (Fixtures/kalshi-captures); error bodies are byte-for-byte the recorded ones.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GoldenShapeTests : IAsyncLifetime
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private SimulatorTestHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorTestHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Single_market_has_the_captured_shape()
    {
        var actual = await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/markets/{Ticker}");

        JsonShape.ShouldMatch(Captures.Load("markets__single.json"), actual, "GET /markets/{ticker}");
        actual.GetProperty("market").GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task Open_market_list_has_the_captured_shape_for_every_market()
    {
        var capture = Captures.Load("markets__status_open.json");
        var actual = await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/markets?status=open&limit=200");

        JsonShape.Differences(capture, actual).Where(d => !d.StartsWith("$.markets[", StringComparison.Ordinal)).Should().BeEmpty();
        var recorded = capture.GetProperty("markets").EnumerateArray().ToDictionary(m => m.GetProperty("ticker").GetString()!);
        var markets = actual.GetProperty("markets").EnumerateArray().ToList();
        markets.Should().HaveCount(200);
        foreach (var market in markets)
        {
            var ticker = market.GetProperty("ticker").GetString()!;
            JsonShape.Differences(recorded[ticker], market).Should().BeEmpty("market {0} must keep the recorded fields", ticker);
        }
    }

    [Fact]
    public async Task Settled_market_adds_the_fields_of_the_finalized_capture()
    {
        (await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/settle", Json(new { result = "yes" }))).EnsureSuccessStatusCode();

        var actual = (await _sim.GetJsonAsync(_sim.Http, $"/trade-api/v2/markets/{Ticker}")).GetProperty("market");
        var settledCapture = Captures.Load("markets__status_settled.json").GetProperty("markets")[0];
        var open = Captures.Load("markets__single.json").GetProperty("market");

        var expected = Merge(open, settledCapture, "settlement_ts", "settlement_value_dollars");
        JsonShape.Differences(expected, actual).Should().BeEmpty();
        actual.GetProperty("status").GetString().Should().Be("finalized");
        actual.GetProperty("result").GetString().Should().Be("yes");
    }

    [Fact]
    public async Task Balance_has_the_captured_shape()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);

        JsonShape.ShouldMatch(Captures.Load("auth__balance_ok.json"), await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/balance"), "balance");
    }

    [Fact]
    public async Task Positions_and_fills_have_the_captured_shape()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);
        await _sim.FillAsync(signer.KeyId, Ticker, "yes", "buy", 1, "0.52");

        JsonShape.ShouldMatch(Captures.Load("portfolio__positions.json"), await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/positions"), "positions");
        JsonShape.ShouldMatch(Captures.Load("fills__after_taker.json"), await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/fills?limit=10"), "fills");
    }

    [Fact]
    public async Task Settlements_have_the_captured_envelope_and_the_documented_rows()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);
        JsonShape.ShouldMatch(Captures.Load("settlements__page.json"), await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/settlements?limit=10"), "empty settlements");

        await _sim.FillAsync(signer.KeyId, Ticker, "no", "buy", 2, "0.53");
        (await _sim.Http.PostAsync($"/_sim/markets/{Ticker}/settle", Json(new { result = "no" }))).EnsureSuccessStatusCode();

        // The capture's list is empty; the row is checked against the documented fields (reference §3.4).
        using var documented = JsonDocument.Parse("""
            {"cursor":"","settlements":[{"ticker":"T","event_ticker":"E","exchange_index":0,"market_result":"no",
             "yes_count_fp":"0.00","no_count_fp":"2.00","yes_total_cost_dollars":"0.000000","no_total_cost_dollars":"1.060000",
             "revenue":200,"settled_time":"2026-06-11T06:29:30.165032Z","fee_cost":"0.3400","value":0}]}
            """);
        JsonShape.ShouldMatch(documented.RootElement, await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/settlements"), "settlements");
    }

    [Fact]
    public async Task Exchange_status_has_the_captured_shape()
    {
        JsonShape.ShouldMatch(Captures.Load("exchange__status.json"), await _sim.GetJsonAsync(_sim.Http, "/trade-api/v2/exchange/status"), "exchange status");
    }

    [Fact]
    public async Task Limit_over_max_is_the_captured_bare_msg_body()
    {
        var response = await _sim.Http.GetAsync("/trade-api/v2/markets?limit=1001");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Be(Captures.Text("markets__limit_over_max.json"));
    }

    [Theory]
    [InlineData("bad-signature", "auth__bad_signature.json")]
    [InlineData("unknown-key", "auth__unknown_key_id.json")]
    [InlineData("missing-signature", "auth__missing_signature_header.json")]
    [InlineData("skew-30s", "auth__skew_minus30s.json")]
    [InlineData("skew+5min", "auth__skew_plus5min.json")]
    [InlineData("skew-5min", "auth__skew_minus5min.json")]
    public async Task Auth_failures_return_the_captured_401_bodies(string failure, string capture)
    {
        var signer = await _sim.CreateAccountAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/trade-api/v2/portfolio/balance") { RequestUri = new Uri(_sim.Host.BaseUri, "/trade-api/v2/portfolio/balance") };
        switch (failure)
        {
            case "bad-signature": signer.SignedPath = _ => "/trade-api/v2/portfolio/positions"; break;
            case "unknown-key": signer = new KalshiSigner("00000000-0000-0000-0000-000000000000", TestKeys.Shared, _sim.Now); break;
            case "skew-30s": signer.Skew = TimeSpan.FromSeconds(-30); break;
            case "skew+5min": signer.Skew = TimeSpan.FromMinutes(5); break;
            case "skew-5min": signer.Skew = TimeSpan.FromMinutes(-5); break;
        }
        signer.Apply(request);
        if (failure == "missing-signature") request.Headers.Remove("KALSHI-ACCESS-SIGNATURE");

        var response = await _sim.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Be(Captures.Text(capture));
    }

    [Fact]
    public async Task Rate_limited_requests_get_the_documented_429_body()
    {
        await using var sim = await SimulatorTestHost.StartAsync(o =>
        {
            o.RateLimitBucketCapacity = 10;
            o.RateLimitTokensPerSecond = 1;
        });
        (await sim.Http.GetAsync("/trade-api/v2/exchange/status")).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await sim.Http.GetAsync("/trade-api/v2/exchange/status");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"error":"too many requests"}""");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary><paramref name="baseObject"/> plus the named fields of <paramref name="extra"/>.</summary>
    private static JsonElement Merge(JsonElement baseObject, JsonElement extra, params string[] fields)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(baseObject.GetRawText())!.AsObject();
        foreach (var field in fields) node[field] = System.Text.Json.Nodes.JsonNode.Parse(extra.GetProperty(field).GetRawText());
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
