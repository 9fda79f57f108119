using KalshiPortfolio.Core.Diagnostics;
using Bunit;
using KalshiPortfolio.Web.Services.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace KalshiPortfolio.Tests.Components;

/// <summary>
/// The base of every component test: bUnit with MudBlazor's services (no transitions, no popover-provider
/// check), loose JS interop, an interactive Server renderer, and a fake clock. xUnit v2 disposes test classes
/// synchronously, and MudBlazor's services are async-disposable only, hence <see cref="IAsyncLifetime"/>.
/// Register extra services in the constructor of a derived class or before the first render: rendering
/// builds the service provider.
/// </summary>
public abstract class MudBunitTest : BunitContext, IAsyncLifetime
{
    /// <summary>A clock that moves only when a test says so: 2026-03-02 14:30:00 UTC (09:30 in New York).</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);

    private bool _rendererInfoSet;

    protected MudBunitTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Time = new FakeTimeProvider(Start);
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton(Metrics);
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);
    }

    protected FakeTimeProvider Time { get; }

    /// <summary>The app's metrics as the diagnostics dialog reads them (a meter of its own per test).</summary>
    protected PortfolioMetrics Metrics { get; } = new();

    protected NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    /// <summary>Renders a component with the renderer marked interactive (Server), as a live circuit is.</summary>
    protected IRenderedComponent<T> RenderInteractive<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        EnsureInteractive();
        return parameters is null ? Render<T>() : Render<T>(parameters);
    }

    /// <summary>Marks the renderer interactive. Call after every service is registered.</summary>
    protected void EnsureInteractive()
    {
        if (!_rendererInfoSet)
        {
            SetRendererInfo(new RendererInfo("Server", isInteractive: true));
            _rendererInfoSet = true;
        }
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

/// <summary>The simulator's demo account, as a test wants it.</summary>
internal sealed class FakeSimulatorDemoAccount : ISimulatorDemoAccount
{
    public bool IsEnabled { get; set; } = true;

    public Func<SimulatorDemoKey> Next { get; set; } = () => new SimulatorDemoKey("sim-demo-key", TestData.Pem);

    public int Calls { get; private set; }

    public Task<SimulatorDemoKey> GetAsync(CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(Next());
    }
}
