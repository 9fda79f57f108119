using System.Text.Json;
using KalshiPortfolio.Tests.Simulator.Support;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>
/// <c>GET /portfolio/settlements</c> as Kalshi reports a settled market (reference addendum §1): lifetime per-side
/// totals (selling YES at p counts as buying NO at 1 − p), <c>revenue</c> in integer cents for the net position only,
/// <c>fee_cost</c> the market's trading fees, and a row also for a market the account left before it settled.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SettlementRowTests : IAsyncLifetime
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private const string Other = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-JIM";
    private SimulatorTestHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorTestHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task The_worked_partial_exit_gives_the_references_composed_row()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);
        await _sim.FillAsync(signer.KeyId, Ticker, "yes", "buy", 10, "0.50");
        await _sim.FillAsync(signer.KeyId, Ticker, "yes", "sell", 4, "0.60");

        await SettleAsync(Ticker, "yes");

        var row = (await Rows(client)).Single();
        // The reference's composed row, field for field (its ticker and time are the example's own).
        using var composed = JsonDocument.Parse("""
            {"ticker":"KXEX-26JAN02-T50","event_ticker":"KXEX-26JAN02","exchange_index":0,"market_result":"yes",
             "yes_count_fp":"10.00","yes_total_cost_dollars":"5.0000","no_count_fp":"4.00","no_total_cost_dollars":"1.6000",
             "revenue":600,"value":100,"fee_cost":"0.2422","settled_time":"2026-01-02T15:00:00Z"}
            """);
        JsonShape.ShouldMatch(composed.RootElement, row, "settlement row");
        (row.Str("ticker"), row.Str("market_result")).Should().Be((Ticker, "yes"));
        DateTimeOffset.Parse(row.Str("settled_time"), System.Globalization.CultureInfo.InvariantCulture).Should().Be(_sim.Now());
        row.GetProperty("exchange_index").GetInt32().Should().Be(0);
        foreach (var money in new[] { "yes_count_fp", "yes_total_cost_dollars", "no_count_fp", "no_total_cost_dollars", "fee_cost" })
        {
            row.Dec(money).Should().Be(composed.RootElement.Dec(money), money);
        }
        row.Str("fee_cost").Should().Be("0.2422", "the market's fees, buy and sell: 0.1750 + 0.0672");
        row.GetProperty("revenue").GetInt64().Should().Be(600, "the 6 YES still held pay 100 cents each");
        row.GetProperty("value").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task Selling_no_counts_on_the_yes_side_at_the_yes_price()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);
        await _sim.FillAsync(signer.KeyId, Ticker, "no", "buy", 5, "0.30");
        await _sim.FillAsync(signer.KeyId, Ticker, "no", "sell", 2, "0.40");

        await SettleAsync(Ticker, "no");

        var row = (await Rows(client)).Single();
        (row.Dec("yes_count_fp"), row.Dec("yes_total_cost_dollars"), row.Dec("no_count_fp"), row.Dec("no_total_cost_dollars"))
            .Should().Be((2m, 1.20m, 5m, 1.50m), "2 NO sold at 0.40 are 2 YES bought at 0.60");
        row.GetProperty("revenue").GetInt64().Should().Be(300, "3 NO held, NO won");
        row.GetProperty("value").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_market_left_before_it_settled_gets_a_row_with_no_revenue()
    {
        var signer = await _sim.CreateAccountAsync();
        using var client = _sim.SignedClient(signer);
        await _sim.FillAsync(signer.KeyId, Ticker, "yes", "buy", 6, "0.58");
        await _sim.FillAsync(signer.KeyId, Ticker, "yes", "sell", 6, "0.10");

        var rows = await SettleAsync(Ticker, "no");

        rows.Should().Be(1);
        var row = (await Rows(client)).Single();
        (row.Str("ticker"), row.Dec("yes_count_fp"), row.Dec("yes_total_cost_dollars"), row.Dec("no_count_fp"), row.Dec("no_total_cost_dollars"))
            .Should().Be((Ticker, 6m, 3.48m, 6m, 5.40m));
        row.GetProperty("revenue").GetInt64().Should().Be(0, "nothing was held");
        var fills = (await _sim.GetJsonAsync(client, $"/trade-api/v2/portfolio/fills?ticker={Ticker}")).GetProperty("fills").EnumerateArray().ToList();
        row.Dec("fee_cost").Should().Be(fills.Sum(f => f.Dec("fee_cost")), "fee_cost is the sum of the market's fill fees");
    }

    [Fact]
    public async Task Each_account_gets_its_own_row_and_an_account_that_never_traded_none()
    {
        var buyer = await _sim.CreateAccountAsync();
        var seller = await _sim.CreateAccountAsync();
        var bystander = await _sim.CreateAccountAsync();
        using var buyerClient = _sim.SignedClient(buyer);
        using var sellerClient = _sim.SignedClient(seller);
        using var bystanderClient = _sim.SignedClient(bystander);
        await _sim.FillAsync(buyer.KeyId, Ticker, "yes", "buy", 3, "0.50");
        await _sim.FillAsync(seller.KeyId, Ticker, "no", "buy", 2, "0.50");
        await _sim.FillAsync(bystander.KeyId, Other, "yes", "buy", 1, "0.50");

        await SettleAsync(Ticker, "yes");

        var buyerRow = (await Rows(buyerClient)).Single();
        (buyerRow.Dec("yes_count_fp"), buyerRow.Dec("no_count_fp"), buyerRow.GetProperty("revenue").GetInt64()).Should().Be((3m, 0m, 300L));
        var sellerRow = (await Rows(sellerClient)).Single();
        (sellerRow.Dec("yes_count_fp"), sellerRow.Dec("no_count_fp"), sellerRow.GetProperty("revenue").GetInt64()).Should().Be((0m, 2m, 0L));
        (await Rows(bystanderClient)).Should().BeEmpty();
    }

    private async Task<int> SettleAsync(string ticker, string result)
    {
        var response = await _sim.Http.PostAsync($"/_sim/markets/{ticker}/settle",
            new StringContent(JsonSerializer.Serialize(new { result }), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("settlements").GetInt32();
    }

    private async Task<IReadOnlyList<JsonElement>> Rows(HttpClient client) =>
        (await _sim.GetJsonAsync(client, "/trade-api/v2/portfolio/settlements")).GetProperty("settlements").EnumerateArray().ToList();

}
