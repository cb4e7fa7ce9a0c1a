using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Logging;

/// <summary>
/// Structured JSON logs a Lambda user expects: one object per line on stdout, with the field names of
/// Powertools for AWS Lambda (.NET) (<c>level</c>, <c>message</c>, <c>timestamp</c>, <c>service</c>,
/// <c>cold_start</c>, <c>function_*</c>, <c>xray_trace_id</c>, <c>correlation_id</c>, …). Written with
/// <see cref="Utf8JsonWriter"/> (no reflection; the bootstrap is trimmed); every text goes through the
/// <see cref="SecretScrubber"/>. Scopes are shared by every logger of the provider and flow with the
/// async context, so a scope opened by the pipeline is seen by the AWS clients' loggers too.
/// </summary>
public sealed class PowertoolsLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Logs are read by CloudWatch and humans, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private readonly StdoutLineWriter _output;
    private readonly SecretScrubber _scrubber;
    private readonly TimeProvider _time;
    private readonly AsyncLocal<ScopeNode?> _scopes = new();
    private volatile InvocationLogContext? _invocation;
    private volatile bool _coldStart = true;
    private volatile bool _sampledDebug;

    public PowertoolsLoggerProvider(LogSettings settings, StdoutLineWriter output, SecretScrubber scrubber, TimeProvider time)
    {
        Settings = settings;
        _output = output;
        _scrubber = scrubber;
        _time = time;
    }

    public LogSettings Settings { get; }

    public LogLevel EffectiveMinimumLevel =>
        _sampledDebug && Settings.MinimumLevel > LogLevel.Debug ? LogLevel.Debug : Settings.MinimumLevel;

    public ILogger CreateLogger(string categoryName) => new PowertoolsLogger(this, categoryName);

    /// <summary>The scrubber every logged text goes through; also for text sent elsewhere (Runtime API errors).</summary>
    public string Scrub(string text) => _scrubber.Scrub(text);

    /// <summary>Entries logged until <see cref="EndInvocation"/> carry this invocation's fields.</summary>
    public void BeginInvocation(LambdaInvocation invocation, bool coldStart, double sample)
    {
        _coldStart = coldStart;
        // Powertools' sampling: a fraction of invocations logs at Debug whatever the configured level.
        _sampledDebug = Settings.SamplingRate > 0 && sample <= Settings.SamplingRate;
        _invocation = new InvocationLogContext(invocation.RequestId, invocation.InvokedFunctionArn, invocation.TraceId);
    }

    public void EndInvocation()
    {
        _invocation = null;
        _coldStart = false;
        _sampledDebug = false;
    }

    void ILoggerFactory.AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The Lambda logger factory has exactly one provider.");

    public void Dispose()
    {
    }

    internal bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= EffectiveMinimumLevel;

    internal IDisposable PushScope<TState>(TState state)
    {
        var pairs = ScopePairs(state);
        var node = new ScopeNode(_scopes.Value, pairs);
        _scopes.Value = node;
        return new ScopeHandle(this, node);
    }

    internal void Write(string category, LogLevel level, string message, Exception? exception)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("level", LevelName(level));
            json.WriteString("message", _scrubber.Scrub(message));
            json.WriteString("timestamp", FormatTimestamp(_time.GetUtcNow()));
            json.WriteString("service", Settings.Service);
            json.WriteString("name", category);
            json.WriteBoolean("cold_start", _coldStart);
            WriteOptional(json, "function_name", Settings.FunctionName);
            if (Settings.FunctionMemorySize is { } memory)
            {
                json.WriteNumber("function_memory_size", memory);
            }

            var invocation = _invocation;
            WriteOptional(json, "function_arn", invocation?.FunctionArn);
            WriteOptional(json, "function_request_id", invocation?.RequestId);
            WriteOptional(json, "function_version", Settings.FunctionVersion);
            WriteOptional(json, "xray_trace_id", invocation?.XrayTraceId);
            if (Settings.SamplingRate > 0)
            {
                json.WriteNumber("sampling_rate", Settings.SamplingRate);
            }

            WriteScopes(json);
            if (exception is not null)
            {
                json.WritePropertyName("exception");
                WriteException(json, exception, depth: 0);
            }

            json.WriteEndObject();
        }

        _output.WriteLine(buffer.WrittenSpan);
    }

    /// <summary>ISO-8601 UTC with milliseconds: <c>2024-05-01T12:34:56.789Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Lambda's level names. With the JSON log format and an application log level (the template sets
    /// both), Lambda filters on this field and treats a value it does not know — such as .NET's
    /// <c>Warning</c> or <c>Critical</c> — as INFO, so a stack set to WARN would drop its warnings and errors.
    /// </summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private void WriteScopes(Utf8JsonWriter json)
    {
        var node = _scopes.Value;
        if (node is null)
        {
            return;
        }

        // Innermost scope wins for a key opened twice (a nested target scope replaces the outer one).
        var written = new HashSet<string>(StringComparer.Ordinal);
        for (; node is not null; node = node.Parent)
        {
            foreach (var (key, value) in node.Pairs)
            {
                if (string.IsNullOrWhiteSpace(key) || key == "{OriginalFormat}" || IsReserved(key) || !written.Add(key))
                {
                    continue;
                }

                switch (value)
                {
                    case null:
                        json.WriteNull(key);
                        break;
                    case bool flag:
                        json.WriteBoolean(key, flag);
                        break;
                    case int or long or short or byte or uint or ulong or ushort or sbyte:
                        json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                        break;
                    case double or float or decimal:
                        json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset time:
                        json.WriteString(key, FormatTimestamp(time));
                        break;
                    default:
                        json.WriteString(key, _scrubber.Scrub(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
                        break;
                }
            }
        }
    }

    private static bool IsReserved(string key) => key is "level" or "message" or "timestamp" or "service" or "name"
        or "cold_start" or "function_name" or "function_memory_size" or "function_arn" or "function_request_id"
        or "function_version" or "xray_trace_id" or "sampling_rate" or "exception";

    private void WriteException(Utf8JsonWriter json, Exception exception, int depth)
    {
        json.WriteStartObject();
        json.WriteString("type", exception.GetType().FullName ?? exception.GetType().Name);
        json.WriteString("message", _scrubber.Scrub(exception.Message));
        if (exception.StackTrace is { } stackTrace)
        {
            json.WriteString("stack_trace", _scrubber.Scrub(stackTrace));
        }

        if (exception.InnerException is { } inner && depth < 8)
        {
            json.WritePropertyName("inner_exception");
            WriteException(json, inner, depth + 1);
        }

        json.WriteEndObject();
    }

    private static KeyValuePair<string, object?>[] ScopePairs<TState>(TState state) => state switch
    {
        null => [],
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToArray(),
        IEnumerable<KeyValuePair<string, string?>> pairs => pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToArray(),
        // A plain scope ("Processing batch") has no key; Powertools ignores it too.
        _ => [],
    };

    private sealed record InvocationLogContext(string RequestId, string FunctionArn, string? XrayTraceId);

    private sealed record ScopeNode(ScopeNode? Parent, KeyValuePair<string, object?>[] Pairs);

    private sealed class ScopeHandle(PowertoolsLoggerProvider owner, ScopeNode node) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (ReferenceEquals(owner._scopes.Value, node))
            {
                owner._scopes.Value = node.Parent;
            }
        }
    }

    private sealed class PowertoolsLogger(PowertoolsLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.PushScope(state);

        public bool IsEnabled(LogLevel logLevel) => provider.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!provider.IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            provider.Write(category, logLevel, formatter(state, exception), exception);
        }
    }
}
