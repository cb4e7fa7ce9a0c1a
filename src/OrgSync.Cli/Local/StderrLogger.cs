using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrgSync.Cli.Local;

/// <summary>
/// <c>local --verbose</c>: the pipeline's and appliers' log lines on stderr, one per line, with their scopes
/// (<c>correlation_id</c>, <c>target</c>) — the same lines the Lambda function writes as JSON.
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter writer, LogLevel minimum) : ILoggerProvider, ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly AsyncLocal<Scope?> _scope = new();
    private readonly LogLevel _minimum = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var scopes = new List<string>();
        for (var scope = _scope.Value; scope is not null; scope = scope.Parent)
        {
            scopes.Insert(0, scope.Text);
        }

        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {Short(level)} {category}{(scopes.Count > 0 ? " [" + string.Join(' ', scopes) + "]" : string.Empty)}: {message}");
        lock (_gate)
        {
            writer.WriteLine(line);
            if (exception is not null)
            {
                writer.WriteLine("    " + exception.GetType().Name + ": " + exception.Message);
            }
        }
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed record Scope(string Text, Scope? Parent);

    private sealed class Logger(StderrLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            var text = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : state.ToString() ?? string.Empty;
            var previous = provider._scope.Value;
            provider._scope.Value = new Scope(text, previous);
            return new Restore(provider, previous);
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }

    private sealed class Restore(StderrLoggerProvider provider, Scope? previous) : IDisposable
    {
        public void Dispose() => provider._scope.Value = previous;
    }
}
