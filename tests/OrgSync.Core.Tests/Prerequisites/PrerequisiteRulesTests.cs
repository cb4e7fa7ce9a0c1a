using OrgSync.Core.Applying;
using OrgSync.Core.Prerequisites;

namespace OrgSync.Core.Tests.Prerequisites;

/// <summary>SPEC §3.5: what each answer of a member account means for the step and its account — every outcome.</summary>
public class PrerequisiteRulesTests
{
    private const string Account = "222222222222";
    private const string RoleArn = "arn:aws:iam::222222222222:role/OrgSyncMemberRole";
    private static readonly DateTimeOffset SentAt = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static readonly PrerequisiteStep Put = PrerequisiteStep.Authorize(Account, "eu-west-1", "111111111111", "us-east-1");
    private static readonly PrerequisiteStep Delete = PrerequisiteStep.Deauthorize(Account, "eu-west-1", "111111111111", "us-east-1");
    private static readonly PrerequisiteStep Role = PrerequisiteStep.RequireRole(Account, "EC2ImageBuilderDistributionCrossAccountRole", PrerequisiteStep.TargetAccountIds);

    private const string ScpDetail = "config.PutAggregationAuthorization failed with AccessDeniedException (HTTP 400, permanent): User: arn:aws:sts::222222222222:assumed-role/OrgSyncMemberRole/orgsync is not authorized to perform: config:PutAggregationAuthorization on resource: * with an explicit deny in a service control policy";

