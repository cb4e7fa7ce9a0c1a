using OrgSync.Aws.State;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Tests.State;

public sealed class TargetStateReaderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reads_each_target_where_it_lives_and_returns_null_for_what_does_not_exist()
    {
        const string Arn = "arn:aws:imagebuilder:ap-southeast-2:111111111111:distribution-configuration/golden";
        var fake = new FakeAws();
        fake.Aggregators[("eu-west-1", "org")] = new ConfigurationAggregator { ConfigurationAggregatorName = "org" };
        fake.Distributions[Arn] = new DistributionConfiguration { Arn = Arn, Name = "golden" };
        fake.Channels[("222222222222", "us-west-2")] = new DeliveryChannel { Name = "default", S3BucketName = "b" };
        using var clients = TestAws.Factory(fake);
        var reader = new AwsTargetStateReader(clients);
        var channels = new DeliveryChannelTarget("OrgSyncMemberRole", ["us-west-2"], new ChannelSettings("default", "b", null, null, null, null));

        var aggregator = await reader.ReadAggregatorAsync(new AggregatorTarget("org", "eu-west-1", false, true, null), None);
        var noAggregator = await reader.ReadAggregatorAsync(new AggregatorTarget("org", "us-east-1", false, true, null), None);
        var distribution = await reader.ReadDistributionAsync(new DistributionTarget(Arn, [ShareKind.LaunchPermission], null), None);
        var noDistribution = await reader.ReadDistributionAsync(new DistributionTarget(Arn.Replace("golden", "other", StringComparison.Ordinal), [ShareKind.LaunchPermission], null), None);
        var channel = await reader.ReadDeliveryChannelAsync(channels, "222222222222", "us-west-2", None);
        var noChannel = await reader.ReadDeliveryChannelAsync(channels, "333333333333", "us-west-2", None);

        Assert.Equal("org", aggregator?.ConfigurationAggregatorName);
        Assert.Null(noAggregator);
        Assert.Equal("golden", distribution?.Name);
        Assert.Null(noDistribution);
        Assert.Equal("b", channel?.S3BucketName);
        Assert.Null(noChannel);
        Assert.Equal(
            [("config", "eu-west-1"), ("config", "us-east-1"), ("imagebuilder", "ap-southeast-2"), ("imagebuilder", "ap-southeast-2"), ("sts", "us-east-1"), ("config", "us-west-2"), ("sts", "us-east-1"), ("config", "us-west-2")],
            fake.Requests.Select(r => (r.Service, r.Region)));
    }
}
