using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.DeliveryChannels;

public class DeliveryChannelPlannerTests
{
    private static readonly ChannelSettings Settings = new(
        Name: "default", S3BucketName: "org-config-logs", S3KeyPrefix: "config", SnsTopicArn: null, S3KmsKeyArn: null, DeliveryFrequency: "Six_Hours");

    private static DeliveryChannel Read(string json) => Planning.TestData.Read(json, Wire.DeliveryChannel);

    private static Plan<PutDeliveryChannelRequest>.Write AssertWrite(Plan<PutDeliveryChannelRequest> plan) =>
        Assert.IsType<Plan<PutDeliveryChannelRequest>.Write>(plan);

    private static string RequestJson(Plan<PutDeliveryChannelRequest> plan) => ToJson(AssertWrite(plan).Request, Wire.PutDeliveryChannelRequest);

    [Fact]
    public void A_control_tower_channel_is_left_alone_by_default()
    {
        var current = Read("""{"name":"aws-controltower-BaselineConfigDeliveryChannel","s3BucketName":"aws-controltower-logs-999999999999-us-east-1"}""");

        var plan = DeliveryChannelPlanner.Plan(current, Settings);

        var noChange = Assert.IsType<Plan<PutDeliveryChannelRequest>.NoChange>(plan);
        Assert.True(noChange.IsLeftAlone);
        Assert.False(noChange.IsWarning);
        Assert.Contains("managed by Control Tower", noChange.Reason, StringComparison.Ordinal);
        Assert.Contains("aws-controltower-BaselineConfigDeliveryChannel", noChange.Reason, StringComparison.Ordinal);
        Assert.Equal(plan, DeliveryChannelPlanner.Plan(current, Settings, ControlTowerPolicy.Leave));
    }

    [Fact]
    public void With_manage_a_control_tower_channel_is_updated_like_any_other_keeping_its_name()
    {
        var current = Read("""{"name":"aws-controltower-BaselineConfigDeliveryChannel","s3BucketName":"aws-controltower-logs"}""");

        var plan = DeliveryChannelPlanner.Plan(current, Settings, ControlTowerPolicy.Manage);

        Assert.Equal(
            """{"DeliveryChannel":{"name":"aws-controltower-BaselineConfigDeliveryChannel","s3BucketName":"org-config-logs","s3KeyPrefix":"config","configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}}""",
            RequestJson(plan));
    }

    [Theory]
    [InlineData("landing-zone")]
    [InlineData("AWS-ControlTower-BaselineConfigDeliveryChannel")] // Control Tower's own prefix is lower case
    [InlineData("my-aws-controltower-channel")]
    public void Only_a_name_that_starts_with_control_towers_prefix_is_left_alone(string name)
    {
        var plan = DeliveryChannelPlanner.Plan(Read($$"""{"name":"{{name}}","s3BucketName":"old"}"""), Settings);

        Assert.IsType<Plan<PutDeliveryChannelRequest>.Write>(plan);
    }

    [Fact]
    public void Without_a_channel_the_configured_one_is_created()
    {
        var plan = DeliveryChannelPlanner.Plan(null, Settings);

        Assert.Equal(
            """{"DeliveryChannel":{"name":"default","s3BucketName":"org-config-logs","s3KeyPrefix":"config","configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}}""",
            RequestJson(plan));
        Assert.Contains(AssertWrite(plan).Diff.Notes, n => n.StartsWith("created", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_channel_every_configured_field_is_sent_with_its_wire_casing()
    {
        var settings = new ChannelSettings("org", "b", "p", "arn:aws:sns:us-east-1:111111111111:t", "arn:aws:kms:us-east-1:111111111111:key/k", null);

        Assert.Equal(
            """{"DeliveryChannel":{"name":"org","s3BucketName":"b","s3KeyPrefix":"p","s3KmsKeyArn":"arn:aws:kms:us-east-1:111111111111:key/k","snsTopicARN":"arn:aws:sns:us-east-1:111111111111:t"}}""",
            RequestJson(DeliveryChannelPlanner.Plan(null, settings)));
    }

    [Fact]
    public void An_empty_configured_name_creates_the_default_channel()
    {
        var plan = DeliveryChannelPlanner.Plan(null, Settings with { Name = "" });

        Assert.Equal("default", AssertWrite(plan).Request.DeliveryChannel.Name);
    }

    [Fact]
    public void Without_a_channel_and_without_a_bucket_nothing_valid_can_be_created()
    {
        var failure = Assert.IsType<Plan<PutDeliveryChannelRequest>.Failure>(DeliveryChannelPlanner.Plan(null, Settings with { S3BucketName = null }));
        Assert.Contains("s3BucketName", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_channel_keeps_its_name_and_unmanaged_fields_and_unknown_members()
    {
        var current = Read("""
            {"name":"legacy","s3BucketName":"old-bucket","s3KeyPrefix":"old","snsTopicARN":"arn:aws:sns:us-east-1:222222222222:t",
             "configSnapshotDeliveryProperties":{"deliveryFrequency":"One_Hour","futureProperty":7},"futureMember":{"a":[1]}}
            """);

        var plan = DeliveryChannelPlanner.Plan(current, Settings);

        Assert.Equal(
            """{"DeliveryChannel":{"name":"legacy","s3BucketName":"org-config-logs","s3KeyPrefix":"config","snsTopicARN":"arn:aws:sns:us-east-1:222222222222:t","configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours","futureProperty":7},"futureMember":{"a":[1]}}}""",
            RequestJson(plan));
        var notes = AssertWrite(plan).Diff.Notes;
        Assert.Contains(notes, n => n.Contains("name 'legacy' kept", StringComparison.Ordinal));
        Assert.Contains("s3BucketName: 'old-bucket' → 'org-config-logs'", notes);
        Assert.Contains("configSnapshotDeliveryProperties.deliveryFrequency: 'One_Hour' → 'Six_Hours'", notes);
    }

    [Fact]
    public void A_configured_frequency_is_added_to_a_channel_without_snapshot_properties()
    {
        var current = Read("""{"name":"default","s3BucketName":"org-config-logs","s3KeyPrefix":"config"}""");

        Assert.Equal(
            """{"DeliveryChannel":{"name":"default","s3BucketName":"org-config-logs","s3KeyPrefix":"config","configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}}""",
            RequestJson(DeliveryChannelPlanner.Plan(current, Settings)));
    }

    [Fact]
    public void A_channel_already_as_configured_is_not_written()
    {
        var current = Read("""{"name":"default","s3BucketName":"org-config-logs","s3KeyPrefix":"config","s3KmsKeyArn":"k","configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}""");

        Assert.IsType<Plan<PutDeliveryChannelRequest>.NoChange>(DeliveryChannelPlanner.Plan(current, Settings));
    }

    [Fact]
    public void Null_configured_fields_never_clear_a_value()
    {
        var current = Read("""{"name":"default","s3BucketName":"b","s3KeyPrefix":"p","s3KmsKeyArn":"k","snsTopicARN":"t","configSnapshotDeliveryProperties":{"deliveryFrequency":"One_Hour"}}""");
        var unmanaged = new ChannelSettings("default", null, null, null, null, null);

        Assert.IsType<Plan<PutDeliveryChannelRequest>.NoChange>(DeliveryChannelPlanner.Plan(current, unmanaged));
    }
}
