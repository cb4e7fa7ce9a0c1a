using System.Collections.Immutable;
using System.Net;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.State;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Applying;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Targets;
using static OrgSync.Aws.Tests.Emulated.TestOrganization;

namespace OrgSync.Aws.Tests.Emulated;

/// <summary>
/// Every operation of the OrgSync clients, and every error path the emulator can provoke, through the
/// real SDK pipeline (SigV4, endpoint override, HTTP) against the in-process emulator.
/// </summary>
public sealed class ClientRoundTripTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Describing_all_aggregators_walks_more_than_one_page()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var config = aws.Clients.Config("us-east-1");
        var names = Enumerable.Range(0, 12).Select(i => $"agg-{i:D2}").ToList();
        foreach (var name in names)
        {
            var put = await config.PutConfigurationAggregatorAsync(Put(name, Member), None);
            Assert.Equal(name, put.ConfigurationAggregator?.ConfigurationAggregatorName);
        }

        aws.Emulator.ResetCallCounts();
        var all = await config.DescribeAllConfigurationAggregatorsAsync(pageSize: 5, None);

        Assert.Equal([.. names, "org"], all.Select(a => a.ConfigurationAggregatorName));
        Assert.Equal(3, aws.Emulator.CallCount("config.DescribeConfigurationAggregators")); // 5 + 5 + 3
        Assert.All(all, a => Assert.Matches("^arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-[a-z]{8}$", a.ConfigurationAggregatorArn!));
        Assert.Equal(13, (await config.DescribeAllConfigurationAggregatorsAsync(None)).Length); // the default page holds them all
        Assert.Empty(await aws.Clients.Config("eu-west-1").DescribeAllConfigurationAggregatorsAsync(None));
    }

    [Fact]
    public async Task Put_aggregator_returns_the_stored_aggregator_and_find_returns_null_for_a_missing_one()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var config = aws.Clients.Config("us-east-1");

        var put = await config.PutConfigurationAggregatorAsync(Put("org", Member, Existing), None);
        var found = await config.FindConfigurationAggregatorAsync("org", None);
        var missing = await config.FindConfigurationAggregatorAsync("absent", None);

        var stored = put.ConfigurationAggregator!;
        Assert.Equal([Member, Existing], stored.AccountAggregationSources!.Value.Single().AccountIds.ToArray());
        Assert.True(stored.AccountAggregationSources.Value[0].AllAwsRegions);
        Assert.NotNull(stored.LastUpdatedTime);
        Assert.Equal(stored.ConfigurationAggregatorArn, found?.ConfigurationAggregatorArn);
        Assert.Equal([Member, Existing], found!.AccountAggregationSources!.Value.Single().AccountIds.ToArray());
        Assert.Null(missing);
        Assert.Contains(aws.Tap.Exchanges, e => e is { Operation: "DescribeConfigurationAggregators", Status: 400, ErrorCode: "NoSuchConfigurationAggregatorException" });
    }

    [Fact]
    public async Task Member_account_calls_go_through_one_assumed_role_and_act_on_that_account()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var member = aws.Clients.AssumeRole(RoleArn(Member));

        var before = await aws.Clients.Config("us-east-1", member).DescribeDeliveryChannelsAsync(new(), None);
        await aws.Clients.Config("us-east-1", member).PutDeliveryChannelAsync(
            new PutDeliveryChannelRequest { DeliveryChannel = new DeliveryChannel { Name = "default", S3BucketName = "org-config-logs", S3KeyPrefix = "config" } }, None);
        var after = await aws.Clients.Config("us-east-1", member).DescribeDeliveryChannelsAsync(new(), None);
        var recorders = await aws.Clients.Config("eu-west-1", member).DescribeConfigurationRecordersAsync(new(), None);
        var landed = await aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(RoleArn(Landed))).DescribeDeliveryChannelsAsync(new(), None);
        var home = await aws.Clients.Config("us-east-1").DescribeDeliveryChannelsAsync(new(), None);

        Assert.Empty(before);
        var channel = Assert.Single(after);
        Assert.Equal(("default", "org-config-logs", "config"), (channel.Name, channel.S3BucketName, channel.S3KeyPrefix));
        Assert.Equal(("default", "arn:aws:iam::222222222222:role/config"), (Assert.Single(recorders).Name, recorders[0].RoleArn));
        Assert.Equal(("landing-zone", "TwentyFour_Hours"), (Assert.Single(landed).Name, landed[0].ConfigSnapshotDeliveryProperties?.DeliveryFrequency));
        Assert.Empty(home); // the member's channel lives in the member account, not the home account
        Assert.Equal(2, aws.Emulator.CallCount("sts.AssumeRole")); // one per role, reused across Regions and calls
        Assert.All(aws.Tap.Exchanges, e => Assert.Equal(200, e.Status));
    }

    [Fact]
    public async Task Distribution_configurations_are_read_updated_idempotently_and_listed_page_by_page()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var imagebuilder = aws.Clients.Imagebuilder("us-east-1");
        var read = (await imagebuilder.GetDistributionConfigurationAsync(GoldenArn, None)).DistributionConfiguration!;
        var request = new UpdateDistributionConfigurationRequest
        {
            DistributionConfigurationArn = GoldenArn,
            Description = read.Description,
            Distributions = [read.Distributions!.Value[0] with { AmiDistributionConfiguration = new() { LaunchPermission = new() { UserIds = [Member, Existing] } } }, read.Distributions.Value[1]],
            ClientToken = string.Empty,
        };
        request = request with { ClientToken = DistributionClientToken.Compute(read, request) };

        var updated = await imagebuilder.UpdateDistributionConfigurationAsync(request, None);
        var afterUpdate = (await imagebuilder.GetDistributionConfigurationAsync(GoldenArn, None)).DistributionConfiguration!;
        var replayed = await imagebuilder.UpdateDistributionConfigurationAsync(request, None); // a retry: answered from the token's memory
        var afterReplay = (await imagebuilder.GetDistributionConfigurationAsync(GoldenArn, None)).DistributionConfiguration!;
        var mismatch = await Assert.ThrowsAsync<AwsServiceException>(() =>
            imagebuilder.UpdateDistributionConfigurationAsync(request with { Description = "another update, same token" }, None));
        aws.Emulator.ResetCallCounts();
        var listed = await imagebuilder.ListAllDistributionConfigurationsAsync(filters: null, pageSize: 2, None);
        var pages = aws.Emulator.CallCount("imagebuilder.ListDistributionConfigurations");
        var listedEu = await aws.Clients.Imagebuilder("eu-west-1").ListAllDistributionConfigurationsAsync(filters: null, None);
        var filtered = await imagebuilder.ListAllDistributionConfigurationsAsync([new ListFilter { Name = "name", Values = ["golden"] }], None);

        Assert.Equal((request.ClientToken, GoldenArn), (updated.ClientToken, updated.DistributionConfigurationArn));
        Assert.Equal([Member, Existing], afterUpdate.Distributions!.Value[0].AmiDistributionConfiguration!.LaunchPermission!.UserIds!.Value.ToArray());
        Assert.Equal("golden", afterUpdate.Distributions.Value[1].ContainerDistributionConfiguration!.TargetRepository!.RepositoryName);
        Assert.NotEqual(read.DateUpdated, afterUpdate.DateUpdated);
        Assert.Equal(720, afterUpdate.TimeoutMinutes);
        Assert.Equal(updated.ClientToken, replayed.ClientToken);
        Assert.Equal(afterUpdate.DateUpdated, afterReplay.DateUpdated);
        Assert.Equal(("IdempotentParameterMismatchException", HttpStatusCode.BadRequest, FailureKind.Permanent), (mismatch.ErrorCode, mismatch.StatusCode, ((AwsServiceException)mismatch).FailureKind));
        Assert.Equal(["base", "golden", "minimal"], listed.Select(s => s.Name));
        Assert.Equal(["us-east-1", "us-west-2"], listed[1].Regions!.Value.ToArray());
        Assert.Equal(2, pages); // 2 + 1 summaries
        Assert.Equal(["golden-eu"], listedEu.Select(s => s.Name));
        Assert.Equal(["golden"], filtered.Select(s => s.Name));
    }

    [Fact]
    public async Task A_wrong_secret_is_an_invalid_signature_on_every_service_and_is_not_retried()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson, credentials: new BasicAWSCredentials(OrgSync.Emulator.State.EmulatorState.DefaultAccessKeyId, "not-the-secret"));

        var config = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Config("us-east-1").DescribeAllConfigurationAggregatorsAsync(None));
        var imagebuilder = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Imagebuilder("us-east-1").GetDistributionConfigurationAsync(GoldenArn, None));
        var sts = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.AssumedRoles.GetAsync(RoleArn(Member), None));

        Assert.Equal(("config", "InvalidSignatureException", HttpStatusCode.BadRequest, FailureKind.Permanent), (config.Service, config.ErrorCode, config.StatusCode, config.FailureKind));
        Assert.Equal(("imagebuilder", "InvalidSignatureException", HttpStatusCode.Forbidden, FailureKind.Permanent), (imagebuilder.Service, imagebuilder.ErrorCode, imagebuilder.StatusCode, imagebuilder.FailureKind));
        Assert.Equal(("sts", "AssumeRole", "SignatureDoesNotMatch", HttpStatusCode.Forbidden, FailureKind.Permanent), (sts.Service, sts.Operation, sts.ErrorCode, sts.StatusCode, sts.FailureKind));
        Assert.Equal(3, aws.Tap.Exchanges.Count); // the SDK's clock-skew retry does not fire: the clocks agree
    }

    [Fact]
    public async Task An_unknown_key_is_unrecognized_on_every_service()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson, credentials: new BasicAWSCredentials("AKIAUNKNOWNKEY000000", "whatever"));

        var config = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Config("eu-west-1").DescribeAllConfigurationAggregatorsAsync(None));
        var imagebuilder = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Imagebuilder("us-east-1").ListAllDistributionConfigurationsAsync(null, None));
        var member = await Assert.ThrowsAsync<AwsServiceException>(() =>
            aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(RoleArn(Member))).DescribeDeliveryChannelsAsync(new(), None));

        Assert.Equal(("UnrecognizedClientException", HttpStatusCode.BadRequest, FailureKind.Permanent), (config.ErrorCode, config.StatusCode, config.FailureKind));
        Assert.Equal(("UnrecognizedClientException", HttpStatusCode.Forbidden), (imagebuilder.ErrorCode, imagebuilder.StatusCode));
        Assert.Equal(("sts", "AssumeRole", "InvalidClientTokenId", FailureKind.Permanent), (member.Service, member.Operation, member.ErrorCode, member.FailureKind));
        Assert.Equal(0, aws.Emulator.CallCount("config.DescribeDeliveryChannels")); // never sent: no credentials to sign it with
    }

    [Fact]
    public async Task An_image_builder_ARN_of_another_region_is_refused_and_an_unknown_one_is_not_found()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);

        var otherRegion = await Assert.ThrowsAsync<AwsServiceException>(() => aws.Clients.Imagebuilder("eu-west-1").GetDistributionConfigurationAsync(GoldenArn, None));
        var reader = new AwsTargetStateReader(aws.Clients);
        var unknown = await reader.ReadDistributionAsync(new DistributionTarget(GoldenArn.Replace("golden", "absent", StringComparison.Ordinal), [ShareKind.LaunchPermission], null), None);
        var sameArnRightRegion = await reader.ReadDistributionAsync(new DistributionTarget(GoldenArn, [ShareKind.LaunchPermission], null), None);

        Assert.Equal(("InvalidParameterValueException", HttpStatusCode.BadRequest, FailureKind.Permanent), (otherRegion.ErrorCode, otherRegion.StatusCode, otherRegion.FailureKind));
        Assert.Contains("Region 'us-east-1'", otherRegion.Message, StringComparison.Ordinal);
        Assert.Null(unknown);
        Assert.Equal("golden", sameArnRightRegion?.Name); // the reader always calls the ARN's own Region
        Assert.True(aws.Tap.Exchanges.Any(e => e is { Region: "us-east-1", Status: 404, ErrorCode: "ResourceNotFoundException" }), string.Join("\n", aws.Tap.Exchanges));
    }

    [Fact]
    public async Task Channel_puts_need_a_recorder_and_cannot_add_a_second_channel()
    {
        await using var aws = await EmulatedAws.StartAsync(StateJson);
        var channel = new PutDeliveryChannelRequest { DeliveryChannel = new DeliveryChannel { Name = "default", S3BucketName = "org-config-logs" } };

        var noRecorder = await Assert.ThrowsAsync<AwsServiceException>(() =>
            aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(RoleArn(Bare))).PutDeliveryChannelAsync(channel, None));
        var second = await Assert.ThrowsAsync<AwsServiceException>(() =>
            aws.Clients.Config("us-east-1", aws.Clients.AssumeRole(RoleArn(Landed))).PutDeliveryChannelAsync(channel, None));

        Assert.Equal((AwsFailureClassifier.NoAvailableConfigurationRecorder, FailureKind.Transient, false), (noRecorder.ErrorCode, noRecorder.FailureKind, noRecorder.RetryWithinInvocation));
        Assert.Equal(("MaxNumberOfDeliveryChannelsExceededException", FailureKind.Permanent), (second.ErrorCode, second.FailureKind));
    }

    private static PutConfigurationAggregatorRequest Put(string name, params string[] accounts) => new()
    {
        ConfigurationAggregatorName = name,
        AccountAggregationSources = [new AccountAggregationSource { AccountIds = [.. accounts], AllAwsRegions = true }],
    };
}