    public static TheoryData<string, PrerequisiteStep, PrerequisiteAnswer, PrerequisiteOutcome, FailureKind?, string> Cases => new()
    {
        { "authorized: the put made it now", Put, new PrerequisiteAnswer.Accepted(SentAt.AddSeconds(1)), PrerequisiteOutcome.Authorized, null, "authorizes aggregator account 111111111111 (us-east-1) in eu-west-1" },
        { "authorized: clocks may differ a little", Put, new PrerequisiteAnswer.Accepted(SentAt.AddMinutes(-4)), PrerequisiteOutcome.Authorized, null, "222222222222" },
        { "already authorized: the idempotent put returned an older one", Put, new PrerequisiteAnswer.Accepted(SentAt.AddDays(-30)), PrerequisiteOutcome.AlreadyAuthorized, null, "already authorized" },
        { "already authorized: no creation time comes back only for one not made now", Put, new PrerequisiteAnswer.Accepted(), PrerequisiteOutcome.AlreadyAuthorized, null, "already authorized" },
        { "deleted on leave", Delete, new PrerequisiteAnswer.Accepted(), PrerequisiteOutcome.Deleted, null, "withdrawn after the leave" },
        { "unreachable on leave: the role cannot be assumed any more (ignored)", Delete, new PrerequisiteAnswer.Denied("sts:AssumeRole", false, "sts.AssumeRole failed with AccessDenied"), PrerequisiteOutcome.Unreachable, null, "ignored" },
        { "unreachable on leave: even an SCP deny does not block a withdrawal", Delete, new PrerequisiteAnswer.Denied("config:DeleteAggregationAuthorization", true, "explicit deny"), PrerequisiteOutcome.Unreachable, null, "best effort" },
        { "unreachable on leave: any other failure is ignored too", Delete, new PrerequisiteAnswer.Failed(FailureKind.Transient, "InternalFailure"), PrerequisiteOutcome.Unreachable, null, "InternalFailure" },
        { "role present", Role, new PrerequisiteAnswer.Accepted(), PrerequisiteOutcome.RolePresent, null, "exists in account 222222222222" },
        { "role missing: blocked for targetAccountIds, transient", Role, new PrerequisiteAnswer.NotFound(), PrerequisiteOutcome.RoleMissing, FailureKind.Transient, "role EC2ImageBuilderDistributionCrossAccountRole does not exist in account 222222222222 yet" },
        { "member role not assumable yet: blocked, transient", Put, new PrerequisiteAnswer.Denied("sts:AssumeRole", false, "sts.AssumeRole failed with AccessDenied"), PrerequisiteOutcome.Refused, FailureKind.Transient, "cannot assume " + RoleArn + " yet" },
        { "authorization refused by the account: blocked, transient", Put, new PrerequisiteAnswer.Denied("config:PutAggregationAuthorization", false, "AccessDeniedException"), PrerequisiteOutcome.Refused, FailureKind.Transient, "account 222222222222 refused config:PutAggregationAuthorization to " + RoleArn },
        { "role check refused: blocked, transient", Role, new PrerequisiteAnswer.Denied("iam:GetRole", false, "AccessDenied"), PrerequisiteOutcome.Refused, FailureKind.Transient, "refused iam:GetRole" },
        { "SCP deny on the put: blocked, permanent, naming the SCP deny and the action", Put, new PrerequisiteAnswer.Denied("config:PutAggregationAuthorization", true, ScpDetail), PrerequisiteOutcome.DeniedByServiceControlPolicy, FailureKind.Permanent, "account 222222222222: config:PutAggregationAuthorization is refused by an explicit deny in a service control policy" },
        { "SCP deny on assuming the role: permanent, not a role still on its way", Role, new PrerequisiteAnswer.Denied("sts:AssumeRole", true, "explicit deny in a service control policy"), PrerequisiteOutcome.DeniedByServiceControlPolicy, FailureKind.Permanent, "sts:AssumeRole is refused by an explicit deny in a service control policy" },
        { "retries spent: blocked, transient", Put, new PrerequisiteAnswer.Failed(FailureKind.Throttling, "gave up after 10 failed attempts"), PrerequisiteOutcome.Failed, FailureKind.Transient, "gave up" },
        { "a request no retry can fix: blocked, permanent", Put, new PrerequisiteAnswer.Failed(FailureKind.Permanent, "InvalidParameterValueException"), PrerequisiteOutcome.Failed, FailureKind.Permanent, "InvalidParameterValueException" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_answer_has_one_outcome(string why, PrerequisiteStep step, PrerequisiteAnswer answer, PrerequisiteOutcome outcome, FailureKind? blocks, string reason)
    {
        var result = PrerequisiteRules.Judge(step, answer, SentAt, RoleArn);

        Assert.True(outcome == result.Outcome, $"{why}: {result.Outcome}");
        Assert.Equal(blocks, result.Blocks);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal(outcome is PrerequisiteOutcome.Authorized or PrerequisiteOutcome.AlreadyAuthorized or PrerequisiteOutcome.Deleted, result.WasApplied);
        if (blocks is { } kind)
        {
            Assert.Equal(new BlockedAccount(Account, step.List, result.Reason, kind), result.Blocked);
        }
        else
        {
            Assert.Null(result.Blocked);
        }
    }

    [Fact]
    public void Withdrawals_run_after_the_write_every_other_step_before_it_and_only_the_role_check_is_read_only()
    {
        Assert.True(Delete.IsCleanup);
        Assert.False(Put.IsCleanup);
        Assert.False(Role.IsCleanup);
        Assert.True(Role.IsReadOnly);
        Assert.False(Put.IsReadOnly);
        Assert.Equal(("config", "iam"), (Put.Service, Role.Service));
        Assert.Equal(PrerequisiteStep.AggregatorAccountIds, Put.List);
    }

    [Fact]
    public void Plan_mode_shows_a_step_as_the_request_it_would_send()
    {
        var request = new PlannedRequest("config", "PutAggregationAuthorization", "eu-west-1", Account, System.Text.Json.JsonDocument.Parse("{}").RootElement);

        var result = PrerequisiteRules.Planned(Put, request);

        Assert.Equal(PrerequisiteOutcome.Planned, result.Outcome);
        Assert.Same(request, result.Request);
        Assert.Null(result.Blocks);
        Assert.False(result.WasApplied);
    }
}
