using KalshiPortfolio.Core.Portfolio;

namespace KalshiPortfolio.Tests.Portfolio;

[Trait("Category", "Unit")]
public sealed class SafeDecimalTests
{
    [Fact]
    public void Results_that_fit_are_exact()
    {
        SafeDecimal.Multiply(3m, 0.47m).Should().Be(1.41m);
        SafeDecimal.Subtract(1.41m, 2.50m).Should().Be(-1.09m);
        SafeDecimal.Divide(2.50m, 3m).Should().Be(2.50m / 3m);
        SafeDecimal.DivideRounded(2.50m, 3m, 6).Should().Be(0.833333m);
        SafeDecimal.Percent(-1.09m, 2.50m).Should().Be(-43.6m);
        SafeDecimal.Percent(1m, 3m).Should().Be(33.3333m);
    }

    [Fact]
    public void Overflow_and_division_by_zero_are_null()
    {
        SafeDecimal.Multiply(decimal.MaxValue, 2m).Should().BeNull();
        SafeDecimal.Subtract(decimal.MinValue, 1_000_000_000_000_000m).Should().BeNull();
        SafeDecimal.Divide(1m, 0m).Should().BeNull();
        SafeDecimal.Divide(1_000_000_000_000m, 0.0000000000000000000000000001m).Should().BeNull();
        SafeDecimal.Percent(1m, 0m).Should().BeNull();
        SafeDecimal.Percent(decimal.MaxValue / 10m, 1m).Should().BeNull("the ratio fits, the × 100 does not");
    }
}
