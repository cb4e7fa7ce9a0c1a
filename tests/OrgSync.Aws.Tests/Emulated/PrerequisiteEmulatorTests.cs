using System.Collections.Immutable;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Config;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Applying;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;
using OrgSync.Tests.Shared;
using static OrgSync.Aws.Tests.Emulated.ApplierEmulatorTests;

namespace OrgSync.Aws.Tests.Emulated;

/// <summary>
/// SPEC §3.5 through the public appliers against the emulator: every prerequisite outcome (authorized, already
/// authorized, deleted on leave, unreachable on leave, role present, role missing, SCP deny), plan mode, and
/// Control Tower's delivery channels.
/// </summary>
public sealed class PrerequisiteEmulatorTests
{
    private const string Home = "111111111111";
    private const string WithRole = "222222222222";
    private const string Leaving = "333333333333";
    private const string LeavingUnreachable = "444444444444";
    private const string HalfAuthorized = "555555555555";
    private const string ControlTower = "666666666666";
    private const string ChannelDenied = "777777777777";
    private const string AuthorizationDenied = "888888888888";
    private const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private const string StateJson = """
        {
          "accountId": "111111111111",
          "configurationAggregators": [
            { "region": "us-east-1", "ConfigurationAggregatorName": "org",
              "AccountAggregationSources": [ { "AccountIds": ["333333333333", "444444444444"], "AwsRegions": ["us-east-1", "eu-west-1"] } ] } ],
          "distributionConfigurations": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", "name": "golden",
              "distributions": [ { "region": "us-east-1", "amiDistributionConfiguration": {
                "targetAccountIds": ["333333333333"], "launchPermission": { "userIds": ["333333333333"] } } } ] } ],
          "configurationRecorders": [
            { "accountId": "666666666666", "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::666666666666:role/config" },
            { "accountId": "777777777777", "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::777777777777:role/config" } ],
          "deliveryChannels": [
            { "accountId": "666666666666", "region": "us-east-1", "name": "aws-controltower-BaselineConfigDeliveryChannel",
              "s3BucketName": "aws-controltower-logs-999999999999-us-east-1" } ],
          "aggregationAuthorizations": [
            { "accountId": "333333333333", "region": "us-east-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1", "CreationTime": 1767225600 },
            { "accountId": "333333333333", "region": "eu-west-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1", "CreationTime": 1767225600 },
            { "accountId": "444444444444", "region": "us-east-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1", "CreationTime": 1767225600 },
            { "accountId": "555555555555", "region": "us-east-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1", "CreationTime": 1767225600 } ],
          "roles": [ { "accountId": "222222222222", "RoleName": "EC2ImageBuilderDistributionCrossAccountRole" } ],
          "serviceControlDenies": [
            { "accountId": "444444444444", "action": "config:DeleteAggregationAuthorization" },
            { "accountId": "888888888888", "action": "config:PutAggregationAuthorization" },
            { "accountId": "777777777777", "action": "config:PutDeliveryChannel" } ]
        }
        """;

