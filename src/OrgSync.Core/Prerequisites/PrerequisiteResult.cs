using OrgSync.Core.Applying;

namespace OrgSync.Core.Prerequisites;

/// <summary>What one prerequisite step came to: the step, its outcome, and why.</summary>
/// <param name="Reason">One line that names the account and, for a refusal, the role or the SCP deny and the action.</param>
public sealed record PrerequisiteResult(PrerequisiteStep Step, PrerequisiteOutcome Outcome, string Reason)
{
    /// <summary>Set when the result keeps the account out of <see cref="PrerequisiteStep.List"/>: how retrying can help.</summary>
    public FailureKind? Blocks { get; init; }

    /// <summary>Plan only: the request that would be sent (authorizations put or withdrawn).</summary>
    public PlannedRequest? Request { get; init; }

    /// <summary>A put or delete that was sent and accepted: what <see cref="ApplyCounts.Prerequisites"/> counts.</summary>
    public bool WasApplied => Outcome is PrerequisiteOutcome.Authorized or PrerequisiteOutcome.AlreadyAuthorized or PrerequisiteOutcome.Deleted;

    /// <summary>The account blocked for its list, when this result blocks it.</summary>
    public BlockedAccount? Blocked => Blocks is { } kind ? new BlockedAccount(Step.AccountId, Step.List, Reason, kind) : null;

    public override string ToString() => $"{Step}: {Outcome}: {Reason}";
}
