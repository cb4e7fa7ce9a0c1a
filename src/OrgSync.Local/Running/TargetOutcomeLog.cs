using System.Collections.Immutable;
using OrgSync.Core.Prerequisites;
using OrgSync.Pipeline.Units;

namespace OrgSync.Local.Running;

/// <summary>
/// What the run's target units did in member accounts, gathered over every delivery for the summary: each prerequisite
/// step sent (once per target, account, Region, operation and outcome), each blocked account (with the last reason), and
/// each resource left alone.
/// </summary>
internal sealed class TargetOutcomeLog
{
    private readonly object _gate = new();
    private readonly List<PrerequisiteEntry> _prerequisites = [];
    private readonly HashSet<(string, string, string?, PrerequisiteOperation, PrerequisiteOutcome)> _seen = [];
    private readonly List<(string Target, string Account, string List)> _blockedOrder = [];
    private readonly Dictionary<(string Target, string Account, string List), BlockedEntry> _blocked = [];
    private readonly Dictionary<string, LeftAloneEntry> _leftAlone = new(StringComparer.Ordinal);

    public ImmutableArray<PrerequisiteEntry> Prerequisites
    {
        get
        {
            lock (_gate)
            {
                return [.. _prerequisites];
            }
        }
    }

    public ImmutableArray<BlockedEntry> Blocked
    {
        get
        {
            lock (_gate)
            {
                return [.. _blockedOrder.Select(key => _blocked[key])];
            }
        }
    }

    public ImmutableArray<LeftAloneEntry> LeftAlone
    {
        get
        {
            lock (_gate)
            {
                return [.. _leftAlone.Values.OrderBy(entry => entry.Target, StringComparer.Ordinal)];
            }
        }
    }

    public void Add(IEnumerable<TargetOutcome> targets)
    {
        lock (_gate)
        {
            foreach (var target in targets)
            {
                foreach (var result in target.Prerequisites.Where(r => r.Outcome != PrerequisiteOutcome.Planned))
                {
                    var step = result.Step;
                    if (_seen.Add((target.Key, step.AccountId, step.Region, step.Operation, result.Outcome)))
                    {
                        _prerequisites.Add(new PrerequisiteEntry(target.Key, step.AccountId, step.Region, step.Operation.ToString(), result.Outcome.ToString(), result.Reason));
                    }
                }

                foreach (var blocked in target.Blocked)
                {
                    var key = (target.Key, blocked.AccountId, blocked.List);
                    if (!_blocked.ContainsKey(key))
                    {
                        _blockedOrder.Add(key);
                    }

                    _blocked[key] = new BlockedEntry(target.Key, blocked.AccountId, blocked.List, blocked.Reason, blocked.Kind == Core.Applying.FailureKind.Permanent);
                }

                if (target is { Status: TargetStatus.Unchanged, IsLeftAlone: true })
                {
                    _leftAlone[target.Key] = new LeftAloneEntry(target.Key, target.Reason);
                }
            }
        }
    }
}
