using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Core.Observability;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>The on-call dashboard shows every metric the functions emit, and the README explains every widget.</summary>
public sealed partial class DashboardTests
{
    /// <summary>Metrics counted per target (dimensions service, target).</summary>
    private static readonly string[] PerTarget =
    [
        "AccountsJoined", "AccountsLeft", "Writes", "NoOpReads", "Throttles", "Retries", "TargetFailures", "StaleChanges",
        "DriftMissing", "DriftStale", "DriftForeign", "Deferred", "AggregatorSourcesFailed", "PrerequisitesApplied", "BlockedAccounts",
    ];

    /// <summary>Metrics counted per batch or pass (dimension service only).</summary>
    private static readonly string[] BatchWide =
    [
        "DeadLetters", "InvalidMessages", "IgnoredMessages", "MembershipRefused",
        "NotificationsSent", "NotificationsFailed", "TaskCallbacksSent", "TaskCallbacksFailed",
    ];

    [Fact]
    public void Every_metric_the_code_names_is_classified_here()
    {
        var named = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!);

        var unknown = named.Except(PerTarget).Except(BatchWide).ToList();
        Assert.True(unknown.Count == 0, $"MetricNames has {string.Join(", ", unknown)}, which the dashboard does not show: add it to a widget and to this test");
    }

    [Theory]
    [InlineData("OrgSync")]
    [InlineData("Platform/OrgSync")]
    public async Task Every_metric_is_on_the_dashboard_with_its_dimensions_and_namespace(string metricsNamespace)
    {
        var widgets = await WidgetsAsync(new Dictionary<string, string> { ["MetricsNamespace"] = metricsNamespace });
        var searches = Metrics(widgets).Select(m => (m[0] as JsonObject)?["expression"].Text()).OfType<string>().ToList();
        var plain = Metrics(widgets).Where(m => m[0].Text() is not null).Select(m => string.Join("|", m.Select(part => part.Text()).OfType<string>())).ToList();

        foreach (var metric in PerTarget)
        {
            Assert.True(searches.Any(search => search.Contains($"{{\"{metricsNamespace}\",service,target}} MetricName=\"{metric}\"", StringComparison.Ordinal)),
                $"{metric} is counted per target: the dashboard needs SEARCH('{{\"{metricsNamespace}\",service,target}} MetricName=\"{metric}\"', ...)");
        }

        foreach (var metric in BatchWide)
        {
            Assert.True(plain.Contains($"{metricsNamespace}|{metric}|service|orgsync"),
                $"{metric} is counted per batch: the dashboard needs [\"{metricsNamespace}\", \"{metric}\", \"service\", \"orgsync\"]");
        }
    }

    [Fact]
    public async Task The_queues_and_the_functions_are_on_the_dashboard()
    {
        var plain = Metrics(await WidgetsAsync(new Dictionary<string, string>())).Select(m => m.Select(part => part.Text()).OfType<string>().ToArray()).ToList();

        Assert.Contains(plain, m => m is ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "${EventQueue.QueueName}", ..]);
        Assert.Contains(plain, m => m is ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "${DeadLetterQueue.QueueName}", ..]);
        foreach (var function in new[] { "SqsFunction", "EventBridgeFunction", "ReconcileFunction" })
        {
            foreach (var metric in new[] { "Errors", "Duration" })
            {
                Assert.Contains(plain, m => m.Length >= 4 && m[0] == "AWS/Lambda" && m[1] == metric && m[3] == $"${{{function}}}");
            }
        }
    }

    [Fact]
    public async Task The_widgets_fit_the_grid_without_overlapping()
    {
        var boxes = (await WidgetsAsync(new Dictionary<string, string>())).Select(w => (X: w["x"]!.GetValue<int>(), Y: w["y"]!.GetValue<int>(), W: w["width"]!.GetValue<int>(), H: w["height"]!.GetValue<int>(), Title: Title(w))).ToList();

        foreach (var box in boxes)
        {
            Assert.True(box.X >= 0 && box.X + box.W <= 24, $"{box.Title}: beyond the 24 columns");
            foreach (var other in boxes.Where(o => o != box))
            {
                var overlap = box.X < other.X + other.W && other.X < box.X + box.W && box.Y < other.Y + other.H && other.Y < box.Y + box.H;
                Assert.False(overlap, $"{box.Title} overlaps {other.Title}");
            }
        }
    }

    [Fact]
    public async Task The_README_explains_every_widget_in_its_Operations_section()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("\n## Operations", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Operations' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var operations = end < 0 ? readme[start..] : readme[start..end];

        foreach (var widget in (await WidgetsAsync(new Dictionary<string, string>())).Where(w => w["type"].Text() != "text"))
        {
            Assert.True(operations.Contains($"**{Title(widget)}**", StringComparison.Ordinal),
                $"README.md, Operations: the widget '{Title(widget)}' needs its entry (**{Title(widget)}**: what it means, what to do when it is red)");
        }
    }

    /// <summary>The dashboard's widgets for these parameters, with CloudFormation's own substitutions done and resource attributes left as ${Resource.Attribute}.</summary>
    private static async Task<List<JsonObject>> WidgetsAsync(Dictionary<string, string> overrides)
    {
        var scenario = await Scenarios.SamWithAsync(overrides);
        var body = scenario.Resource("Dashboard")["Properties"]!["DashboardBody"]!;
        var text = body.Text() ?? body["Fn::Sub"].Text()!;
        var parsed = JsonNode.Parse(EscapedSubstitution().Replace(text, "${$1}"))!;
        return [.. parsed["widgets"]!.AsArray().OfType<JsonObject>()];
    }

    private static IEnumerable<JsonArray> Metrics(IEnumerable<JsonObject> widgets) =>
        widgets.SelectMany(w => w["properties"]?["metrics"]?.AsArray().OfType<JsonArray>() ?? []);

    private static string Title(JsonObject widget) => widget["properties"]?["title"].Text() ?? "(untitled)";

    // ${!Literal} is Fn::Sub's escape for a literal ${Literal}: CloudWatch's dynamic labels.
    [GeneratedRegex(@"\$\{!([^}]*)\}")]
    private static partial Regex EscapedSubstitution();
}
