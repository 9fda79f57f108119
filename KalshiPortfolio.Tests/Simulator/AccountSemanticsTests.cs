using KalshiPortfolio.Simulator;
using KalshiPortfolio.Simulator.Exchange;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Simulator;

/// <summary>Kalshi's position semantics: signed positions, netting, cost basis without fees, average-cost realized P&amp;L, fees, cash.</summary>
[Trait("Category", "Unit")]
public sealed class AccountSemanticsTests
{
    private const string Ticker = "KXWTACHALLENGERMATCH-26JUN11JIMLEP-LEP";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, "0.52", "0.0175")] // confirmed live
    [InlineData(1, "0.99", "0.0007")] // confirmed live
    [InlineData(1, "0.01", "0.0007")]
    [InlineData(3, "0.52", "0.0525")]
    [InlineData(10, "0.50", "0.1750")]
    [InlineData(100, "0.47", "1.7437")]
    public void Taker_fee_is_seven_percent_of_p_times_one_minus_p_rounded_up_to_a_hundredth_cent(int count, string price, string fee)
    {
        Fees.Taker(count, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(decimal.Parse(fee, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_captured_position_is_reproduced()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 1, 0.99m);
        Buy(book, ContractSide.Yes, 1, 0.99m);
        Buy(book, ContractSide.Yes, 1, 0.52m);

        (book.Position, book.Cost, book.FeesPaid, book.RealizedPnl, book.TotalTraded).Should().Be((3m, 2.50m, 0.0189m, 0m, 2.50m));
    }

    [Fact]
    public void A_partial_exit_realizes_against_the_average_cost()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 10, 0.40m);
        Buy(book, ContractSide.Yes, 10, 0.60m);

        var cash = book.Apply(ContractSide.Yes, TradeAction.Sell, 5, 0.70m, Fees.Taker(5, 0.70m), Now);

        cash.Should().Be(3.50m);
        book.Position.Should().Be(15m);
        book.RealizedPnl.Should().Be(1.00m);  // 5 × (0.70 − 0.50)
        book.Cost.Should().Be(7.50m);         // 10.00 − 5 × 0.50
        book.TotalTraded.Should().Be(10.00m); // spent; a sale does not lower it
        book.Volume.Should().Be(25m);
        book.FeesPaid.Should().Be(Fees.Taker(10, 0.40m) + Fees.Taker(10, 0.60m) + Fees.Taker(5, 0.70m));
    }

    [Fact]
    public void A_no_position_is_negative_with_a_positive_exposure()
    {
        var book = new PositionBook(Ticker, "E");

        var cash = Buy(book, ContractSide.No, 4, 0.73m);

        cash.Should().Be(-2.92m);
        book.Position.Should().Be(-4m);
        book.Cost.Should().Be(2.92m);
        book.HeldSide.Should().Be(ContractSide.No);
    }

    [Fact]
    public void Buying_no_against_a_yes_position_nets_it_down()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 5, 0.40m);

        var cash = Buy(book, ContractSide.No, 3, 0.55m); // ≡ selling 3 YES at 0.45

        cash.Should().Be(1.35m);
        book.Position.Should().Be(2m);
        book.Cost.Should().Be(0.80m);
        book.RealizedPnl.Should().Be(0.15m);
    }

    [Fact]
    public void A_fill_that_crosses_zero_closes_then_opens_the_other_side()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 2, 0.40m);

        var cash = Buy(book, ContractSide.No, 5, 0.55m);

        cash.Should().Be(-0.75m); // +2 × 0.45 closing, −3 × 0.55 opening
        book.Position.Should().Be(-3m);
        book.Cost.Should().Be(1.65m);
        book.RealizedPnl.Should().Be(0.10m);

        var back = book.Apply(ContractSide.No, TradeAction.Sell, 3, 0.60m, 0m, Now);
        back.Should().Be(1.80m);
        (book.Position, book.Cost, book.RealizedPnl).Should().Be((0m, 0m, 0.25m));
    }

    [Fact]
    public void Selling_yes_beyond_the_position_opens_a_no_position()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 1, 0.50m);

        book.Apply(ContractSide.Yes, TradeAction.Sell, 3, 0.60m, 0m, Now);

        book.Position.Should().Be(-2m);
        book.Cost.Should().Be(0.80m); // 2 NO at 1 − 0.60
        book.RealizedPnl.Should().Be(0.10m);
    }

    [Fact]
    public void Exchange_cash_moves_by_cost_plus_fee_and_settlement_pays_a_dollar_per_winning_contract()
    {
        var exchange = new SimulatedExchange(new SimulatorOptions(), new FakeTimeProvider(Now));
        var keyId = exchange.CreateAccount(Support.TestKeys.SharedPublicPem, 100m).KeyId;

        exchange.Trade(keyId, Ticker, ContractSide.Yes, TradeAction.Buy, 10, 0.52m);
        exchange.GetCashDollars(keyId).Should().Be(100m - 5.20m - 0.1748m);

        exchange.Settle(Ticker, ContractSide.Yes).Should().Be(1);
        exchange.GetCashDollars(keyId).Should().Be(100m - 5.20m - 0.1748m + 10m);
        exchange.GetMarket(Ticker).Status.Should().Be(MarketStatus.Finalized);
        var trade = () => exchange.Trade(keyId, Ticker, ContractSide.Yes, TradeAction.Buy, 1, 0.52m);
        trade.Should().Throw<ExchangeException>().Which.StatusCode.Should().Be(409);
    }

    [Fact]
    public void A_losing_settlement_pays_nothing()
    {
        var exchange = new SimulatedExchange(new SimulatorOptions(), new FakeTimeProvider(Now));
        var keyId = exchange.CreateAccount(Support.TestKeys.SharedPublicPem, 100m).KeyId;
        exchange.Trade(keyId, Ticker, ContractSide.No, TradeAction.Buy, 2, 0.53m);
        var before = exchange.GetCashDollars(keyId);

        exchange.Settle(Ticker, ContractSide.Yes);

        exchange.GetCashDollars(keyId).Should().Be(before);
    }

    [Fact]
    public void Every_fill_adds_to_one_sides_lifetime_totals_selling_yes_at_p_being_buying_no_at_one_minus_p()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 10, 0.40m);                                // YES side: 10 at 0.40
        book.Apply(ContractSide.Yes, TradeAction.Sell, 4, 0.50m, 0m, Now);     // NO side: 4 at 0.50
        Buy(book, ContractSide.No, 9, 0.45m);                                  // NO side: 9 at 0.45 (crosses zero)
        book.Apply(ContractSide.No, TradeAction.Sell, 1, 0.30m, 0m, Now);      // YES side: 1 at 0.70

        (book.YesCount, book.YesTotalCost, book.NoCount, book.NoTotalCost).Should().Be((11m, 4.70m, 13m, 6.05m));
        book.Position.Should().Be(book.YesCount - book.NoCount, "the net position is the difference of the sides");
    }

    [Fact]
    public void Settling_keeps_the_lifetime_totals_and_pays_the_net_position_only()
    {
        var book = new PositionBook(Ticker, "E");
        Buy(book, ContractSide.Yes, 10, 0.50m);
        book.Apply(ContractSide.Yes, TradeAction.Sell, 4, 0.60m, 0m, Now);

        var payout = book.Settle(ContractSide.Yes, Now);

        payout.Should().Be(6m, "6 YES held; the 4 YES+NO pairs were paid at trade time");
        (book.YesCount, book.YesTotalCost, book.NoCount, book.NoTotalCost).Should().Be((10m, 5.00m, 4m, 1.60m));
        (book.Position, book.Cost, book.Settled).Should().Be((0m, 0m, true));
        book.RealizedPnl.Should().Be(3.40m, "0.40 realized on the sale, then 6 − 3.00 at settlement: the market's whole P&L");
    }

    [Fact]
    public void A_market_left_before_it_settles_still_gets_a_row_with_the_lifetime_totals()
    {
        var exchange = new SimulatedExchange(new SimulatorOptions(), new FakeTimeProvider(Now));
        var keyId = exchange.CreateAccount(Support.TestKeys.SharedPublicPem, 100m).KeyId;
        exchange.Trade(keyId, Ticker, ContractSide.Yes, TradeAction.Buy, 5, 0.60m);
        exchange.Trade(keyId, Ticker, ContractSide.Yes, TradeAction.Sell, 5, 0.70m);
        var before = exchange.GetCashDollars(keyId);

        exchange.Settle(Ticker, ContractSide.Yes).Should().Be(1);

        exchange.GetCashDollars(keyId).Should().Be(before, "nothing was held");
        var row = exchange.FindAccount(keyId)!.Settlements.Single();
        (row.Ticker, row.Result, row.YesCount, row.YesTotalCost, row.NoCount, row.NoTotalCost, row.RevenueCents, row.ValueCents)
            .Should().Be((Ticker, ContractSide.Yes, 5m, 3.00m, 5m, 1.50m, 0L, 100L));
        row.FeeCost.Should().Be(Fees.Taker(5, 0.60m) + Fees.Taker(5, 0.70m), "the market's trading fees, buys and sells");
    }

    [Theory]
    [InlineData("0.525", 1, 400)]   // off the cent grid
    [InlineData("1.00", 1, 400)]    // outside (0,1)
    [InlineData("0.52", 0, 400)]    // no contracts
    [InlineData("0.52", 100000, 400)] // more than the cash buys
    public void Invalid_trades_are_refused(string price, int count, int status)
    {
        var exchange = new SimulatedExchange(new SimulatorOptions(), new FakeTimeProvider(Now));
        var keyId = exchange.CreateAccount(Support.TestKeys.SharedPublicPem, 100m).KeyId;

        var trade = () => exchange.Trade(keyId, Ticker, ContractSide.Yes, TradeAction.Buy, count, decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture));

        trade.Should().Throw<ExchangeException>().Which.StatusCode.Should().Be(status);
        exchange.GetCashDollars(keyId).Should().Be(100m);
    }

    private static decimal Buy(PositionBook book, ContractSide side, int count, decimal price) =>
        book.Apply(side, TradeAction.Buy, count, price, Fees.Taker(count, price), Now);
}
