using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.State;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Emulated;

/// <summary>The bundled sample organization (<c>infra/sample</c>) through the emulator: read as it is, and changed with faults on.</summary>
public sealed class SampleOrganizationTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string SamplePath(string file) => Path.Combine(RepoPaths.Root, "infra", "sample", file);

    private static TargetsFile SampleTargets => TargetsFileLoader.Parse(File.ReadAllText(SamplePath("targets.json")));

    [Fact]
    public async Task The_emulator_accepts_the_sample_state_and_every_sample_target_reads_from_it()
    {
        var state = EmulatorState.Load(SamplePath("state.json"));
        var targets = SampleTargets;
        await using var aws = await EmulatedAws.StartAsync(state);
        var reader = new AwsTargetStateReader(aws.Clients);

        var aggregators = new Dictionary<string, Core.Aggregators.ConfigurationAggregator?>();
        foreach (var target in targets.Aggregators)
        {
            aggregators[target.Name] = await reader.ReadAggregatorAsync(target, None);
        }

        var distributions = new Dictionary<string, Core.Distributions.DistributionConfiguration?>();
        foreach (var target in targets.Distributions)
        {
            distributions[target.Arn.Split('/')[^1]] = await reader.ReadDistributionAsync(target, None);
        }

        // Every account the sample gives a recorder or a channel in a Region a channel target lists.
        var placed = JsonNode.Parse(File.ReadAllText(SamplePath("state.json")))!;
        var members = placed["configurationRecorders"]!.AsArray().Concat(placed["deliveryChannels"]!.AsArray())
            .Select(r => (Account: (string)r!["accountId"]!, Region: (string)r!["region"]!)).Distinct().ToList();
        var channels = new Dictionary<string, Core.DeliveryChannels.DeliveryChannel?>();
        foreach (var target in targets.DeliveryChannels)
        {
            foreach (var (account, region) in members.Where(m => target.Regions.Contains(m.Region)))
            {
                channels[$"{account}/{region}"] = await reader.ReadDeliveryChannelAsync(target, account, region, None);
            }
        }

        Assert.True(JsonNode.DeepEquals(placed, JsonNode.Parse(aws.Emulator.ExportState())), "the state exports as it was loaded");
        Assert.Equal(["org-aggregator", "prod-aggregator", "org-wide"], aggregators.Keys);
        Assert.Equal(["222222222222", "232323232323", "333333333333", "343434343434", "676767676767", "787878787878", "898989898989"], aggregators["org-aggregator"]!.AccountAggregationSources!.Value.Single().AccountIds.ToArray());
        Assert.Equal(["AWS::EC2::Instance", "AWS::S3::Bucket"], aggregators["org-aggregator"]!.AggregatorFilters!.ResourceType!.Value!.Value.ToArray());
        Assert.Equal(["222222222222", "333333333333", "787878787878"], aggregators["prod-aggregator"]!.AccountAggregationSources!.Value.Single().AccountIds.ToArray());
        Assert.NotNull(aggregators["org-wide"]!.OrganizationAggregationSource);
        Assert.Equal(["golden", "org-shared"], distributions.Keys);
        Assert.Equal(["us-east-1", "eu-west-1", "us-west-2"], distributions["golden"]!.Distributions!.Value.Select(d => d.Region));
        Assert.Single(distributions["org-shared"]!.Distributions!.Value[0].AmiDistributionConfiguration!.LaunchPermission!.OrganizationArns!.Value);
        Assert.Equal(10, channels.Count);
        Assert.Equal(["444444444444/us-east-1", "555555555555/us-east-1", "888888888888/us-east-1"], channels.Where(c => c.Value is not null).Select(c => c.Key));
        Assert.Equal("aws-controltower-BaselineConfigDeliveryChannel", channels["444444444444/us-east-1"]!.Name);
        Assert.Equal("landing-zone", channels["888888888888/us-east-1"]!.Name);
        Assert.Empty(aws.Tap.ErrorCodes);
    }

    [Fact]
    public async Task With_throttling_server_errors_and_lost_responses_the_final_state_equals_the_fault_free_run()
    {
        // One frozen emulator instant for both runs, so that timestamps written by the emulator compare equal.
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var clean = await RunAsync(FaultSettings.None, instant);
        var faulty = await RunAsync(FaultSettings.Parse("throttle=0.2,error=0.1,lost-response=0.1"), instant);

        Assert.Equal(clean.Outcomes.ToArray(), faulty.Outcomes.ToArray());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(clean.State), JsonNode.Parse(faulty.State)), faulty.State);
        Assert.NotEqual(JsonNode.Parse(File.ReadAllText(SamplePath("state.json")))!.ToJsonString(), JsonNode.Parse(clean.State)!.ToJsonString());

        // Fault-free: every apply is one read, plus one write when it changes something, plus one call per prerequisite step
        // (SPEC §3.5; 777777777777 has no cross-account role: NoSuchEntity; an SCP denies 666666666666 its channel:
        // AccessDeniedException; 232323232323 has no recorder); each member role is assumed once.
        Assert.Empty(clean.ErrorCodes.Where(c => c is not ("AccessDeniedException" or "NoSuchEntity" or "NoAvailableConfigurationRecorderException")));
        Assert.All(clean.Results, r => Assert.Equal((1, r.Outcome == ApplyOutcome.Unchanged ? 0 : 1), (r.Counts.Reads, r.Counts.Writes)));
        Assert.Equal(
            clean.Results.Sum(r => r.Counts.Reads + r.Counts.Writes + r.Prerequisites.Length),
            clean.Calls.Where(c => !c.Key.StartsWith("sts.", StringComparison.Ordinal)).Sum(c => c.Value));
        var members = clean.Results.SelectMany(r => r.Prerequisites.Select(p => p.Step.AccountId))
            .Concat(clean.Results.Where(r => r.TargetKey.StartsWith("delivery-channel/", StringComparison.Ordinal)).Select(r => r.TargetKey.Split('/')[1]))
            .Distinct().Count();
        Assert.Equal(members, clean.Calls["sts.AssumeRole"]);
        Assert.Contains(clean.Results, r => r.Blocked.Any(b => b.List == "targetAccountIds"));

        // With faults: they happened, were retried, and never made a write conflict with itself or the account's channel.
        Assert.Contains("ThrottlingException", faulty.ErrorCodes);
        Assert.Contains("CallRateLimitExceededException", faulty.ErrorCodes);
        Assert.Contains(faulty.ErrorCodes, c => c is "InternalFailure" or "ServiceUnavailable" or "ServiceException" or "ServiceUnavailableException");
        Assert.Contains(faulty.Results, r => r.Reason.Contains("its response lost", StringComparison.Ordinal));
        Assert.DoesNotContain("IdempotentParameterMismatchException", faulty.ErrorCodes);
        Assert.DoesNotContain("MaxNumberOfDeliveryChannelsExceededException", faulty.ErrorCodes);
        Assert.True(faulty.Calls.Values.Sum() > clean.Calls.Values.Sum());
    }

    private sealed record Run(
        ImmutableArray<ApplyResult> Results,
        ImmutableArray<string> Outcomes,
        string State,
        ImmutableArray<string> ErrorCodes,
        ImmutableSortedDictionary<string, long> Calls);

    /// <summary>Three batches of the sample organization's lifecycle, applied target by target.</summary>
    private static async Task<Run> RunAsync(FaultSettings faults, DateTimeOffset emulatorInstant)
    {
        var targets = SampleTargets;
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow, ManualTimerMode.SkipAhead);
        // One member account at a time, so that both runs put authorizations in the same order (the state lists them so).
        var options = new ApplierOptions { Time = time, Random = new Random(11), MaxAttempts = 30, MaxConcurrentPrerequisites = 1 };
        await using var aws = await EmulatedAws.StartAsync(
            EmulatorState.Load(SamplePath("state.json")),
            new EmulatorOptions { Faults = faults, Seed = 20261121, TimeProvider = new ManualTimeProvider(emulatorInstant) });
        var aggregators = new AggregatorApplier(aws.Clients, options);
        var distributions = new DistributionApplier(aws.Clients, options);
        var channels = new DeliveryChannelApplier(aws.Clients, options);
        MembershipDelta[] batches =
        [
            ApplierEmulatorTests.Delta(joins: ["444444444444", "555555555555"]),
            ApplierEmulatorTests.Delta(joins: ["666666666666"], leaves: ["232323232323"]),
            ApplierEmulatorTests.Delta(joins: ["232323232323", "777777777777"], leaves: ["343434343434", "444444444444"]),
        ];

        var results = ImmutableArray.CreateBuilder<ApplyResult>();
        foreach (var batch in batches)
        {
            var deadline = time.GetUtcNow().AddMinutes(10);
            foreach (var target in targets.Aggregators)
            {
                results.Add(await aggregators.ApplyAsync(target, batch, ApplyMode.Write, deadline, fence: null, None));
            }

            foreach (var target in targets.Distributions)
            {
                results.Add(await distributions.ApplyAsync(target, batch, ApplyMode.Write, deadline, fence: null, None));
            }

            foreach (var target in targets.DeliveryChannels)
            {
                results.AddRange(await channels.ApplyJoinsAsync(target, batch, deadline, None));
            }
        }

        var all = results.ToImmutable();
        return new Run(
            all,
            [.. all.Select(r => $"{r.TargetKey} {r.Outcome} {r.ErrorCode}".TrimEnd())],
            aws.Emulator.ExportState(),
            [.. aws.Tap.ErrorCodes],
            aws.Emulator.CallCounts);
    }
}
