using OrgSync.Tests.Shared;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Applying;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Tests.Applying;

/// <summary>The public appliers, wired to Core's planners, against the scripted fake service.</summary>
public sealed class CorePlannerApplierTests : IDisposable
{
    private const string Member = "222222222222";
    private const string Arn = "arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/golden";

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
    private readonly FakeAws _fake;
    private readonly AwsClientFactory _clients;
    private readonly RecordingLoggerFactory _logs = new();

    public CorePlannerApplierTests()
    {
        _fake = new FakeAws(_time);
        _clients = TestAws.Factory(_fake, _time);
    }

    private ApplierOptions Options => new() { Time = _time, LoggerFactory = _logs, Random = new Random(1) };

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(2);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_joining_account_is_added_to_the_aggregator_and_nothing_else_changes()
    {
        _fake.Aggregators[("eu-west-1", "org")] = new ConfigurationAggregator
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = ["333333333333"], AwsRegions = ["eu-west-1", "us-east-1"] }],
        };
        var target = new AggregatorTarget("org", "eu-west-1", false, false, ["eu-west-1", "us-east-1"]);

        var result = await new AggregatorApplier(_clients, Options).ApplyAsync(target, Delta(joins: [Member]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal([Member], result.Diff!.Added.ToArray());
        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["222222222222","333333333333"],"AwsRegions":["eu-west-1","us-east-1"]}]}""",
            Assert.Single(_fake.For("PutConfigurationAggregator")).Body);
    }

    [Fact]
    public async Task An_aggregator_that_would_be_left_empty_is_kept_with_a_warning()
    {
        _fake.Aggregators[("us-east-1", "org")] = new ConfigurationAggregator
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = [Member], AllAwsRegions = true }],
        };
        var target = new AggregatorTarget("org", "us-east-1", false, true, null);

        var result = await new AggregatorApplier(_clients, Options).ApplyAsync(target, Delta(leaves: [Member]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Unchanged, result.Outcome);
        Assert.True(result.IsWarning);
        Assert.Equal(0, _fake.Calls("PutConfigurationAggregator"));
    }

    [Fact]
    public async Task A_missing_aggregator_without_createIfMissing_fails_the_target()
    {
        var result = await new AggregatorApplier(_clients, Options)
            .ApplyAsync(new AggregatorTarget("absent", "us-east-1", false, true, null), Delta(joins: [Member]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Permanent, result.FailureKind);
        Assert.Contains("absent", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Distribution_updates_converge_after_lost_and_failed_responses_with_one_token()
    {
        _fake.Distributions[Arn] = new DistributionConfiguration
        {
            Arn = Arn,
            Name = "golden",
            Description = "Golden AMI",
            DateUpdated = "2026-01-01T00:00:00Z",
            Distributions =
            [
                new Distribution { Region = "eu-west-1", AmiDistributionConfiguration = new() { LaunchPermission = new() { UserIds = ["333333333333"] } } },
                new Distribution { Region = "us-east-1", ContainerDistributionConfiguration = new() { TargetRepository = new() { Service = "ECR", RepositoryName = "golden" } } },
            ],
        };
        // Not applied (5xx), then applied but answered with 5xx: two identical requests, one change.
        _fake.Script("UpdateDistributionConfiguration", Fault.ServerError, Fault.LostResponse);
        var target = new DistributionTarget(Arn, [ShareKind.LaunchPermission], null);

        var result = await new DistributionApplier(_clients, Options).ApplyAsync(target, Delta(joins: [Member]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        var updates = _fake.For("UpdateDistributionConfiguration");
        Assert.Equal(2, updates.Count);
        Assert.Equal(updates[0].Body, updates[1].Body);
        Assert.Equal(DistributionClientToken.Length, updates[0].Json!["clientToken"]!.GetValue<string>().Length);
        Assert.Equal(3, _fake.Calls("GetDistributionConfiguration"));
        var stored = _fake.Distributions[Arn];
        Assert.Equal([Member, "333333333333"], stored.Distributions!.Value[0].AmiDistributionConfiguration!.LaunchPermission!.UserIds!.Value.ToArray());
        Assert.Equal("golden", stored.Distributions.Value[1].ContainerDistributionConfiguration!.TargetRepository!.RepositoryName);
    }

    [Fact]
    public async Task A_joining_account_gets_the_configured_channel_and_an_existing_one_keeps_its_name()
    {
        const string Other = "444444444444";
        _fake.Recorders.Add((Member, "us-east-1"));
        _fake.Recorders.Add((Other, "us-east-1"));
        _fake.Channels[(Other, "us-east-1")] = new DeliveryChannel { Name = "legacy", S3BucketName = "old-bucket", S3KeyPrefix = "kept" };
        var target = new DeliveryChannelTarget("OrgSyncMemberRole", ["us-east-1"], new ChannelSettings("default", "org-config-logs", "config", null, null, "Six_Hours"));

        var results = await new DeliveryChannelApplier(_clients, Options)
            .ApplyJoinsAsync(target, Delta(joins: [Member, Other]), Deadline, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(ApplyOutcome.Written, r.Outcome));
        var created = _fake.Channels[(Member, "us-east-1")];
        Assert.Equal(("default", "org-config-logs", "config", "Six_Hours"), (created.Name, created.S3BucketName, created.S3KeyPrefix, created.ConfigSnapshotDeliveryProperties?.DeliveryFrequency));
        var updated = _fake.Channels[(Other, "us-east-1")];
        Assert.Equal(("legacy", "org-config-logs", "config"), (updated.Name, updated.S3BucketName, updated.S3KeyPrefix));
    }

    private static MembershipDelta Delta(string[]? joins = null, string[]? leaves = null) => new(
        ImmutableSortedSet.Create(StringComparer.Ordinal, joins ?? []),
        ImmutableSortedSet.Create(StringComparer.Ordinal, leaves ?? []));
}
