using OrgSync.Tests.Shared;
using System.Collections.Immutable;
using Amazon.Runtime;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Credentials;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using static OrgSync.Aws.Tests.Emulated.TestOrganization;

namespace OrgSync.Aws.Tests.Emulated;

/// <summary>
/// The public appliers with Core's planners against the emulator: what each apply costs in API calls
/// (the emulator's own counters), how lost responses and expired credentials converge, and the
/// errors the planners must never provoke.
/// </summary>
public sealed class ApplierEmulatorTests
{
    private static readonly AggregatorTarget Aggregator = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null);
    private static readonly DistributionTarget Golden = new(GoldenArn, [ShareKind.LaunchPermission], null);
    private static readonly DeliveryChannelTarget Channels = new(
        "OrgSyncMemberRole", ["us-east-1"], new ChannelSettings("default", "org-config-logs", "config", null, null, "Six_Hours"));

    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow, ManualTimerMode.SkipAhead);

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(5);

    [Fact]
    public async Task An_apply_that_writes_costs_one_read_and_one_write_and_a_no_op_costs_one_read()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var (aggregators, distributions, channels) = Appliers(aws);
        var join = Delta(joins: [Member]);

        var writes = new[]
        {
            (await aggregators.ApplyAsync(Aggregator, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
            (await distributions.ApplyAsync(Golden, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
            (await channels.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
        };
        var noOps = new[]
        {
            (await aggregators.ApplyAsync(Aggregator, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
            (await distributions.ApplyAsync(Golden, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
            (await channels.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None), Calls(aws)),
        };

        Assert.All(writes, w => Assert.Equal(ApplyOutcome.Written, w.Item1.Outcome));
        // The join first authorizes the aggregator in the member account (SPEC §3.5): the member role, assumed once, serves its channel too.
        Assert.Equal("config.DescribeConfigurationAggregators=1 config.PutAggregationAuthorization=1 config.PutConfigurationAggregator=1 sts.AssumeRole=1", writes[0].Item2);
        Assert.Equal("imagebuilder.GetDistributionConfiguration=1 imagebuilder.UpdateDistributionConfiguration=1", writes[1].Item2);
        Assert.Equal("config.DescribeDeliveryChannels=1 config.PutDeliveryChannel=1", writes[2].Item2);
        Assert.All(noOps, n => Assert.Equal(ApplyOutcome.Unchanged, n.Item1.Outcome));
        Assert.Equal("config.DescribeConfigurationAggregators=1", noOps[0].Item2);
        Assert.Equal("imagebuilder.GetDistributionConfiguration=1", noOps[1].Item2);
        Assert.Equal("config.DescribeDeliveryChannels=1", noOps[2].Item2); // the assumed role is still cached
        Assert.Equal(new ApplyCounts(1, 0, 0, 0) { Reads = 1, Prerequisites = 1 }, writes[0].Item1.Counts);
        Assert.All(writes[1..], w => Assert.Equal(new ApplyCounts(1, 0, 0, 0) { Reads = 1 }, w.Item1.Counts));
        Assert.All(noOps, n => Assert.Equal(new ApplyCounts(0, 1, 0, 0) { Reads = 1 }, n.Item1.Counts));
        Assert.All(aws.Tap.Exchanges, e => Assert.Equal(200, e.Status));
    }

    [Fact]
    public async Task A_lost_response_is_read_write_read_and_the_applied_write_is_not_sent_again()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson, new EmulatorOptions { Faults = new FaultSettings(0, 0, LostResponse: 1) });
        var (aggregators, distributions, channels) = Appliers(aws);
        var join = Delta(joins: [Member]);

        // Every write loses its response here, the authorization put too: it is never confirmed, so this test leaves sources
        // unauthorized (PrerequisiteEmulatorTests covers a lost authorization response, which is simply sent again).
        var aggregator = await aggregators.ApplyAsync(Aggregator with { AuthorizeSources = false }, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var aggregatorCalls = Calls(aws);
        var distribution = await distributions.ApplyAsync(Golden, join, ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var distributionCalls = Calls(aws);
        var channel = await channels.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var channelCalls = Calls(aws);

        Assert.All([aggregator, distribution, channel], r =>
        {
            Assert.Equal(ApplyOutcome.Written, r.Outcome);
            Assert.Equal(new ApplyCounts(1, 0, 0, 1) { Reads = 2 }, r.Counts);
            Assert.Contains("re-read shows the target as planned", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal("config.DescribeConfigurationAggregators=2 config.PutConfigurationAggregator=1", aggregatorCalls);
        Assert.Equal("imagebuilder.GetDistributionConfiguration=2 imagebuilder.UpdateDistributionConfiguration=1", distributionCalls);
        Assert.Equal("config.DescribeDeliveryChannels=2 config.PutDeliveryChannel=1 sts.AssumeRole=1", channelCalls);
        Assert.Equal(
            ["DescribeConfigurationAggregators 200", "PutConfigurationAggregator 500", "DescribeConfigurationAggregators 200"],
            aws.Tap.Exchanges.Where(e => e.Service == "config").Take(3).Select(e => $"{e.Operation} {e.Status}"));
        var stored = (await aws.Clients.Config("us-east-1").FindConfigurationAggregatorAsync("org", CancellationToken.None))!;
        Assert.Equal([Member, Existing], stored.AccountAggregationSources!.Value[0].AccountIds.ToArray());
    }

    [Fact]
    public async Task Member_credentials_that_expired_at_the_service_are_assumed_again_and_the_apply_succeeds()
    {
        // The emulator's clock runs 5 minutes behind the real one (signatures stay within the 15-minute
        // window either way); the client's cache judges expiry by the real clock, so it still trusts
        // credentials the emulator already considers expired.
        var emulatorClock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var aws = await EmulatedAws.StartAsync(
            StateJson,
            new EmulatorOptions { TimeProvider = emulatorClock },
            assumeRole: new AssumeRoleSettings("orgsync", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)));
        var channels = Appliers(aws).Channels;
        var first = await channels.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        Calls(aws);

        emulatorClock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1)); // past Expiration
        var second = await channels.ApplyAsync(Channels, Member, "eu-west-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, first.Outcome);
        Assert.Equal(ApplyOutcome.Written, second.Outcome);
        Assert.Equal("config.DescribeDeliveryChannels=2 config.PutDeliveryChannel=1 sts.AssumeRole=1", Calls(aws));
        Assert.Equal(new ApplyCounts(1, 0, 0, 1) { Reads = 2 }, second.Counts);
        Assert.Equal(
            ["AssumeRole 200", "DescribeDeliveryChannels 200", "PutDeliveryChannel 200", "DescribeDeliveryChannels 400 ExpiredTokenException", "AssumeRole 200", "DescribeDeliveryChannels 200", "PutDeliveryChannel 200"],
            aws.Tap.Exchanges.Select(e => $"{e.Operation} {e.Status} {e.ErrorCode}".TrimEnd()));
    }

    [Fact]
    public async Task Member_credentials_close_to_expiry_are_replaced_before_they_are_used()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var aws = await EmulatedAws.StartAsync(
            StateJson,
            new EmulatorOptions { TimeProvider = clock },
            clientTime: clock,
            assumeRole: new AssumeRoleSettings("orgsync", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5)));
        var channels = Appliers(aws).Channels;
        await channels.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(11)); // 4 minutes left: inside the refresh window
        var result = await channels.ApplyAsync(Channels, Member, "eu-west-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(new ApplyCounts(1, 0, 0, 0) { Reads = 1 }, result.Counts);
        Assert.Equal(2, aws.Emulator.CallCount("sts.AssumeRole"));
        Assert.All(aws.Tap.Exchanges, e => Assert.Equal(200, e.Status)); // never sent with expired credentials
    }

    [Fact]
    public async Task An_existing_channel_keeps_its_name_so_a_second_channel_is_never_attempted()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var channels = Appliers(aws).Channels;

        var result = await channels.ApplyAsync(Channels, Landed, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var again = await channels.ApplyAsync(Channels, Landed, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Contains("name 'landing-zone' kept", string.Join("; ", result.Diff!.Describe()), StringComparison.Ordinal);
        Assert.Equal(ApplyOutcome.Unchanged, again.Outcome);
        var stored = Assert.Single(await aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(RoleArn(Landed))).DescribeDeliveryChannelsAsync(new(), CancellationToken.None));
        Assert.Equal(("landing-zone", "org-config-logs", "config", "Six_Hours"), (stored.Name, stored.S3BucketName, stored.S3KeyPrefix, stored.ConfigSnapshotDeliveryProperties?.DeliveryFrequency));
        Assert.Equal(1, aws.Emulator.CallCount("config.PutDeliveryChannel"));
        Assert.DoesNotContain("MaxNumberOfDeliveryChannelsExceededException", aws.Tap.ErrorCodes);
        Assert.Empty(aws.Tap.ErrorCodes);
    }

    [Fact]
    public async Task A_missing_configuration_recorder_fails_the_channel_at_once_for_SQS_to_retry()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);

        var result = await Appliers(aws).Channels.ApplyAsync(Channels, Bare, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal((FailureKind.Transient, AwsFailureClassifier.NoAvailableConfigurationRecorder), (result.FailureKind, result.ErrorCode));
        Assert.StartsWith("account 555555555555 has no configuration recorder in us-east-1 yet", result.Reason, StringComparison.Ordinal);
        Assert.Equal("config.DescribeDeliveryChannels=1 config.PutDeliveryChannel=1 sts.AssumeRole=1", Calls(aws));
        Assert.Empty(_time.Delays); // no backoff spent on it
    }

    [Fact]
    public async Task A_wrong_secret_fails_the_target_at_once_with_the_signature_error()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson, credentials: new BasicAWSCredentials(OrgSync.Emulator.State.EmulatorState.DefaultAccessKeyId, "wrong"));

        var result = await Appliers(aws).Aggregators.ApplyAsync(Aggregator, Delta(joins: [Member]), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal((FailureKind.Permanent, "InvalidSignatureException"), (result.FailureKind, result.ErrorCode));
        Assert.StartsWith("config.DescribeConfigurationAggregators failed with InvalidSignatureException (HTTP 400", result.Reason, StringComparison.Ordinal);
        Assert.Equal("config.DescribeConfigurationAggregators=1", Calls(aws));
    }

    internal static MembershipDelta Delta(string[]? joins = null, string[]? leaves = null) => new(
        ImmutableSortedSet.Create(StringComparer.Ordinal, joins ?? []),
        ImmutableSortedSet.Create(StringComparer.Ordinal, leaves ?? []));

    /// <summary>The calls the emulator counted since the last look, as <c>service.Operation=n</c> in order; resets the counters.</summary>
    internal static string Calls(EmulatedAws aws)
    {
        var text = string.Join(" ", aws.Emulator.CallCounts.Select(c => $"{c.Key}={c.Value}"));
        aws.Emulator.ResetCallCounts();
        return text;
    }

    private (AggregatorApplier Aggregators, DistributionApplier Distributions, DeliveryChannelApplier Channels) Appliers(EmulatedAws aws)
    {
        var options = new ApplierOptions { Time = _time, Random = new Random(3) };
        return (new AggregatorApplier(aws.Clients, options), new DistributionApplier(aws.Clients, options), new DeliveryChannelApplier(aws.Clients, options));
    }
}
