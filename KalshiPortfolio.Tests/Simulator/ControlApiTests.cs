using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>The <c>/_sim</c> control API's answers and refusals.</summary>
[Trait("Category", "Integration")]
public sealed class ControlApiTests : IAsyncLifetime
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private SimulatorTestHost _sim = null!;
    private KalshiSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorTestHost.StartAsync();
        _signer = await _sim.CreateAccountAsync(balanceDollars: 10m);
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task A_fill_answers_the_fill_row_the_position_row_and_the_cash()
    {
        var body = await _sim.FillAsync(_signer.KeyId, Ticker, "no", "buy", 2, "0.53");

        body.GetProperty("fill").GetProperty("outcome_side").GetString().Should().Be("no");
        body.GetProperty("fill").GetProperty("no_price_dollars").GetString().Should().Be("0.5300");
        body.GetProperty("fill").GetProperty("yes_price_dollars").GetString().Should().Be("0.4700");
        body.GetProperty("market_position").GetProperty("position_fp").GetString().Should().Be("-2.00");
        body.GetProperty("market_position").GetProperty("market_exposure_dollars").GetString().Should().Be("1.060000");
        body.GetProperty("balance_dollars").GetString().Should().Be("8.9051"); // 10 − 1.06 − 0.0349
    }

    [Theory]
    [InlineData("unknown-account", Ticker, "yes", "buy", 1, "0.52", HttpStatusCode.NotFound)]
    [InlineData(null, "NO-SUCH-MARKET", "yes", "buy", 1, "0.52", HttpStatusCode.NotFound)]
    [InlineData(null, Ticker, "maybe", "buy", 1, "0.52", HttpStatusCode.BadRequest)]
    [InlineData(null, Ticker, "yes", "hold", 1, "0.52", HttpStatusCode.BadRequest)]
    [InlineData(null, Ticker, "yes", "buy", 1, "0.525", HttpStatusCode.BadRequest)]
    [InlineData(null, Ticker, "yes", "buy", 100, "0.52", HttpStatusCode.BadRequest)] // $52 > $10
    public async Task Bad_fills_are_refused_in_the_nested_error_shape(string? keyId, string ticker, string side, string action, int count, string price, HttpStatusCode status)
    {
        var response = await _sim.Http.PostAsJsonAsync($"/_sim/accounts/{keyId ?? _signer.KeyId}/fills", new { ticker, side, action, count, price_dollars = price });

        response.StatusCode.Should().Be(status);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetProperty("code").GetString().Should().NotBeNullOrEmpty();
        _sim.Host.Exchange.GetCashDollars(_signer.KeyId).Should().Be(10m);
    }

    [Fact]
    public async Task A_quote_with_an_empty_side_shows_size_zero_and_a_crossed_quote_is_refused()
    {
        var pinned = await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/quote", new { yes_bid_dollars = (string?)null, yes_ask_dollars = "0.70" });
        pinned.StatusCode.Should().Be(HttpStatusCode.OK);
        var market = (await pinned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("market");
        market.GetProperty("yes_bid_size_fp").GetString().Should().Be("0.00");
        market.GetProperty("yes_bid_dollars").GetString().Should().Be("0.0000");
        market.GetProperty("yes_ask_dollars").GetString().Should().Be("0.7000");
        market.GetProperty("no_ask_dollars").GetString().Should().Be("1.0000");

        var crossed = await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/quote", new { yes_bid_dollars = "0.60", yes_ask_dollars = "0.55" });
        crossed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var offGrid = await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/quote", new { yes_bid_dollars = "0.605", yes_ask_dollars = "0.70" });
        offGrid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Settling_twice_or_with_a_bad_result_is_refused()
    {
        (await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/settle", new { result = "maybe" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var first = await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/settle", new { result = "no" });
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString().Should().Be("no");
        (await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/settle", new { result = "yes" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/quote", new { yes_bid_dollars = "0.10", yes_ask_dollars = "0.20" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_account_view_shows_cash_and_positions_at_rest_precision_even_while_rest_fails()
    {
        await _sim.FillAsync(_signer.KeyId, Ticker, "yes", "buy", 3, "0.52");
        await _sim.FillAsync(_signer.KeyId, Ticker, "yes", "sell", 1, "0.60");
        _sim.Host.Faults.FailRestRequests(503, 5);
        _sim.Host.Exchange.SetStatus(exchangeActive: false, tradingActive: false);

        var view = await _sim.GetJsonAsync(_sim.Http, $"/_sim/accounts/{_signer.KeyId}");

        view.GetProperty("key_id").GetString().Should().Be(_signer.KeyId);
        // 10 − 1.56 − 0.0525 (fee of 3 @ 0.52) + 0.60 − 0.0168 (fee of 1 @ 0.60)
        view.GetProperty("balance_dollars").GetString().Should().Be("8.9707");
        var row = view.GetProperty("market_positions").EnumerateArray().Should().ContainSingle().Subject;
        row.GetProperty("ticker").GetString().Should().Be(Ticker);
        row.GetProperty("position_fp").GetString().Should().Be("2.00");
        row.GetProperty("market_exposure_dollars").GetString().Should().Be("1.040000");
        row.GetProperty("realized_pnl_dollars").GetString().Should().Be("0.080000");
        row.GetProperty("fees_paid_dollars").GetString().Should().Be("0.069300");
        view.GetProperty("fill_count").GetInt32().Should().Be(2);
        view.GetProperty("settlement_count").GetInt32().Should().Be(0);
        view.GetProperty("exchange_active").GetBoolean().Should().BeFalse();
        _sim.Host.Faults.Snapshot().RestFailures!.Remaining.Should().Be(5, "the control API is not Kalshi's REST API");
    }

    [Fact]
    public async Task The_account_view_of_an_unknown_account_is_a_404_and_settled_positions_leave_it()
    {
        (await _sim.Http.GetAsync("/_sim/accounts/no-such-key")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await _sim.FillAsync(_signer.KeyId, Ticker, "no", "buy", 2, "0.53");
        (await _sim.Http.PostAsJsonAsync($"/_sim/markets/{Ticker}/settle", new { result = "no" })).EnsureSuccessStatusCode();

        var view = await _sim.GetJsonAsync(_sim.Http, $"/_sim/accounts/{_signer.KeyId}");

        view.GetProperty("market_positions").GetArrayLength().Should().Be(0);
        view.GetProperty("settlement_count").GetInt32().Should().Be(1);
        view.GetProperty("balance_dollars").GetString().Should().Be("10.9051"); // 8.9051 + 2 × $1
    }

    [Fact]
    public async Task An_account_with_a_malformed_public_key_is_refused()
    {
        var response = await _sim.Http.PostAsJsonAsync("/_sim/accounts", new { public_key_pem = "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_account_made_without_a_body_gets_a_thousand_dollars_and_a_generated_key()
    {
        var response = await _sim.Http.PostAsync("/_sim/accounts", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("private_key_pem").GetString().Should().StartWith("-----BEGIN RSA PRIVATE KEY-----");
        _sim.Host.Exchange.GetCashDollars(body.GetProperty("key_id").GetString()!).Should().Be(1000m);
    }

    [Fact]
    public async Task Websocket_commands_with_wrongly_typed_parameters_get_error_11_and_the_socket_stays_usable()
    {
        var socket = await _sim.ConnectAsync(_signer);

        await socket.SendTextAsync("""{"id":1,"cmd":"unsubscribe","params":{"sids":[99999999999]}}""");
        (await socket.NextAsync()).GetProperty("msg").GetProperty("code").GetInt32().Should().Be(11);
        await socket.SendTextAsync("""{"id":2,"cmd":"subscribe","params":{"channels":[7]}}""");
        (await socket.NextAsync()).GetProperty("msg").GetProperty("code").GetInt32().Should().Be(11);

        await socket.SendAsync(new { id = 3, cmd = "list_subscriptions" });
        (await socket.NextAsync()).GetProperty("id").GetInt32().Should().Be(3);
    }
}
