using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrgSync.Core.Observability;
using OrgSync.Functions.Logging;

namespace OrgSync.Functions.Metrics;

/// <summary>
/// The metrics port as CloudWatch Embedded Metric Format: counts are summed during an invocation and
/// written by <see cref="Flush"/> at its end as EMF lines on stdout, one object per dimension set
/// (<c>[service, target]</c> per target, <c>[service]</c> for batch-wide figures), at most
/// <see cref="MaxMetricsPerObject"/> metrics each. CloudWatch Logs extracts them; no API call, no latency.
/// </summary>
public sealed class EmfMetricsSink : IMetricsSink
{
    /// <summary>The EMF limit on metrics in one object.</summary>
    public const int MaxMetricsPerObject = 100;

    public const string DefaultNamespace = "OrgSync";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly Lock _gate = new();
    private readonly string _namespace;
    private readonly string _service;
    private readonly StdoutLineWriter _output;
    private readonly TimeProvider _time;

    // Per target (the empty string = batch-wide), per metric name, in first-seen order.
    private readonly Dictionary<string, Dictionary<string, double>> _values = new(StringComparer.Ordinal);

    public EmfMetricsSink(string metricsNamespace, string service, StdoutLineWriter output, TimeProvider time)
    {
        _namespace = metricsNamespace;
        _service = service;
        _output = output;
        _time = time;
    }

    public void Add(string name, double value, string? target = null)
    {
        if (string.IsNullOrEmpty(name) || double.IsNaN(value) || double.IsInfinity(value))
        {
            return;
        }

        lock (_gate)
        {
            var key = target ?? string.Empty;
            if (!_values.TryGetValue(key, out var metrics))
            {
                metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                _values[key] = metrics;
            }

            metrics[name] = metrics.GetValueOrDefault(name) + value;
        }
    }

    /// <summary>Writes what was counted since the last flush and starts over; nothing counted, nothing written.</summary>
    public void Flush()
    {
        List<KeyValuePair<string, KeyValuePair<string, double>[]>> snapshot;
        lock (_gate)
        {
            if (_values.Count == 0)
            {
                return;
            }

            snapshot = _values.Select(group => KeyValuePair.Create(group.Key, group.Value.ToArray())).ToList();
            _values.Clear();
        }

        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (target, metrics) in snapshot)
        {
            foreach (var chunk in metrics.Chunk(MaxMetricsPerObject))
            {
                _output.WriteLine(Serialize(timestamp, target.Length == 0 ? null : target, chunk));
            }
        }
    }

    private byte[] Serialize(long timestamp, string? target, KeyValuePair<string, double>[] metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (metrics.Length * 48));
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", timestamp);
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("service");
            if (target is not null)
            {
                json.WriteStringValue("target");
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, _) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", "Count");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteString("service", _service);
            if (target is not null)
            {
                json.WriteString("target", target);
            }

            foreach (var (name, value) in metrics)
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
