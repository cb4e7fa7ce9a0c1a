using System.Text.Json;
using OrgSync.Core.Observability;
using OrgSync.Functions.Logging;
using OrgSync.Functions.Metrics;
using OrgSync.Functions.Tests.Runtime;
using OrgSync.Functions.Tests.Support;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Metrics;

public sealed class EmfMetricsSinkTests
{
    private static (EmfMetricsSink Sink, StdoutCaptureStream Stdout) Create()
    {
        var stdout = new StdoutCaptureStream();
        return (new EmfMetricsSink("OrgSync", "orgsync", new StdoutLineWriter(stdout), TimeProvider.System), stdout);
    }

    [Fact]
    public void Counts_are_summed_per_target_and_written_as_one_EMF_object_per_dimension_set()
    {
        var (sink, stdout) = Create();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        sink.Add(MetricNames.Writes, 1, "aggregator/us-east-1/org");
        sink.Add(MetricNames.AccountsJoined, 2, "aggregator/us-east-1/org");
        sink.Add(MetricNames.Writes, 1, "aggregator/us-east-1/org");
        sink.Add(MetricNames.InvalidMessages, 1);
        sink.Add(MetricNames.IgnoredMessages, 3);
        sink.Flush();

        var lines = stdout.JsonLines;
        Assert.Equal(2, lines.Count);
        var perTarget = lines.Single(line => line.TryGetProperty("target", out _));
        var batchWide = lines.Single(line => !line.TryGetProperty("target", out _));

        AssertEnvelope(perTarget, before, ["service", "target"], [MetricNames.Writes, MetricNames.AccountsJoined]);
        Assert.Equal("orgsync", perTarget.GetProperty("service").GetString());
        Assert.Equal("aggregator/us-east-1/org", perTarget.GetProperty("target").GetString());
        Assert.Equal(2, perTarget.GetProperty(MetricNames.Writes).GetDouble());
        Assert.Equal(2, perTarget.GetProperty(MetricNames.AccountsJoined).GetDouble());

        AssertEnvelope(batchWide, before, ["service"], [MetricNames.InvalidMessages, MetricNames.IgnoredMessages]);
        Assert.Equal(1, batchWide.GetProperty(MetricNames.InvalidMessages).GetDouble());
        Assert.Equal(3, batchWide.GetProperty(MetricNames.IgnoredMessages).GetDouble());
    }

    [Fact]
    public void An_object_holds_at_most_100_metrics_and_a_flush_starts_over()
    {
        var (sink, stdout) = Create();
        for (var i = 0; i < 150; i++)
        {
            sink.Add($"Metric{i}", i);
        }

        sink.Flush();
        sink.Flush();

        var lines = stdout.JsonLines;
        Assert.Equal(2, lines.Count);
        Assert.Equal([100, 50], lines.Select(line => line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength()));
        Assert.Equal(149, lines[1].GetProperty("Metric149").GetDouble());
    }

    [Fact]
    public async Task Metrics_counted_during_an_invocation_are_flushed_when_it_ends()
    {
        var options = TestHandlers.Options() with
        {
            Handlers = new OrgSync.Functions.Handlers.HandlerFactories(
                services => new DelegateSqsHandler((batch, _, _) =>
                {
                    services.Metrics.Add(MetricNames.IgnoredMessages, batch.Records.Length);
                    return Task.FromResult(SqsBatchResponse.AllSucceeded);
                }),
                _ => new DelegateEventBridgeHandler((_, _, _) => Task.CompletedTask)),
        };
        var environment = RuntimeLoopTests.Environment();
        environment["POWERTOOLS_METRICS_NAMESPACE"] = "OrgSyncTest";
        await using var function = await InProcessFunction.StartAsync(environment, options);

        await function.Api.Invoke(TestData.SqsEvent(("m1", "{}"), ("m2", "{}"))).WaitAsync(TimeSpan.FromSeconds(20));
        await function.Api.Invoke(TestData.SqsEvent(("m3", "{}"))).WaitAsync(TimeSpan.FromSeconds(20));

        var emf = function.Stdout.JsonLines.Where(line => line.TryGetProperty("_aws", out _)).ToList();
        Assert.Equal([2.0, 1.0], emf.Select(line => line.GetProperty(MetricNames.IgnoredMessages).GetDouble()));
        Assert.All(emf, line => Assert.Equal(
            "OrgSyncTest", line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
    }

    private static void AssertEnvelope(JsonElement line, long notBefore, string[] dimensions, string[] metrics)
    {
        var aws = line.GetProperty("_aws");
        Assert.InRange(aws.GetProperty("Timestamp").GetInt64(), notBefore, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("OrgSync", directive.GetProperty("Namespace").GetString());
        var dimensionSet = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(dimensions, dimensionSet.EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(metrics, directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()));
        Assert.All(directive.GetProperty("Metrics").EnumerateArray(), m => Assert.Equal("Count", m.GetProperty("Unit").GetString()));
    }
}
