using System.Collections.Concurrent;
using KalshiPortfolio.Simulator;
using KalshiPortfolio.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.Streaming;

/// <summary>Even with every log level raised to Information, no log line carries the session token or the key.</summary>
[Trait("Category", "Integration")]
public sealed class LogSecrecyTests
{
    [Fact]
    public async Task The_token_in_the_SSE_query_string_never_reaches_a_log()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "http://127.0.0.1:0", TicksPerSecond = 0, DemoAccountTradesPerMinute = 0 });
        var logs = new CapturingLoggerProvider();
        await using var app = new PortfolioAppFactory(
            simulator.BaseUri,
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var account = simulator.Exchange.CreateAccount();
        var session = await app.AuthenticateAsync(account.KeyId, account.PrivateKeyPem!);

        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        await using (var feed = await SseTestClient.OpenAsync(client, $"{StreamingUser.SsePath}?token={session.Token}"))
        {
            (await feed.NextEventAsync()).Type.Should().Be("snapshot");
        }
        (await client.GetAsync($"/api/v1/account/positions")).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);

        logs.Messages.Should().Contain(m => m.Contains("Started the live portfolio", StringComparison.Ordinal), "Information logs are captured");
        logs.Messages.Should().NotContain(m => m.Contains(session.Token, StringComparison.Ordinal));
        logs.Messages.Should().NotContain(m => m.Contains("PRIVATE KEY", StringComparison.Ordinal));
        logs.Messages.Should().NotContain(m => m.Contains("token=", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
