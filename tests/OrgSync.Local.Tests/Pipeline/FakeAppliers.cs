using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrgSync.Aws.Applying;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Units;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>
/// Appliers over in-memory account sets, one per target key, with a real read → merge → write (and an
/// optional pause in between, so an unguarded concurrent writer would lose an update). Failures are scripted.
/// </summary>
internal sealed class FakeAppliers : ITargetAppliers
{
    private readonly ConcurrentDictionary<string, ImmutableSortedSet<string>> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _applies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _writes = new(StringComparer.Ordinal);

    /// <summary>Target keys whose apply fails (with this reason).</summary>
    public ConcurrentDictionary<string, string> Failing { get; } = new(StringComparer.Ordinal);

    /// <summary>Target keys whose apply throws (an applier bug, a storage error): the unit fails after the ledger was read.</summary>
    public ConcurrentDictionary<string, string> Throwing { get; } = new(StringComparer.Ordinal);

    /// <summary>Target keys whose write an SCP denies (with this reason).</summary>
    public ConcurrentDictionary<string, string> Denied { get; } = new(StringComparer.Ordinal);

    /// <summary>Target keys whose apply leaves them unchanged with this warning (as an aggregator that cannot lose its last account).</summary>
    public ConcurrentDictionary<string, string> Warning { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// (target key, account) pairs a prerequisite keeps out of one list (<c>targetAccountIds</c>, with this reason) while
    /// the rest of the write goes ahead, as a missing Image Builder role does: the account still joins the resource (its
    /// launch permission) and the apply succeeds, reporting it blocked.
    /// </summary>
    public ConcurrentDictionary<(string Key, string Account), string> Blocking { get; } = new();

    /// <summary>Between the read and the write.</summary>
    public TimeSpan Pause { get; init; }

    public ConcurrentQueue<(string Key, MembershipDelta Delta, DateTimeOffset Deadline)> Calls { get; } = new();

    public ImmutableSortedSet<string> Accounts(string key) => _resources.GetValueOrDefault(key, ImmutableSortedSet<string>.Empty);

    public int Applies(string key) => _applies.GetValueOrDefault(key);

    public int Writes(string key) => _writes.GetValueOrDefault(key);

    public Task<ApplyResult> ApplyAsync(TargetWork work, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken) =>
        work switch
        {
            TargetWork.Aggregator aggregator => ApplyAsync(work.Key, aggregator.Delta, deadline, fence!, cancellationToken),
            TargetWork.Distribution distribution => ApplyAsync(work.Key, distribution.Delta, deadline, fence!, cancellationToken),
            TargetWork.DeliveryChannel => ApplyAsync(work.Key, MembershipDelta.Empty with { Joins = MembershipDelta.Empty.Joins.Add(((TargetWork.DeliveryChannel)work).AccountId) }, deadline, fence!, cancellationToken),
            _ => throw new ArgumentException("unknown work", nameof(work)),
        };

    private async Task<ApplyResult> ApplyAsync(string key, MembershipDelta delta, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken)
    {
        Calls.Enqueue((key, delta, deadline));
        _applies.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Failing.TryGetValue(key, out var reason))
        {
            return new ApplyResult(key, ApplyOutcome.Failed, reason, ApplyCounts.None) { FailureKind = FailureKind.Transient };
        }

        if (Throwing.TryGetValue(key, out var message))
        {
            throw new InvalidOperationException(message);
        }

        if (Denied.TryGetValue(key, out var denial))
        {
            return new ApplyResult(key, ApplyOutcome.Failed, denial, ApplyCounts.None) { FailureKind = FailureKind.Permanent, IsServiceControlPolicyDeny = true };
        }

        if (Warning.TryGetValue(key, out var warning))
        {
            return new ApplyResult(key, ApplyOutcome.Unchanged, warning, ApplyCounts.None) { IsWarning = true };
        }

        ImmutableArray<BlockedAccount> blocked =
        [
            .. delta.Joins
                .Where(account => Blocking.ContainsKey((key, account)))
                .Select(account => new BlockedAccount(account, "targetAccountIds", Blocking[(key, account)], FailureKind.Transient)),
        ];
        var read = Accounts(key);
        var merged = read.Union(delta.Joins).Except(delta.Leaves);
        if (merged.SetEquals(read))
        {
            return new ApplyResult(key, ApplyOutcome.Unchanged, "already as planned", ApplyCounts.None) { Blocked = blocked };
        }

        if (Pause > TimeSpan.Zero)
        {
            await Task.Delay(Pause, cancellationToken);
        }

        if (!await fence(key, cancellationToken))
        {
            return new ApplyResult(key, ApplyOutcome.Failed, "the lease was lost before the write; nothing was written", ApplyCounts.None);
        }

        _resources[key] = merged;
        _writes.AddOrUpdate(key, 1, (_, n) => n + 1);
        var diff = new PlanDiff([.. merged.Except(read)], [.. read.Except(merged)], []);
        return new ApplyResult(key, ApplyOutcome.Written, "written", new ApplyCounts(1, 0, 0, 0)) { Diff = diff, Blocked = blocked };
    }
}

/// <summary>Metrics kept in memory.</summary>
internal sealed class MetricsRecorder : Core.Observability.IMetricsSink
{
    public ConcurrentQueue<(string Name, double Value, string? Target)> Points { get; } = new();

    public void Add(string name, double value, string? target = null) => Points.Enqueue((name, value, target));

    public double Sum(string name, string? target = null) =>
        Points.Where(p => p.Name == name && (target is null || p.Target == target)).Sum(p => p.Value);
}
