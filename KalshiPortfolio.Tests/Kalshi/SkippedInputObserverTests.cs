using KalshiPortfolio.Core.Diagnostics;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Core.Kalshi.Models;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Kalshi;

/// <summary>The observer the app registers: every skipped REST row is counted by kind and logged with its ticker.</summary>
[Trait("Category", "Unit")]
public sealed class SkippedInputObserverTests
{
    [Fact]
    public async Task A_skipped_positions_row_is_counted_by_kind_and_logged_with_its_ticker()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs));
        services.AddSingleton<PortfolioMetrics>();
        services.AddSingleton<IKalshiClientObserver, SkippedInputObserver>();
        services.AddKalshiClient(o => o.RetryCount = 0);
        var handler = new FakeKalshiHandler();
        handler.On("/trade-api/v2/portfolio/positions", Respond.Ok("""
            {"market_positions":[{"ticker":"GOOD","position_fp":"1.00","market_exposure_dollars":"0.50"},
                                 {"ticker":"HUGE","position_fp":"1e20","market_exposure_dollars":"0.50"}],"cursor":""}
            """));
        services.AddHttpClient(KalshiServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        using var signer = TestRsaKeys.Signer();

        var positions = await provider.GetRequiredService<IKalshiClientFactory>()
            .CreateAuthenticated(KalshiEndpoints.ForBaseUrl("http://kalshi.test"), signer).GetPositionsAsync();

        positions.MarketPositions.Select(p => p.Ticker).Should().Equal("GOOD");
        positions.SkippedMarketTickers.Should().BeEquivalentTo(["HUGE"]);
        provider.GetRequiredService<PortfolioMetrics>().Snapshot().SkippedInputs.Should()
            .Equal(new Dictionary<KalshiInputKind, long> { [KalshiInputKind.MarketPosition] = 1 });
        logs.Lines.Should().ContainSingle(l => l.StartsWith("Warning") && l.Contains("HUGE") && l.Contains("'position_fp'"));
    }
}
