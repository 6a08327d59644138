using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansP2P.WebPortal.Tests.Operations;

/// <summary>A logger provider that keeps every line (category, level, text and scope values) for a test to read.</summary>
internal sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<(string Category, LogLevel Level, string Text, string Scopes)> Lines { get; } = new();

    public IEnumerable<string> TextsOf(string category) => Lines.Where(l => l.Category == category).Select(l => l.Text);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                }
            }, scopes);
            owner.Lines.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception), string.Join(";", scopes)));
        }
    }
}
