namespace OrgSync.Core.Applying;

public enum ApplyOutcome
{
    /// <summary>
    /// A write was sent and confirmed: by the resource its response returned (re-planned: nothing left
    /// to do), by the success of a full replacement, or, after a failed attempt, by a re-read.
    /// </summary>
    Written,

    /// <summary>The target already matched (or the plan chose not to write); nothing was sent.</summary>
    Unchanged,

    /// <summary>Plan only (<see cref="ApplyMode.PlanOnly"/>): the target was read and a write planned, not sent.</summary>
    Planned,

    /// <summary>The target could not be brought in line (or, plan only, read); the contributing messages must fail.</summary>
    Failed,
}
