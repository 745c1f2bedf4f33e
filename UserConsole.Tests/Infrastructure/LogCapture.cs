using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Keeps every log line written through Microsoft.Extensions.Logging (all levels), so tests can prove
/// that secrets never reach the logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<LoggedEvent> _events = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>The same writes with their structured properties (named placeholders), for structured-event assertions.</summary>
    public IReadOnlyCollection<LoggedEvent> Events => _events;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines, _events);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines, ConcurrentQueue<LoggedEvent> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)} {exception}";
            lines.Enqueue(line);
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal)
                : [];
            events.Enqueue(new LoggedEvent(category, logLevel, eventId, line, properties));
        }
    }
}

public sealed record LoggedEvent(string Category, LogLevel Level, EventId EventId, string Line, IReadOnlyDictionary<string, object?> Properties);
