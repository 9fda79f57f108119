using System.Net;
using KalshiPortfolio.Core.Kalshi;
using KalshiPortfolio.Tests.Kalshi;
using KalshiPortfolio.Tests.TestSupport;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiPortfolio.Tests.Components;

/// <summary>The markets pages' data service over the real Kalshi client stack and a fake Kalshi.</summary>
[Trait("Category", "Component")]
public sealed class KalshiMarketCatalogTests : IDisposable
{
    private const string User = "u_1";
    private static readonly string MarketsPath = KalshiTestHarness.PathOf("/markets");

    private readonly KalshiTestHarness _kalshi = new();
    private readonly FakeEndpoints _endpoints = new();
    private readonly KalshiMarketCatalog _catalog;

    public KalshiMarketCatalogTests()
    {
        _endpoints.Map[User] = KalshiTestHarness.Endpoints;
        _catalog = new KalshiMarketCatalog(_kalshi.Factory, _endpoints, NullLogger<KalshiMarketCatalog>.Instance);
    }

    [Fact]
    public async Task Lists_open_markets_one_page_at_a_time()
    {
        _kalshi.Handler.On(MarketsPath, Respond.Capture("markets__page1"));

        var first = await _catalog.GetOpenMarketsAsync(User, cursor: null, limit: 5);
        await _catalog.GetOpenMarketsAsync(User, first.NextCursor, limit: 5);

        first.Markets.Should().HaveCount(5);
        first.Markets[0].Ticker.Should().Be("KXMLBHIT-26JUN111310AZMIA-AZKMARTE4-4");
        first.HasMore.Should().BeTrue();
        var requests = _kalshi.Handler.Requests;
        requests[0].Query("status").Should().Be("open");
        requests[0].Query("limit").Should().Be("5");
        requests[0].Query("cursor").Should().BeNull();
        requests[1].Query("cursor").Should().Be(first.NextCursor);
        requests.Should().OnlyContain(r => r.Header("KALSHI-ACCESS-KEY") == null, "market data is public: nothing is signed");
    }

    [Fact]
    public async Task The_environment_is_resolved_once_per_user()
    {
        _kalshi.Handler.On(MarketsPath, Respond.Capture("markets__page1"));

        await _catalog.GetOpenMarketsAsync(User, null, 5);
        await _catalog.GetOpenMarketsAsync(User, null, 5);
        (await _catalog.GetMarketAsync(User, "KXA")).Should().BeNull("the fake Kalshi knows no such market");

        _endpoints.Calls.Should().Be(1);
    }

    [Fact]
    public async Task Unknown_market_is_null()
    {
        _kalshi.Handler.On(KalshiTestHarness.PathOf("/markets/KXNOPE"),
            Respond.Json(HttpStatusCode.NotFound, """{"error":{"code":"not_found","message":"not found"}}"""));

        var market = await _catalog.GetMarketAsync(User, "KXNOPE");

        market.Should().BeNull();
    }

    [Fact]
    public async Task Kalshi_unreachable_is_a_message_for_the_screen()
    {
        _kalshi.Handler.On(MarketsPath, Respond.Throw(new HttpRequestException("Connection refused")));

        var act = () => _catalog.GetOpenMarketsAsync(User, null, 60);

        (await act.Should().ThrowAsync<MarketDataUnavailableException>())
            .Which.Message.Should().Be("Kalshi's market list could not be loaded: Kalshi could not be reached.");
    }

    [Fact]
    public async Task A_user_without_stored_credentials_is_told_to_sign_in_again()
    {
        var act = () => _catalog.GetOpenMarketsAsync("someone-else", null, 60);

        (await act.Should().ThrowAsync<MarketDataUnavailableException>()).Which.Message.Should().Contain("Sign in again");
        _kalshi.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Page_size_must_be_one_kalshi_accepts()
    {
        await _catalog.Invoking(c => c.GetOpenMarketsAsync(User, null, 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        await _catalog.Invoking(c => c.GetOpenMarketsAsync(User, null, 1001)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    public void Dispose() => _kalshi.Dispose();

    private sealed class FakeEndpoints : IUserKalshiEndpoints
    {
        public Dictionary<string, KalshiEndpoints> Map { get; } = [];

        public int Calls { get; private set; }

        public Task<KalshiEndpoints?> ResolveAsync(string userId, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(Map.GetValueOrDefault(userId));
        }
    }
}
