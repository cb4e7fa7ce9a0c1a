using System.Collections.Immutable;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;

namespace OrgSync.Core.Applying;

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

    /// <summary>
    /// The failure is an explicit deny in a service control policy (a Control Tower guardrail on a channel): no redelivery
    /// changes it until someone changes the policy.
    /// </summary>
    public bool IsServiceControlPolicyDeny { get; init; }

    /// <summary>What the write changed (or, plan only, would change), when one was planned.</summary>
    public PlanDiff? Diff { get; init; }

    /// <summary>Plan only: the request that would be sent.</summary>
    public PlannedRequest? Request { get; init; }

    /// <summary>
    /// The account lists the target maintains, as last read (one set per list; empty when it maintains none, e.g. an
    /// organization source): what a reconcile pass compares with the organization.
    /// </summary>
    public ImmutableArray<ImmutableSortedSet<string>> Lists { get; init; } = [];

    /// <summary>Accounts a prerequisite kept out of a list (SPEC §3.5); the apply itself may still have succeeded.</summary>
    public ImmutableArray<BlockedAccount> Blocked { get; init; } = [];

    /// <summary>
    /// The member-account steps the write needed (SPEC §3.5), in the order they ran: each with its outcome, or (plan only)
    /// the request that would be sent. <see cref="Blocked"/> lists the accounts they kept out of a list.
    /// </summary>
    public ImmutableArray<PrerequisiteResult> Prerequisites { get; init; } = [];

    /// <summary>What the plan warns about beside its reason (e.g. sources authorized in one Region only); logged as warnings.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Unchanged because the resource is someone else's to manage (a Control Tower channel): left alone by design.</summary>
    public bool IsLeftAlone { get; init; }

    public bool Succeeded => Outcome != ApplyOutcome.Failed;
}
