namespace OrgSync.Core.Observability;

/// <summary>
/// Where the pipeline and appliers count what happened. Lambda writes CloudWatch Embedded Metric
/// Format lines; <c>local</c> and tests keep counters in memory. A port, so no shell leaks into Core.
/// </summary>
public interface IMetricsSink
{
    /// <param name="name">One of <see cref="MetricNames"/>.</param>
    /// <param name="target">The target key (<c>aggregator/us-east-1/org</c>), or null for batch-wide figures.</param>
    void Add(string name, double value, string? target = null);
}

/// <summary>The metric names OrgSync emits (dimension: target, when there is one).</summary>
public static class MetricNames
{
    public const string AccountsJoined = "AccountsJoined";
    public const string AccountsLeft = "AccountsLeft";
    public const string Writes = "Writes";
    public const string NoOpReads = "NoOpReads";
    public const string Throttles = "Throttles";
    public const string Retries = "Retries";
    public const string TargetFailures = "TargetFailures";
    public const string DeadLetters = "DeadLetters";
    public const string InvalidMessages = "InvalidMessages";
    public const string IgnoredMessages = "IgnoredMessages";
    public const string StaleChanges = "StaleChanges";

    // SPEC §3.5: joins of accounts that are not ACTIVE members, refused for every target.
    public const string MembershipRefused = "MembershipRefused";

    // SPEC §6: a reconcile pass's drift per target, and what the weekly aggregator budget deferred.
    public const string DriftMissing = "DriftMissing";
    public const string DriftStale = "DriftStale";
    public const string DriftForeign = "DriftForeign";
    public const string Deferred = "Deferred";

    // SPEC §3.5: prerequisites put in member accounts, accounts blocked for a list, and failed aggregator sources.
    public const string PrerequisitesApplied = "PrerequisitesApplied";
    public const string BlockedAccounts = "BlockedAccounts";
    public const string AggregatorSourcesFailed = "AggregatorSourcesFailed";

    // SPEC §7: completion events and Step Functions callbacks.
    public const string NotificationsSent = "NotificationsSent";
    public const string NotificationsFailed = "NotificationsFailed";
    public const string TaskCallbacksSent = "TaskCallbacksSent";
    public const string TaskCallbacksFailed = "TaskCallbacksFailed";
}

public sealed class NullMetricsSink : IMetricsSink
{
    public static NullMetricsSink Instance { get; } = new();

    public void Add(string name, double value, string? target = null)
    {
    }
}
