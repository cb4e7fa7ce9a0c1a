using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.DeliveryChannels;

public class DeliveryChannelPropertyTests
{
    private static readonly Gen<(DeliveryChannel? Current, ChannelSettings Settings)> Cases =
        from current in Generators.Channel
        from settings in Generators.ChannelSettings
        select (current is null ? null : RoundTrip(current, Wire.DeliveryChannel), settings);

    [Fact]
    public void Putting_the_planned_channel_and_planning_again_writes_nothing()
    {
        Properties.Check(Cases, c =>
        {
            var plan = DeliveryChannelPlanner.Plan(c.Current, c.Settings);
            if (plan is Plan<PutDeliveryChannelRequest>.Failure)
            {
                Assert.True(c.Current is null && c.Settings.S3BucketName is null);
                return;
            }

            if (plan is not Plan<PutDeliveryChannelRequest>.Write write)
            {
                return;
            }

            var after = RoundTrip(write.Request.DeliveryChannel, Wire.DeliveryChannel);
            Assert.IsType<Plan<PutDeliveryChannelRequest>.NoChange>(DeliveryChannelPlanner.Plan(after, c.Settings));
        });
    }

    [Fact]
    public void Configured_fields_win_null_ones_keep_what_was_read_and_the_name_is_kept()
    {
        Properties.Check(Cases, c =>
        {
            if (c.Current is null || DeliveryChannelPlanner.Plan(c.Current, c.Settings) is not Plan<PutDeliveryChannelRequest>.Write write)
            {
                return;
            }

            var written = write.Request.DeliveryChannel;
            Assert.Equal(c.Current.Name, written.Name);
            Assert.Equal(c.Settings.S3BucketName ?? c.Current.S3BucketName, written.S3BucketName);
            Assert.Equal(c.Settings.S3KeyPrefix ?? c.Current.S3KeyPrefix, written.S3KeyPrefix);
            Assert.Equal(c.Settings.S3KmsKeyArn ?? c.Current.S3KmsKeyArn, written.S3KmsKeyArn);
            Assert.Equal(c.Settings.SnsTopicArn ?? c.Current.SnsTopicArn, written.SnsTopicArn);
            Assert.Equal(c.Settings.DeliveryFrequency ?? c.Current.ConfigSnapshotDeliveryProperties?.DeliveryFrequency, written.ConfigSnapshotDeliveryProperties?.DeliveryFrequency);
            Assert.Same(c.Current.ExtensionData, written.ExtensionData);
        });
    }
}
