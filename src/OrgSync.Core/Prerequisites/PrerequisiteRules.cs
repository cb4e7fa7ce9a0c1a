using OrgSync.Core.Applying;

namespace OrgSync.Core.Prerequisites;

/// <summary>
/// SPEC §3.5: what a member-account call's answer means for the step and its account. A refused or missing enabling
/// prerequisite blocks the account for that list only (transient: SQS retries, then dead-letters with the reason; an
/// SCP deny is permanent); a withdrawal after a leave is best effort and never blocks.
/// </summary>
public static class PrerequisiteRules
{
    /// <summary>
    /// How much older than the request an authorization a put returns must be to count as already there: the put is
    /// idempotent and answers with the existing authorization, and clocks may differ by up to SigV4's allowed skew.
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <param name="sentAt">When the call was sent (by the caller's clock).</param>
    /// <param name="memberRoleArn">The member role the call went through, for the reasons.</param>
    public static PrerequisiteResult Judge(PrerequisiteStep step, PrerequisiteAnswer answer, DateTimeOffset sentAt, string memberRoleArn)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(answer);

        return step.Operation switch
        {
            PrerequisiteOperation.PutAggregationAuthorization => Put(step, answer, sentAt, memberRoleArn),
            PrerequisiteOperation.DeleteAggregationAuthorization => Delete(step, answer),
            PrerequisiteOperation.GetRole => Role(step, answer, memberRoleArn),
            _ => throw new ArgumentOutOfRangeException(nameof(step), step.Operation, "unknown prerequisite"),
        };
    }

    /// <summary>Plan only: a step that changes something is shown, not sent.</summary>
    public static PrerequisiteResult Planned(PrerequisiteStep step, PlannedRequest request) =>
        new(step, PrerequisiteOutcome.Planned, $"would send {step}") { Request = request };

    private static PrerequisiteResult Put(PrerequisiteStep step, PrerequisiteAnswer answer, DateTimeOffset sentAt, string roleArn)
    {
        var what = $"account {step.AccountId} authorizes aggregator account {step.AuthorizedAccountId} ({step.AuthorizedAwsRegion}) in {step.Region}";
        return answer switch
        {
            // Only an authorization made earlier can be older than the request; one without a time was not made now either.
            PrerequisiteAnswer.Accepted { CreatedAt: var created } when created is null || created < sentAt - ClockTolerance =>
                new(step, PrerequisiteOutcome.AlreadyAuthorized, what + " (already authorized)"),
            PrerequisiteAnswer.Accepted => new(step, PrerequisiteOutcome.Authorized, what),
            _ => Blocking(step, answer, roleArn),
        };
    }

    private static PrerequisiteResult Delete(PrerequisiteStep step, PrerequisiteAnswer answer)
    {
        var what = $"authorization of aggregator account {step.AuthorizedAccountId} ({step.AuthorizedAwsRegion}) in account {step.AccountId} ({step.Region})";
        return answer switch
        {
            PrerequisiteAnswer.Accepted => new(step, PrerequisiteOutcome.Deleted, what + " withdrawn after the leave"),
            PrerequisiteAnswer.Denied denied => new(step, PrerequisiteOutcome.Unreachable, $"{what} not withdrawn (best effort, ignored: the account can no longer be reached): {denied.Detail}"),
            PrerequisiteAnswer.Failed failed => new(step, PrerequisiteOutcome.Unreachable, $"{what} not withdrawn (best effort, ignored): {failed.Detail}"),
            _ => new(step, PrerequisiteOutcome.Unreachable, $"{what} not withdrawn (best effort, ignored)"),
        };
    }

    private static PrerequisiteResult Role(PrerequisiteStep step, PrerequisiteAnswer answer, string roleArn) => answer switch
    {
        PrerequisiteAnswer.Accepted => new(step, PrerequisiteOutcome.RolePresent, $"role {step.RoleName} exists in account {step.AccountId}"),
        PrerequisiteAnswer.NotFound => new(step, PrerequisiteOutcome.RoleMissing,
            $"role {step.RoleName} does not exist in account {step.AccountId} yet: Image Builder needs it to copy AMIs there, "
            + $"so the account joins {step.List} once it does (infra/member-role.yaml can create it)")
        {
            Blocks = FailureKind.Transient,
        },
        _ => Blocking(step, answer, roleArn),
    };

    private static PrerequisiteResult Blocking(PrerequisiteStep step, PrerequisiteAnswer answer, string roleArn) => answer switch
    {
        PrerequisiteAnswer.Denied { ByServiceControlPolicy: true } denied => new(step, PrerequisiteOutcome.DeniedByServiceControlPolicy,
            MemberAccountReasons.ServiceControlPolicyDeny(step.AccountId, denied.Action, denied.Detail))
        {
            Blocks = FailureKind.Permanent,
        },
        PrerequisiteAnswer.Denied { WhileAssumingRole: true } denied => new(step, PrerequisiteOutcome.Refused, MemberAccountReasons.RoleNotAssumable(roleArn, denied.Detail))
        {
            Blocks = FailureKind.Transient,
        },
        PrerequisiteAnswer.Denied denied => new(step, PrerequisiteOutcome.Refused, MemberAccountReasons.Refused(step.AccountId, denied.Action, roleArn, denied.Detail))
        {
            Blocks = FailureKind.Transient,
        },
        PrerequisiteAnswer.Failed failed => new(step, PrerequisiteOutcome.Failed, $"{step} failed: {failed.Detail}")
        {
            Blocks = failed.Kind == FailureKind.Permanent ? FailureKind.Permanent : FailureKind.Transient,
        },
        _ => new(step, PrerequisiteOutcome.Failed, $"{step}: unexpected answer {answer.GetType().Name}") { Blocks = FailureKind.Permanent },
    };
}
