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
using OrgSync.Core.Observability;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Applying;

/// <summary>
/// The appliers' read → plan → write → confirm-from-the-response loop against the scripted fake service
/// (real SDK pipeline, real HTTP marshalling), with virtual time: backoffs advance the clock instantly.
/// </summary>
public sealed class ApplierTests : IDisposable
{
    private const string Member = "222222222222";
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    private static readonly AggregatorTarget Aggregator = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null);
    private static readonly DistributionTarget Golden = new(Arn, [ShareKind.LaunchPermission], null);
    private static readonly DeliveryChannelTarget Channels = new(
        "OrgSyncMemberRole", ["us-east-1", "eu-west-1"], new ChannelSettings("default", "org-config-logs", null, null, null, null));

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
    private readonly FakeAws _fake;
    private readonly AwsClientFactory _clients;
    private readonly RecordingLoggerFactory _logs = new();

    public ApplierTests()
    {
        _fake = new FakeAws(_time);
        _clients = TestAws.Factory(_fake, _time);
        _fake.Aggregators[("us-east-1", "org")] = new ConfigurationAggregator
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = ["333333333333"], AllAwsRegions = true }],
        };
        _fake.Distributions[Arn] = new DistributionConfiguration
        {
            Arn = Arn,
            Name = "golden",
            Description = "Golden AMI",
            Distributions = [new Distribution { Region = "us-east-1", AmiDistributionConfiguration = new() { LaunchPermission = new() { UserIds = ["333333333333"] } } }],
        };
    }

    private DateTimeOffset Deadline => _time.GetUtcNow().AddMinutes(5);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task Throttled_reads_are_retried_with_backoff_until_they_succeed()
    {
        _fake.Script("DescribeConfigurationAggregators", Fault.Throttle, Fault.Throttle, Fault.Throttle);

        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(new ApplyCounts(Writes: 1, NoOpReads: 0, Throttles: 3, Retries: 3) { Reads = 4 }, result.Counts);
        Assert.Equal(["222222222222", "333333333333"], AccountsOf(_fake.Aggregators[("us-east-1", "org")]));
        Assert.Equal(4, _fake.Calls("DescribeConfigurationAggregators")); // 3 throttled, 1 read; the Put's response confirms
        Assert.Equal(3, _time.Delays.Count);
    }

    [Fact]
    public void Backoff_is_capped_full_jitter()
    {
        var options = new ApplierOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Random = new Random(7) };

        var delays = Enumerable.Range(1, 2000).Select(retry => (Retry: (retry % 8) + 1, Delay: options.Backoff((retry % 8) + 1))).ToList();

        foreach (var (retry, delay) in delays)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(5, Math.Pow(2, retry - 1)));
            Assert.InRange(delay, TimeSpan.Zero, ceiling);
        }

        // Full jitter spreads over the whole range, not just near the ceiling.
        var capped = delays.Where(d => d.Retry >= 4).Select(d => d.Delay.TotalSeconds).ToList();
        Assert.True(capped.Min() < 0.5 && capped.Max() > 4.5, $"{capped.Min()}..{capped.Max()}");
        Assert.Equal(TimeSpan.Zero, new ApplierOptions { BaseDelay = TimeSpan.Zero }.Backoff(3));
    }

    [Fact]
    public async Task A_server_error_on_the_write_is_retried_from_a_fresh_read()
    {
        _fake.Script("PutConfigurationAggregator", Fault.ServerError);

        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(2, result.Counts.Writes);
        Assert.Equal(1, result.Counts.Retries);
        Assert.Equal(["DescribeConfigurationAggregators", "PutConfigurationAggregator", "DescribeConfigurationAggregators", "PutConfigurationAggregator"],
            _fake.Requests.Select(r => r.Operation));
        var puts = _fake.For("PutConfigurationAggregator");
        Assert.Equal(puts[0].Body, puts[1].Body);
    }

    [Fact]
    public async Task A_lost_response_after_the_update_was_applied_converges_without_a_second_write()
    {
        _fake.Script("UpdateDistributionConfiguration", Fault.LostResponse);

        var result = await DistributionApplier().ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(1, _fake.Calls("UpdateDistributionConfiguration"));
        Assert.Equal(["GetDistributionConfiguration", "UpdateDistributionConfiguration", "GetDistributionConfiguration"], _fake.Requests.Select(r => r.Operation));
        Assert.Equal(["222222222222", "333333333333"], _fake.Distributions[Arn].Distributions!.Value[0].AmiDistributionConfiguration!.LaunchPermission!.UserIds!.Value.ToArray());
        Assert.Equal(new ApplyCounts(1, 0, 0, 1) { Reads = 2 }, result.Counts);
        Assert.Contains("re-read shows the target as planned", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_that_was_not_applied_is_repeated_with_the_identical_client_token()
    {
        _fake.Script("UpdateDistributionConfiguration", Fault.ServerError, Fault.Throttle);

        var result = await DistributionApplier().ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        var updates = _fake.For("UpdateDistributionConfiguration");
        Assert.Equal(3, updates.Count);
        Assert.Single(updates.Select(u => u.Json!["clientToken"]!.GetValue<string>()).Distinct());
        Assert.Single(updates.Select(u => u.Body).Distinct());
        Assert.Equal(1, result.Counts.Throttles);
    }

    [Fact]
    public async Task A_repeated_write_after_a_lost_response_reuses_the_token_and_never_mismatches()
    {
        // The fake applies the first update, loses its response, and a stale read would plan the same
        // update again: the identical token makes Image Builder answer it idempotently.
        _fake.Script("UpdateDistributionConfiguration", Fault.LostResponse);
        var stale = _fake.Distributions[Arn];
        var reads = 0;
        var applier = new DistributionApplier(_clients, Options(), (current, delta, target) =>
            TestPlanners.Distribution(Interlocked.Increment(ref reads) <= 2 ? stale : current, delta, target));

        var result = await applier.ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        var updates = _fake.For("UpdateDistributionConfiguration");
        Assert.Equal(2, updates.Count);
        Assert.Equal(updates[0].Body, updates[1].Body);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("IdempotentParameterMismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Running_out_of_time_fails_the_target_with_a_clear_reason_and_writes_nothing()
    {
        _fake.Script("DescribeConfigurationAggregators", Enumerable.Repeat(Fault.Throttle, 100).ToArray());
        var deadline = _time.GetUtcNow().AddSeconds(3);
        var applier = AggregatorApplier(Options() with { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(1), Random = new FixedRandom(1.0), MaxAttempts = 100 });

        var result = await applier.ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Throttling, result.FailureKind);
        Assert.Equal("ThrottlingException", result.ErrorCode);
        Assert.Contains("no time left to retry before the deadline", result.Reason, StringComparison.Ordinal);
        Assert.Contains("config.DescribeConfigurationAggregators failed with ThrottlingException", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _fake.Calls("PutConfigurationAggregator"));
        Assert.True(_time.GetUtcNow() < deadline);
        Assert.Equal(2, _logs.Lines.Count(l => l.Level == LogLevel.Debug && l.Message.StartsWith("aggregator/us-east-1/org: retry in 1000 ms", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_deadline_already_passed_fails_before_any_call()
    {
        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, _time.GetUtcNow(), fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.Contains("deadline", result.Reason, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Attempts_are_bounded_even_with_time_left()
    {
        _fake.Script("GetDistributionConfiguration", Enumerable.Repeat(Fault.ServerError, 10).ToArray());

        var result = await DistributionApplier(Options() with { MaxAttempts = 4 }).ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.StartsWith("gave up after 4 failed attempts", result.Reason, StringComparison.Ordinal);
        Assert.Equal(4, _fake.Calls("GetDistributionConfiguration"));
    }

    [Fact]
    public async Task A_lost_lease_abandons_the_write()
    {
        var checkedKeys = new List<string>();

        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, (key, _) =>
        {
            checkedKeys.Add(key);
            return Task.FromResult(false);
        }, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.Contains("lease was lost", result.Reason, StringComparison.Ordinal);
        Assert.Equal([Aggregator.Key], checkedKeys);
        Assert.Equal(0, _fake.Calls("PutConfigurationAggregator"));
        Assert.Equal(["333333333333"], AccountsOf(_fake.Aggregators[("us-east-1", "org")]));
    }

    [Fact]
    public async Task The_fence_runs_right_before_every_write_and_only_then()
    {
        var fenceChecks = 0;
        _fake.Script("PutConfigurationAggregator", Fault.ServerError);

        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, (_, _) =>
        {
            fenceChecks++;
            return Task.FromResult(true);
        }, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(2, fenceChecks);
        Assert.Equal(2, _fake.Calls("PutConfigurationAggregator"));
    }

    [Fact]
    public async Task Nothing_to_do_reads_once_and_writes_nothing()
    {
        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins("333333333333"), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Unchanged, result.Outcome);
        Assert.Equal("accounts already as wanted", result.Reason);
        Assert.Equal(new ApplyCounts(0, 1, 0, 0) { Reads = 1 }, result.Counts);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_planner_failure_fails_the_target_without_retrying()
    {
        var result = await AggregatorApplier().ApplyAsync(Aggregator with { Name = "missing" }, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Permanent, result.FailureKind);
        Assert.Equal("aggregator missing does not exist in us-east-1", result.Reason);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_permanent_service_error_is_not_retried()
    {
        _fake.Script("PutConfigurationAggregator", Fault.With(400, "InvalidParameterValueException"));

        var result = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Permanent, result.FailureKind);
        Assert.Equal("InvalidParameterValueException", result.ErrorCode);
        Assert.Equal(1, _fake.Calls("PutConfigurationAggregator"));
        Assert.Equal(0, result.Counts.Retries);
    }

    [Fact]
    public async Task A_missing_distribution_configuration_fails_permanently()
    {
        var other = Golden with { Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/absent" };

        var result = await DistributionApplier().ApplyAsync(other, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Permanent, result.FailureKind);
        Assert.Contains("does not exist in us-east-1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_whose_returned_aggregator_still_differs_fails_without_a_second_write()
    {
        // A planner that always wants a write: the aggregator the Put returns is re-planned, still differs.
        var applier = new AggregatorApplier(_clients, Options(), (_, _, target) => new Plan<PutConfigurationAggregatorRequest>.Write(
            new PutConfigurationAggregatorRequest { ConfigurationAggregatorName = target.Name, AccountAggregationSources = [new AccountAggregationSource { AccountIds = [Member], AllAwsRegions = true }] },
            PlanDiff.Empty));

        var result = await applier.ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.StartsWith("written, but the resource returned by the write still differs from the plan", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["DescribeConfigurationAggregators", "PutConfigurationAggregator"], _fake.Requests.Select(r => r.Operation));
        Assert.Equal(new ApplyCounts(1, 0, 0, 0) { Reads = 1 }, result.Counts);
    }

    [Fact]
    public async Task A_put_answered_without_the_aggregator_is_confirmed_by_its_success()
    {
        var handler = new RecordingHandler(request =>
        {
            var body = request.Headers.GetValues("X-Amz-Target").Single().EndsWith(".PutConfigurationAggregator", StringComparison.Ordinal)
                ? "{}"
                : """{"ConfigurationAggregators":[{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["333333333333"],"AllAwsRegions":true}]}]}""";
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-amz-json-1.1") };
        });
        using var clients = TestAws.Factory(handler, _time);

        var result = await new AggregatorApplier(clients, Options(), TestPlanners.Aggregator).ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal("written; the service accepted the full replacement planned from the read", result.Reason);
        Assert.Equal(2, handler.Seen.Count);
    }

    [Fact]
    public async Task A_planner_bug_fails_only_its_target()
    {
        var applier = new AggregatorApplier(_clients, Options(), (_, _, _) => throw new NotImplementedException("planner missing"));

        var result = await applier.ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal("unexpected error: planner missing", result.Reason);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, cancel.Token));
    }

    [Fact]
    public async Task Delivery_channels_are_put_in_each_joining_account_and_region_through_the_member_role()
    {
        const string Other = "444444444444";
        foreach (var account in new[] { Member, Other })
        {
            foreach (var region in Channels.Regions)
            {
                _fake.Recorders.Add((account, region));
            }
        }

        _fake.Channels[(Other, "eu-west-1")] = new DeliveryChannel { Name = "existing", S3BucketName = "old-bucket" };

        var results = await ChannelApplier().ApplyJoinsAsync(Channels, TestPlanners.Joins(Member, Other), Deadline, CancellationToken.None);

        Assert.Equal(
            ["delivery-channel/222222222222/us-east-1", "delivery-channel/222222222222/eu-west-1", "delivery-channel/444444444444/us-east-1", "delivery-channel/444444444444/eu-west-1"],
            results.Select(r => r.TargetKey));
        Assert.All(results, r => Assert.Equal(ApplyOutcome.Written, r.Outcome));
        Assert.Equal("org-config-logs", _fake.Channels[(Member, "eu-west-1")].S3BucketName);
        Assert.Equal("existing", _fake.Channels[(Other, "eu-west-1")].Name); // a channel is never renamed
        Assert.Equal(2, _fake.Calls("AssumeRole"));
        Assert.All(_fake.Requests.Where(r => r.Service == "config"), r => Assert.StartsWith("ASIA", r.AccessKey, StringComparison.Ordinal));
        Assert.Equal(
            ["us-east-1", "eu-west-1", "us-east-1", "eu-west-1"],
            _fake.For("PutDeliveryChannel").Select(r => r.Region));
    }

    [Fact]
    public async Task A_missing_configuration_recorder_fails_at_once_for_SQS_to_retry()
    {
        var result = await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.Equal("NoAvailableConfigurationRecorderException", result.ErrorCode);
        Assert.StartsWith("account 222222222222 has no configuration recorder in us-east-1 yet", result.Reason, StringComparison.Ordinal);
        Assert.Equal(1, _fake.Calls("PutDeliveryChannel"));
        Assert.Equal(0, result.Counts.Retries);

        // The reason is what a dead letter carries after the last delivery: the same on every delivery (no request
        // id, which differs per call), and no promise of a retry that the last delivery does not get.
        var redelivered = await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        Assert.Equal(result.Reason, redelivered.Reason);
        Assert.Contains("config.PutDeliveryChannel failed with NoAvailableConfigurationRecorderException (HTTP 400, transient)", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("retried", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("request id", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_role_that_cannot_be_assumed_yet_fails_at_once_for_SQS_to_retry()
    {
        _fake.Recorders.Add((Member, "us-east-1"));
        _fake.Script("AssumeRole", Fault.With(403, "AccessDenied"));

        var result = await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, result.Outcome);
        Assert.Equal(FailureKind.Transient, result.FailureKind);
        Assert.Equal("AccessDenied", result.ErrorCode);
        Assert.StartsWith("cannot assume arn:aws:iam::222222222222:role/OrgSyncMemberRole yet: in a new account the member role is deployed minutes after the account", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("retried", result.Reason, StringComparison.Ordinal); // wrong on the last delivery
        Assert.Contains("sts.AssumeRole failed with AccessDenied (HTTP 403, transient)", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("request id", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["AssumeRole"], _fake.Requests.Select(r => r.Operation)); // no retry within the invocation
        Assert.Equal(new ApplyCounts(0, 0, 0, 0) { Reads = 1 }, result.Counts);
        Assert.Empty(_time.Delays);

        // Redelivered later, once the role exists: the failed AssumeRole was not cached.
        var retried = await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        Assert.Equal(ApplyOutcome.Written, retried.Outcome);
    }

    [Fact]
    public async Task Each_applier_reads_once_and_writes_once_when_nothing_fails()
    {
        _fake.Recorders.Add((Member, "us-east-1"));

        var aggregator = await AggregatorApplier().ApplyAsync(Aggregator, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var distribution = await DistributionApplier().ApplyAsync(Golden, TestPlanners.Joins(Member), ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        var channel = await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.All([aggregator, distribution, channel], r => Assert.Equal(new ApplyCounts(1, 0, 0, 0) { Reads = 1 }, r.Counts));
        Assert.Equal("written; the resource returned by the write matches the plan", aggregator.Reason);
        Assert.Equal("written; the service accepted the full replacement planned from the read", distribution.Reason);
        Assert.Equal(
            ["DescribeConfigurationAggregators", "PutConfigurationAggregator", "GetDistributionConfiguration", "UpdateDistributionConfiguration", "AssumeRole", "DescribeDeliveryChannels", "PutDeliveryChannel"],
            _fake.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task Expired_member_credentials_are_dropped_and_the_role_assumed_again()
    {
        _fake.Recorders.Add((Member, "us-east-1"));
        var applier = ChannelApplier();
        await applier.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);
        _fake.ExpireCredentials(Member); // the service rejects them although the cache thinks they are fine
        _fake.Channels.Clear();

        var result = await applier.ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Written, result.Outcome);
        Assert.Equal(2, _fake.Calls("AssumeRole"));
        Assert.Equal(1, result.Counts.Retries);
        Assert.Equal("ASIA2222222222220002", _fake.For("PutDeliveryChannel")[^1].AccessKey);
    }

    [Fact]
    public async Task Logs_never_contain_secrets_or_session_tokens()
    {
        _fake.Recorders.Add((Member, "us-east-1"));
        _fake.Script("DescribeDeliveryChannels", Fault.Throttle);

        await ChannelApplier().ApplyAsync(Channels, Member, "us-east-1", ApplyMode.Write, Deadline, fence: null, CancellationToken.None);

        Assert.NotEmpty(_logs.Lines);
        Assert.All(_logs.Lines, l =>
        {
            Assert.DoesNotContain("secret", l.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("session-token", l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("ASIA", l.Message, StringComparison.Ordinal);
        });
    }

    private static string[] AccountsOf(ConfigurationAggregator aggregator) => aggregator.AccountAggregationSources!.Value[0].AccountIds.ToArray();

    private ApplierOptions Options() => new()
    {
        Time = _time,
        LoggerFactory = _logs,
        Random = new Random(42),
    };

    private AggregatorApplier AggregatorApplier(ApplierOptions? options = null) => new(_clients, options ?? Options(), TestPlanners.Aggregator);

    private DistributionApplier DistributionApplier(ApplierOptions? options = null) => new(_clients, options ?? Options(), TestPlanners.Distribution);

    private DeliveryChannelApplier ChannelApplier() => new(_clients, Options(), TestPlanners.Channel);

    /// <summary>Always the same jitter draw, so backoff lengths are exact.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
