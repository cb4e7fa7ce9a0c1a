using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Applying;
using OrgSync.Core.Distributions;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Applying;

/// <summary>
/// SPEC §3.5 in the one apply loop, against the scripted fake (real SDK pipeline, virtual time): how prerequisite calls
/// are retried and counted, and what a refusal of the member account does to its account and to the rest of the write.
/// </summary>
public sealed class PrerequisiteApplierTests : IDisposable
{
    private const string Home = "111111111111";
    private const string Member = "222222222222";
    private const string Existing = "333333333333";
    private const string Other = "444444444444";
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private static readonly AggregatorTarget Aggregator = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null)
    {
        AuthorizationRegions = ["us-east-1"],
    };

    private static readonly DistributionTarget Golden = new(Arn, [ShareKind.TargetAccountIds], null);

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
    private readonly FakeAws _fake;
    private readonly AwsClientFactory _clients;

    public PrerequisiteApplierTests()
    {
        _fake = new FakeAws(_time);
        _clients = TestAws.Factory(_fake, _time);
        _fake.Aggregators[("us-east-1", "org")] = new ConfigurationAggregator
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = [Existing], AllAwsRegions = true }],
        };
        _fake.Distributions[Arn] = new DistributionConfiguration
        {
            Arn = Arn,
            Name = "golden",
            Distributions = [new Distribution { Region = "us-east-1", AmiDistributionConfiguration = new() { TargetAccountIds = [Existing] } }],
        };
        _fake.Roles.Add((Member, AwsNames.ImageBuilderCrossAccountRoleName));
    }

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(5);

    public void Dispose() => _clients.Dispose();

    // One account at a time: the fake answers calls from one script, in the order they arrive.
    private ApplierOptions Options(int maxAttempts = 10) => new() { Time = _time, Random = new Random(42), MaxAttempts = maxAttempts, MaxConcurrentPrerequisites = 1 };

    private Task<ApplyResult> JoinAsync(params string[] accounts) =>
        new AggregatorApplier(_clients, Options(), Home).ApplyAsync(Aggregator, TestPlanners.Joins(accounts), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

    private string[] AggregatorAccounts => _fake.Aggregators[("us-east-1", "org")].AccountAggregationSources!.Value[0].AccountIds.ToArray();

    [Fact]
    public async Task A_lost_authorization_response_is_sent_again_and_the_account_added()
    {
        _fake.Script("PutAggregationAuthorization", Fault.LostResponse);

        var result = await JoinAsync(Member);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(PrerequisiteOutcome.Authorized, Assert.Single(result.Prerequisites).Outcome); // made by the lost call, moments ago
        Assert.Equal(new ApplyCounts(1, 0, 0, 1) { Reads = 1, Prerequisites = 1 }, result.Counts);
        Assert.Equal(["AssumeRole", "PutAggregationAuthorization", "PutAggregationAuthorization"], _fake.Requests.Select(r => r.Operation).Where(o => o is "AssumeRole" or "PutAggregationAuthorization"));
        Assert.Contains((Member, "us-east-1", Home, "us-east-1"), _fake.Authorizations);
        Assert.Equal([Member, Existing], AggregatorAccounts);
        var put = _fake.For("PutAggregationAuthorization")[0];
        Assert.Equal(("config", "us-east-1"), (put.Service, put.Region));
        Assert.StartsWith("ASIA" + Member, put.AccessKey, StringComparison.Ordinal); // signed in the member account, through its role
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""", put.Body);
    }

    [Fact]
    public async Task Throttled_role_checks_are_retried_by_the_same_rule_and_counted_with_the_target()
    {
        _fake.Script("GetRole", Fault.Throttle, Fault.Throttle);

        var result = await new DistributionApplier(_clients, Options()).ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(PrerequisiteOutcome.RolePresent, Assert.Single(result.Prerequisites).Outcome);
        Assert.Equal(new ApplyCounts(1, 0, 2, 2) { Reads = 1 }, result.Counts);
        Assert.Equal(2, _time.Delays.Count);
        Assert.Equal(("iam", "us-east-1"), (_fake.For("GetRole")[0].Service, _fake.For("GetRole")[0].Region)); // global, signed for us-east-1
    }

    [Fact]
    public async Task A_member_role_that_cannot_be_assumed_yet_blocks_its_account_at_once_and_the_rest_is_written()
    {
        _fake.Script("AssumeRole", Fault.With(403, "AccessDenied", $"User: arn:aws:iam::{Home}:user/orgsync is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{Member}:role/OrgSyncMemberRole"));

        var result = await JoinAsync(Member, Other);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        var blocked = Assert.Single(result.Blocked);
        Assert.Equal((Member, "AccountIds", FailureKind.Transient), (blocked.AccountId, blocked.List, blocked.Kind));
        Assert.StartsWith($"cannot assume arn:aws:iam::{Member}:role/OrgSyncMemberRole yet", blocked.Reason, StringComparison.Ordinal);
        Assert.Equal([PrerequisiteOutcome.Refused, PrerequisiteOutcome.Authorized], result.Prerequisites.Select(p => p.Outcome));
        Assert.Equal([Existing, Other], AggregatorAccounts);
        Assert.Empty(_time.Delays); // left to SQS: the role appears minutes later
    }

    [Fact]
    public async Task An_authorization_the_account_refuses_blocks_it_transiently()
    {
        _fake.Script("PutAggregationAuthorization", Fault.With(400, "AccessDeniedException", $"User: arn:aws:sts::{Member}:assumed-role/OrgSyncMemberRole/orgsync is not authorized to perform: config:PutAggregationAuthorization on resource: *"));

        var result = await JoinAsync(Member);

        Assert.Equal(ApplyOutcome.Unchanged, result.Outcome);
        var step = Assert.Single(result.Prerequisites);
        Assert.Equal((PrerequisiteOutcome.Refused, FailureKind.Transient), (step.Outcome, step.Blocks));
        Assert.Contains($"account {Member} refused config:PutAggregationAuthorization", step.Reason, StringComparison.Ordinal);
        Assert.Equal([Existing], AggregatorAccounts);
        Assert.Equal(0, _fake.Calls("PutConfigurationAggregator"));
    }

    [Fact]
    public async Task A_prerequisite_out_of_retries_blocks_its_account_and_does_not_fail_the_target()
    {
        _fake.Script("PutAggregationAuthorization", Fault.ServerError, Fault.ServerError, Fault.ServerError);

        var result = await new AggregatorApplier(_clients, Options(maxAttempts: 3), Home)
            .ApplyAsync(Aggregator, TestPlanners.Joins(Member, Other), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        var failed = result.Prerequisites[0];
        Assert.Equal((Member, PrerequisiteOutcome.Failed, FailureKind.Transient), (failed.Step.AccountId, failed.Outcome, failed.Blocks));
        Assert.Equal(Member, Assert.Single(result.Blocked).AccountId);
        Assert.Equal([Existing, Other], AggregatorAccounts);
    }

    [Fact]
    public async Task Member_credentials_that_expired_at_the_service_are_assumed_again_for_a_prerequisite()
    {
        var channels = new DeliveryChannelTarget("OrgSyncMemberRole", ["us-east-1"], new ChannelSettings("default", "org-config-logs", null, null, null, null));
        _fake.Recorders.Add((Member, "us-east-1"));
        await new DeliveryChannelApplier(_clients, Options()).ApplyAsync(channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        _fake.ExpireCredentials(Member);

        var result = await JoinAsync(Member);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(PrerequisiteOutcome.Authorized, Assert.Single(result.Prerequisites).Outcome);
        Assert.Equal(2, _fake.Calls("AssumeRole"));
        Assert.Equal(1, result.Counts.Retries);
    }

    [Fact]
    public async Task Without_authorize_sources_or_the_cross_account_requirement_nothing_runs_in_the_member_account()
    {
        var aggregator = await new AggregatorApplier(_clients, Options(), Home)
            .ApplyAsync(Aggregator with { AuthorizeSources = false }, TestPlanners.Joins(Other), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var distribution = await new DistributionApplier(_clients, Options())
            .ApplyAsync(Golden with { RequireCrossAccountRole = false }, TestPlanners.Joins(Other), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal((ApplyOutcome.Written, ApplyOutcome.Written), (aggregator.Outcome, distribution.Outcome));
        Assert.Empty(aggregator.Prerequisites);
        Assert.Empty(distribution.Prerequisites);
        Assert.Equal(0, _fake.Calls("AssumeRole"));
    }
}
