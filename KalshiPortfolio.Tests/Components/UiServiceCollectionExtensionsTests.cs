using KalshiPortfolio.Core.Streaming;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KalshiPortfolio.Tests.Components;

[Trait("Category", "Component")]
public class UiServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Live_portfolio_is_per_scope_and_disposed_with_it()
    {
        var time = new FakeTimeProvider(TestData.At);
        var streams = new FakePortfolioStreams(time);
        await using var provider = Build(s => s.AddSingleton<IPortfolioStreams>(streams).AddSingleton<TimeProvider>(time));

        LivePortfolio first;
        await using (var circuit = provider.CreateAsyncScope())
        {
            first = circuit.ServiceProvider.GetRequiredService<LivePortfolio>();
            circuit.ServiceProvider.GetRequiredService<LivePortfolio>().Should().BeSameAs(first);
            first.Start(FakePortfolioStreams.UserId);
            streams.Hub.SubscriberCount.Should().Be(1);
        }

        streams.Hub.SubscriberCount.Should().Be(0, "the circuit's scope disposed its live portfolio");
        await using var other = provider.CreateAsyncScope();
        other.ServiceProvider.GetRequiredService<LivePortfolio>().Should().NotBeSameAs(first);
    }

    [Fact]
    public async Task Resolves_without_a_streaming_service_so_the_app_still_starts()
    {
        await using var provider = Build();
        await using var scope = provider.CreateAsyncScope();

        var live = scope.ServiceProvider.GetRequiredService<LivePortfolio>();

        live.Start("anyone").Should().BeFalse();
        live.State.Feed.Should().Be(LiveFeed.Unavailable);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Simulator_button_follows_configuration(string? enabled, bool expected)
    {
        var settings = new Dictionary<string, string?>();
        if (enabled is not null)
        {
            settings["Simulator:Enabled"] = enabled;
        }
        await using var provider = Build(configuration: settings);

        provider.GetRequiredService<ISimulatorDemoAccount>().IsEnabled.Should().Be(expected);
    }

    [Fact]
    public async Task Disabled_simulator_is_never_called()
    {
        await using var provider = Build(configuration: new() { ["Simulator:Enabled"] = "false" });

        var act = () => provider.GetRequiredService<ISimulatorDemoAccount>().GetAsync();

        await act.Should().ThrowAsync<SimulatorUnavailableException>();
    }

    [Fact]
    public async Task Adding_twice_registers_once()
    {
        var services = new ServiceCollection();
        services.AddPortfolioUi();
        var count = services.Count;

        services.AddPortfolioUi();

        services.Count.Should().Be(count);
        await Task.CompletedTask;
    }

    private static ServiceProvider Build(Action<IServiceCollection>? configure = null, Dictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? []).Build());
        services.AddLogging();
        configure?.Invoke(services);
        services.AddPortfolioUi();
        // BrowserSession and UiThemeState need the circuit's JS runtime and navigation: not resolved here.
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
