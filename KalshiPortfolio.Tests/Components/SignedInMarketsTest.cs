using System.Security.Claims;
using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.DependencyInjection;

namespace KalshiPortfolio.Tests.Components;

/// <summary>The markets pages' test setup: the UI services over fake portfolio streams and a fake market catalogue, signed in as <see cref="FakePortfolioStreams.UserId"/>.</summary>
public abstract class SignedInMarketsTest : MudBunitTest
{
    protected SignedInMarketsTest()
    {
        Streams = new FakePortfolioStreams(Time);
        Services.AddSingleton<IPortfolioStreams>(Streams);
        Services.AddSingleton<IMarketCatalog>(Catalog);
        Services.AddSingleton<ISimulatorDemoAccount>(new FakeSimulatorDemoAccount());
        Services.AddPortfolioUi();
        var auth = AddAuthorization();
        auth.SetAuthorized("trader");
        auth.SetClaims(new Claim("sub", FakePortfolioStreams.UserId));
    }

    private protected FakePortfolioStreams Streams { get; }

    private protected FakeMarketCatalog Catalog { get; } = new();
}