    private static readonly AggregatorTarget Aggregator = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null);
    private static readonly DistributionTarget Golden = new(GoldenArn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null);
    private static readonly DeliveryChannelTarget Channels = new(
        "OrgSyncMemberRole", ["us-east-1"], new ChannelSettings("default", "org-config-logs", "config", null, null, "Six_Hours"));

    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow, ManualTimerMode.SkipAhead);

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(5);

    private ApplierOptions Options => new() { Time = _time, Random = new Random(5) };

    private static string[] Steps(ApplyResult result) =>
        [.. result.Prerequisites.Select(p => $"{p.Step.Operation} {p.Step.AccountId} {p.Step.Region ?? "global"}: {p.Outcome}")];

    [Fact]
    public async Task Joins_are_authorized_before_they_are_added_leaves_withdrawn_after_and_an_SCP_deny_blocks_its_account_for_good()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var applier = new AggregatorApplier(aws.Clients, Options, Home);
        var delta = Delta(joins: [WithRole, HalfAuthorized, AuthorizationDenied], leaves: [Leaving, LeavingUnreachable]);

        var result = await applier.ApplyAsync(Aggregator, delta, ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(
            [
                "PutAggregationAuthorization 222222222222 eu-west-1: Authorized",
                "PutAggregationAuthorization 222222222222 us-east-1: Authorized",
                "PutAggregationAuthorization 555555555555 eu-west-1: Authorized",
                "PutAggregationAuthorization 555555555555 us-east-1: AlreadyAuthorized",
                "PutAggregationAuthorization 888888888888 eu-west-1: DeniedByServiceControlPolicy", // its other Region is not tried
                "DeleteAggregationAuthorization 333333333333 eu-west-1: Deleted",
                "DeleteAggregationAuthorization 333333333333 us-east-1: Deleted",
                "DeleteAggregationAuthorization 444444444444 eu-west-1: Unreachable",
                "DeleteAggregationAuthorization 444444444444 us-east-1: Unreachable",
            ],
            Steps(result));
        var blocked = Assert.Single(result.Blocked);
        Assert.Equal((AuthorizationDenied, "AccountIds", FailureKind.Permanent), (blocked.AccountId, blocked.List, blocked.Kind));
        Assert.Contains("config:PutAggregationAuthorization is refused by an explicit deny in a service control policy", blocked.Reason, StringComparison.Ordinal);
        Assert.Equal(6, result.Counts.Prerequisites); // 4 puts and 2 deletes accepted
        Assert.Empty(_time.Delays); // the SCP deny is not retried, the unreachable withdrawal neither
        Assert.Equal(
            "config.DeleteAggregationAuthorization=4 config.DescribeConfigurationAggregators=1 config.PutAggregationAuthorization=5 config.PutConfigurationAggregator=1 sts.AssumeRole=5",
            Calls(aws));

        var stored = (await aws.Clients.Config("us-east-1").FindConfigurationAggregatorAsync("org", CancellationToken.None))!;
        Assert.Equal([WithRole, HalfAuthorized], stored.AccountAggregationSources!.Value[0].AccountIds.ToArray());
        Assert.Equal(["eu-west-1", "us-east-1"], await AuthorizedRegionsAsync(aws, WithRole));
        Assert.Equal(["eu-west-1", "us-east-1"], await AuthorizedRegionsAsync(aws, HalfAuthorized));
        Assert.Empty(await AuthorizedRegionsAsync(aws, Leaving));
        Assert.Equal(["us-east-1"], await AuthorizedRegionsAsync(aws, LeavingUnreachable)); // best effort: left as it was
        Assert.Empty(await AuthorizedRegionsAsync(aws, AuthorizationDenied));

        // Again: only the blocked account is left, and nothing is written without it.
        var again = await applier.ApplyAsync(Aggregator, delta, ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        Assert.Equal(ApplyOutcome.Unchanged, again.Outcome);
        Assert.Contains("888888888888 is withheld", again.Reason, StringComparison.Ordinal);
        Assert.Equal(AuthorizationDenied, Assert.Single(again.Blocked).AccountId);
    }

    [Fact]
    public async Task An_account_without_the_cross_account_role_is_kept_out_of_target_account_ids_only()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var applier = new DistributionApplier(aws.Clients, Options);

        var result = await applier.ApplyAsync(Golden, Delta(joins: [WithRole, HalfAuthorized]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var calls = Calls(aws);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(["GetRole 222222222222 global: RolePresent", "GetRole 555555555555 global: RoleMissing"], Steps(result));
        var blocked = Assert.Single(result.Blocked);
        Assert.Equal((HalfAuthorized, "targetAccountIds", FailureKind.Transient), (blocked.AccountId, blocked.List, blocked.Kind));
        Assert.Contains("role EC2ImageBuilderDistributionCrossAccountRole does not exist in account 555555555555 yet", blocked.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.Counts.Prerequisites); // a check puts nothing in place
        var ami = (await aws.Clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(GoldenArn, CancellationToken.None))
            .DistributionConfiguration!.Distributions!.Value[0].AmiDistributionConfiguration!;
        Assert.Equal([WithRole, Leaving], ami.TargetAccountIds!.Value.ToArray());
        Assert.Equal([WithRole, Leaving, HalfAuthorized], ami.LaunchPermission!.UserIds!.Value.ToArray()); // launch permission needs no role
        Assert.Equal("iam.GetRole=2 imagebuilder.GetDistributionConfiguration=1 imagebuilder.UpdateDistributionConfiguration=1 sts.AssumeRole=2", calls);
    }

    [Fact]
    public async Task Plan_mode_shows_the_authorizations_it_would_put_runs_the_role_check_and_writes_nothing()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var aggregator = await new AggregatorApplier(aws.Clients, Options, Home)
            .ApplyAsync(Aggregator, Delta(joins: [WithRole], leaves: [Leaving]), ApplyMode.PlanOnly, Deadline, fence: null, CancellationToken.None);
        var distribution = await new DistributionApplier(aws.Clients, Options)
            .ApplyAsync(Golden, Delta(joins: [WithRole, HalfAuthorized]), ApplyMode.PlanOnly, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Planned, aggregator.Outcome);
        Assert.Equal(
            [
                "PutAggregationAuthorization 222222222222 eu-west-1: Planned",
                "PutAggregationAuthorization 222222222222 us-east-1: Planned",
                "DeleteAggregationAuthorization 333333333333 eu-west-1: Planned",
                "DeleteAggregationAuthorization 333333333333 us-east-1: Planned",
            ],
            Steps(aggregator));
        var put = aggregator.Prerequisites[0].Request!;
        Assert.Equal(("config", "PutAggregationAuthorization", "eu-west-1", WithRole), (put.Service, put.Operation, put.Region, put.Account));
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""", put.Body.GetRawText());
        Assert.Equal("DeleteAggregationAuthorization", aggregator.Prerequisites[2].Request!.Operation);

        Assert.Equal(ApplyOutcome.Planned, distribution.Outcome);
        Assert.Equal(HalfAuthorized, Assert.Single(distribution.Blocked).AccountId);
        Assert.Contains("\"targetAccountIds\":[\"222222222222\",\"333333333333\"]", distribution.Request!.Body.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(
            "config.DescribeConfigurationAggregators=1 iam.GetRole=2 imagebuilder.GetDistributionConfiguration=1 sts.AssumeRole=2",
            Calls(aws)); // only reads, and the member roles for the checks
    }

    [Fact]
    public async Task A_control_tower_channel_is_left_alone_unless_the_target_says_manage()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var applier = new DeliveryChannelApplier(aws.Clients, Options);

        var left = await applier.ApplyAsync(Channels, ControlTower, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var managed = await applier.ApplyAsync(Channels with { ControlTowerManaged = ControlTowerPolicy.Manage }, ControlTower, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal((ApplyOutcome.Unchanged, true), (left.Outcome, left.IsLeftAlone));
        Assert.Contains("managed by Control Tower", left.Reason, StringComparison.Ordinal);
        Assert.Equal((ApplyOutcome.Written, false), (managed.Outcome, managed.IsLeftAlone));
        var stored = Assert.Single(await aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(TestOrganization.RoleArn(ControlTower))).DescribeDeliveryChannelsAsync(new(), CancellationToken.None));
        Assert.Equal(("aws-controltower-BaselineConfigDeliveryChannel", "org-config-logs"), (stored.Name, stored.S3BucketName));
        Assert.Equal(1, aws.Emulator.CallCount("config.PutDeliveryChannel"));
    }

    [Fact]
    public async Task An_SCP_deny_on_a_channel_is_permanent_not_retried_and_names_the_deny_and_the_action()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);

        var result = await new DeliveryChannelApplier(aws.Clients, Options)
            .ApplyAsync(Channels, ChannelDenied, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal((ApplyOutcome.Failed, FailureKind.Permanent, "AccessDeniedException"), (result.Outcome, result.FailureKind, result.ErrorCode));
        Assert.StartsWith(
            "account 777777777777: config:PutDeliveryChannel is refused by an explicit deny in a service control policy; retrying cannot pass it",
            result.Reason,
            StringComparison.Ordinal);
        Assert.Equal(1, aws.Emulator.CallCount("config.PutDeliveryChannel"));
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task An_SCP_denied_assume_role_is_no_role_still_on_its_way()
    {
        var state = StateJson.Replace(
            """{ "accountId": "444444444444", "action": "config:DeleteAggregationAuthorization" },""",
            """{ "accountId": "111111111111", "action": "sts:AssumeRole" },""",
            StringComparison.Ordinal);
        await using var aws = await EmulatedAws.StartAsync(state);

        var channel = await new DeliveryChannelApplier(aws.Clients, Options)
            .ApplyAsync(Channels, ControlTower, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var aggregator = await new AggregatorApplier(aws.Clients, Options, Home)
            .ApplyAsync(Aggregator, Delta(joins: [WithRole]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal((ApplyOutcome.Failed, FailureKind.Permanent), (channel.Outcome, channel.FailureKind));
        Assert.Contains("sts:AssumeRole is refused by an explicit deny in a service control policy", channel.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("yet", channel.Reason, StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.Unchanged, aggregator.Outcome);
        var blocked = Assert.Single(aggregator.Blocked);
        Assert.Equal((WithRole, FailureKind.Permanent), (blocked.AccountId, blocked.Kind));
        Assert.Equal(PrerequisiteOutcome.DeniedByServiceControlPolicy, Assert.Single(aggregator.Prerequisites).Outcome);
        Assert.Empty(_time.Delays);
    }

    /// <summary>The source Regions where <paramref name="account"/> authorizes the home account's us-east-1 aggregators.</summary>
    private static async Task<string[]> AuthorizedRegionsAsync(EmulatedAws aws, string account)
    {
        var regions = new List<string>();
        foreach (var region in new[] { "eu-west-1", "us-east-1" })
        {
            var config = aws.Clients.Config(region, aws.Clients.AssumeRole(TestOrganization.RoleArn(account)));
            var authorizations = await config.DescribeAllAggregationAuthorizationsAsync(pageSize: null, CancellationToken.None);
            if (authorizations.Any(a => a is { AuthorizedAccountId: Home, AuthorizedAwsRegion: "us-east-1" }))
            {
                regions.Add(region);
            }
        }

        aws.Emulator.ResetCallCounts();
        return [.. regions];
    }
}
