using KalshiPortfolio.Core.Kalshi;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiEndpointsTests
{
    [Fact]
    public void Production_and_demo_use_kalshis_current_dedicated_hosts()
    {
        KalshiEndpoints.Production.RestBaseUri.AbsoluteUri.Should().Be("https://external-api.kalshi.com/trade-api/v2");
        KalshiEndpoints.Production.WebSocketUri.AbsoluteUri.Should().Be("wss://external-api-ws.kalshi.com/trade-api/ws/v2");
        KalshiEndpoints.Demo.RestBaseUri.AbsoluteUri.Should().Be("https://external-api.demo.kalshi.co/trade-api/v2");
        KalshiEndpoints.Demo.WebSocketUri.AbsoluteUri.Should().Be("wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2");
        KalshiEndpoints.For(KalshiEnvironment.Production).Should().BeSameAs(KalshiEndpoints.Production);
        KalshiEndpoints.For(KalshiEnvironment.Demo).Environment.Should().Be(KalshiEnvironment.Demo);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5090", "http://127.0.0.1:5090/trade-api/v2", "ws://127.0.0.1:5090/trade-api/ws/v2")]
    [InlineData("http://127.0.0.1:5090/", "http://127.0.0.1:5090/trade-api/v2", "ws://127.0.0.1:5090/trade-api/ws/v2")]
    [InlineData("http://127.0.0.1:5090/trade-api/v2", "http://127.0.0.1:5090/trade-api/v2", "ws://127.0.0.1:5090/trade-api/ws/v2")]
    [InlineData("https://sim.example.com", "https://sim.example.com/trade-api/v2", "wss://sim.example.com/trade-api/ws/v2")]
    [InlineData("https://sim.example.com:8443/kalshi/", "https://sim.example.com:8443/kalshi/trade-api/v2", "wss://sim.example.com:8443/kalshi/trade-api/ws/v2")]
    [InlineData("http://localhost", "http://localhost/trade-api/v2", "ws://localhost/trade-api/ws/v2")]
    public void Any_base_url_maps_to_kalshis_paths(string baseUrl, string rest, string ws)
    {
        var endpoints = KalshiEndpoints.ForBaseUrl(baseUrl);

        endpoints.Environment.Should().Be(KalshiEnvironment.Custom);
        endpoints.RestBaseUri.AbsoluteUri.Should().Be(rest);
        endpoints.WebSocketUri.AbsoluteUri.Should().Be(ws);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("/relative")]
    [InlineData("not a url")]
    [InlineData("wss://127.0.0.1:5090")]
    public void Non_http_or_relative_base_urls_are_rejected(string baseUrl)
    {
        var act = () => KalshiEndpoints.ForBaseUrl(baseUrl);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_custom_environment_needs_a_base_url()
    {
        var act = () => KalshiEndpoints.For(KalshiEnvironment.Custom);

        act.Should().Throw<ArgumentNullException>();
        KalshiEndpoints.For(KalshiEnvironment.Custom, new Uri("http://127.0.0.1:5090")).Should().Be(KalshiEndpoints.ForBaseUrl("http://127.0.0.1:5090"));
    }
}
