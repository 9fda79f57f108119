using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KalshiPortfolio.Tests.TestSupport;

/// <summary>
/// Records every log line the app writes (formatted message, the state's values and any exception), at every
/// level, so tests can search them for secrets. Register with <c>services.AddSingleton&lt;ILoggerProvider&gt;(capture)</c>.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");
        }

        // The structured values too: a sink that writes properties (JSON logs) would write these.
        private static string Describe<T>(T state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Select(kv => $"{kv.Key}={kv.Value}"))
            : state?.ToString() ?? "";
    }
}
