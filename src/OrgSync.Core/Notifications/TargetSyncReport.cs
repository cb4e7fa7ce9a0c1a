namespace OrgSync.Core.Notifications;

/// <summary>One target's line of a completion event.</summary>
/// <param name="IsFinal">
/// Whether this outcome stands whatever happens next: everything but a failure or a transient block, which the
/// message's redelivery may still turn around (they are final on its last delivery only).
/// </param>
public sealed record TargetSyncReport(string Target, TargetSyncOutcome Outcome, string Reason, bool IsFinal)
{
    /// <summary>Counts as in place for <c>Account Sync Completed</c>.</summary>
    public bool IsInPlace => Outcome is TargetSyncOutcome.Applied or TargetSyncOutcome.AlreadyInPlace or TargetSyncOutcome.Excluded or TargetSyncOutcome.LeftAlone;

    /// <summary>The wire name in the event's <c>detail.targets[].outcome</c>.</summary>
    public string OutcomeName => Outcome switch
    {
        TargetSyncOutcome.Applied => "applied",
        TargetSyncOutcome.AlreadyInPlace => "already-in-place",
        TargetSyncOutcome.Excluded => "excluded",
        TargetSyncOutcome.LeftAlone => "left-alone",
        TargetSyncOutcome.Superseded => "superseded",
        TargetSyncOutcome.Blocked => "blocked",
        _ => "failed",
    };

    /// <summary>The outcome a wire name (<see cref="OutcomeName"/>) stands for.</summary>
    /// <exception cref="ArgumentException">Not a wire name.</exception>
    public static TargetSyncOutcome ParseOutcome(string name) => name switch
    {
        "applied" => TargetSyncOutcome.Applied,
        "already-in-place" => TargetSyncOutcome.AlreadyInPlace,
        "excluded" => TargetSyncOutcome.Excluded,
        "left-alone" => TargetSyncOutcome.LeftAlone,
        "superseded" => TargetSyncOutcome.Superseded,
        "blocked" => TargetSyncOutcome.Blocked,
        "failed" => TargetSyncOutcome.Failed,
        _ => throw new ArgumentException($"'{name}' is not a target outcome", nameof(name)),
    };
}
