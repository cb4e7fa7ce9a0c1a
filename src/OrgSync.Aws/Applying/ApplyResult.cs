using OrgSync.Aws.Errors;
using OrgSync.Core.Planning;

namespace OrgSync.Aws.Applying;

public enum ApplyOutcome
{
    /// <summary>
    /// A write was sent and confirmed: by the resource its response returned (re-planned: nothing left
    /// to do), by the success of a full replacement, or, after a failed attempt, by a re-read.
    /// </summary>
    Written,

    /// <summary>The target already matched (or the plan chose not to write); nothing was sent.</summary>
    Unchanged,

    /// <summary>The target could not be brought in line; the contributing messages must fail.</summary>
    Failed,
}

/// <summary>What happened to one target (or, for delivery channels, one account's channel in one Region).</summary>
/// <param name="TargetKey">The target's key (<c>aggregator/us-east-1/org</c>) or resource key (<c>delivery-channel/222222222222/us-east-1</c>).</param>
/// <param name="Reason">Why: the planner's reason, "written…", or the failure in one line.</param>
public sealed record ApplyResult(string TargetKey, ApplyOutcome Outcome, string Reason, ApplyCounts Counts)
{
    /// <summary>Unchanged, but not as asked (e.g. an aggregator would have been left with no accounts).</summary>
    public bool IsWarning { get; init; }

    /// <summary>Set when <see cref="Outcome"/> is <see cref="ApplyOutcome.Failed"/>.</summary>
    public FailureKind? FailureKind { get; init; }

    /// <summary>The AWS error code of the failure, when an AWS call caused it.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>What the write changed, when one was sent.</summary>
    public PlanDiff? Diff { get; init; }

    public bool Succeeded => Outcome != ApplyOutcome.Failed;
}

/// <summary>What one apply cost, reported per target as metrics.</summary>
/// <remarks>
/// Without failures an apply is one read (<see cref="NoOpReads"/> = 1 when nothing needed writing) or
/// one read and one write; only a failed attempt (throttle, 5xx, lost response, timeout) adds calls.
/// Member-account targets also cost an <c>sts:AssumeRole</c> when no cached credentials are valid.
/// </remarks>
/// <param name="Writes">Write requests sent (a write whose response was lost counts once).</param>
/// <param name="NoOpReads">1 when the target was read and nothing needed writing.</param>
/// <param name="Throttles">Throttling errors received.</param>
/// <param name="Retries">Backoffs taken before another attempt.</param>
public sealed record ApplyCounts(int Writes, int NoOpReads, int Throttles, int Retries)
{
    /// <summary>Read requests started (a failed read counts too).</summary>
    public int Reads { get; init; }

    public static ApplyCounts None { get; } = new(0, 0, 0, 0);
}
