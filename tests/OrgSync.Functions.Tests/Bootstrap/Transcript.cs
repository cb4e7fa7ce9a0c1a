using System.Globalization;
using System.Text.Json;
using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>One EMF value: a metric of one dimension set (<c>[service]</c>, or <c>[service, target]</c>).</summary>
internal sealed record MetricValue(string Name, string? Target, double Value);

/// <summary>
/// Everything a bootstrap wrote on stdout, every line parsed as one JSON object, and split by invocation: a log
/// line carries its invocation's <c>function_request_id</c>; an EMF line (<c>_aws</c>) belongs to the invocation
/// whose lines precede it (the loop flushes metrics at the end of each invocation, before it answers).
/// </summary>
internal sealed class Transcript
{
    private readonly Dictionary<string, List<JsonElement>> _byInvocation = new(StringComparer.Ordinal);

    public Transcript(IReadOnlyList<string> lines)
    {
        Raw = lines;
        Lines = lines.Select(StdoutCaptureStream.ParseObject).ToList();
        string? current = null;
        foreach (var line in Lines)
        {
            if (!IsMetrics(line))
            {
                current = line.TryGetProperty("function_request_id", out var id) ? id.GetString() : null;
                if (current is null)
                {
                    Init.Add(line);
                    continue;
                }
            }
            else if (current is null)
            {
                throw new Xunit.Sdk.XunitException("an EMF line outside any invocation: " + line);
            }

            if (!_byInvocation.TryGetValue(current!, out var part))
            {
                _byInvocation[current!] = part = [];
            }

            part.Add(line);
        }
    }

    public IReadOnlyList<string> Raw { get; }

    public IReadOnlyList<JsonElement> Lines { get; }

    public IEnumerable<JsonElement> Logs => Lines.Where(line => !IsMetrics(line));

    /// <summary>Log lines written outside any invocation (init).</summary>
    public List<JsonElement> Init { get; } = [];

    public IReadOnlyList<JsonElement> Of(string requestId) =>
        _byInvocation.TryGetValue(requestId, out var lines) ? lines : [];

    public IReadOnlyList<JsonElement> LogsOf(string requestId) => Of(requestId).Where(line => !IsMetrics(line)).ToList();

    public IReadOnlyList<JsonElement> MetricLinesOf(string requestId) => Of(requestId).Where(IsMetrics).ToList();

    /// <summary>The EMF values of one invocation, each line checked against the EMF specification.</summary>
    public IReadOnlyList<MetricValue> MetricsOf(string requestId, string metricsNamespace = "OrgSync")
    {
        var values = new List<MetricValue>();
        foreach (var line in MetricLinesOf(requestId))
        {
            var aws = line.GetProperty("_aws");
            Assert.Equal(JsonValueKind.Number, aws.GetProperty("Timestamp").ValueKind);
            var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
            Assert.Equal(metricsNamespace, directive.GetProperty("Namespace").GetString());
            var dimensions = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()).ToArray();
            Assert.True(dimensions is ["service"] or ["service", "target"], "dimensions " + string.Join(",", dimensions));
            foreach (var dimension in dimensions)
            {
                Assert.Equal(JsonValueKind.String, line.GetProperty(dimension!).ValueKind);
            }

            var target = dimensions.Length == 2 ? line.GetProperty("target").GetString() : null;
            var definitions = directive.GetProperty("Metrics").EnumerateArray().ToList();
            Assert.InRange(definitions.Count, 1, 100);
            foreach (var definition in definitions)
            {
                var name = definition.GetProperty("Name").GetString()!;
                Assert.Equal("Count", definition.GetProperty("Unit").GetString());
                values.Add(new MetricValue(name, target, line.GetProperty(name).GetDouble()));
            }
        }

        return values;
    }

    public static bool IsMetrics(JsonElement line) => line.TryGetProperty("_aws", out _);

    public static string Message(JsonElement line) => line.GetProperty("message").GetString()!;

    public static string? Field(JsonElement line, string name) =>
        line.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => string.Join('\n', Raw);

    /// <summary>The value of <paramref name="name"/> for <paramref name="target"/> (null: the batch-wide set), or 0.</summary>
    public static double Value(IEnumerable<MetricValue> metrics, string name, string? target = null) =>
        metrics.Where(metric => metric.Name == name && metric.Target == target).Sum(metric => metric.Value);

    public static string Describe(IEnumerable<MetricValue> metrics) =>
        string.Join("; ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name}[{m.Target ?? "-"}]={m.Value}")));
}
