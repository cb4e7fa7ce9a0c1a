namespace OrgSync.Pipeline.Units;

public enum TargetStatus
{
    /// <summary>A write was sent and confirmed.</summary>
    Written,

    /// <summary>Read, and already as planned (or the planner chose not to write): nothing was sent.</summary>
    Unchanged,

    /// <summary>Plan only: read, and a write planned (<see cref="TargetOutcome.Request"/>), not sent.</summary>
    Planned,

    /// <summary>No change was left for the target (stale, excluded, not applicable): not even read.</summary>
    NothingToApply,

    /// <summary>The messages that contributed a change to it fail.</summary>
    Failed,
}
