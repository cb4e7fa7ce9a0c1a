using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class ConfigOperationTests
{
    private static JsonObject Aggregator(string name, params string[] accounts) => new()
    {
        ["ConfigurationAggregatorName"] = name,
        ["AccountAggregationSources"] = new JsonArray(new JsonObject
        {
            ["AccountIds"] = new JsonArray(accounts.Select(a => (JsonNode)a).ToArray()),
            ["AllAwsRegions"] = true,
        }),
    };

    [Fact]
    public async Task Put_creates_then_updates_keeping_arn_and_creation_time()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock });
        using var client = SignedClient.Home(emulator);

        var created = (await client.Config("PutConfigurationAggregator", Aggregator("new-agg", "222222222222"))).ShouldSucceed().Json["ConfigurationAggregator"]!;
        var arn = created["ConfigurationAggregatorArn"]!.GetValue<string>();
        Assert.Matches("^arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-[a-z]{8}$", arn);
        var creationTime = created["CreationTime"]!.GetValue<double>();
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, creationTime, 3);
        Assert.Equal(creationTime, created["LastUpdatedTime"]!.GetValue<double>());

        clock.Advance(TimeSpan.FromMinutes(5));
        var update = Aggregator("new-agg", "222222222222", "333333333333");
        update["AccountAggregationSources"]![0]!.AsObject().Remove("AllAwsRegions");
        update["AccountAggregationSources"]![0]!["AwsRegions"] = new JsonArray("us-east-1", "eu-west-1");
        var updated = (await client.Config("PutConfigurationAggregator", update)).ShouldSucceed().Json["ConfigurationAggregator"]!;
        Assert.Equal(arn, updated["ConfigurationAggregatorArn"]!.GetValue<string>());
        Assert.Equal(creationTime, updated["CreationTime"]!.GetValue<double>());
        Assert.Equal(creationTime + 300, updated["LastUpdatedTime"]!.GetValue<double>(), 3);
        var source = updated["AccountAggregationSources"]![0]!;
        Assert.Equal(["222222222222", "333333333333"], source["AccountIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(source["AllAwsRegions"]!.GetValue<bool>());
        Assert.Equal(2, source["AwsRegions"]!.AsArray().Count);

        // An organization source replaces the account source.
        var organization = new JsonObject
        {
            ["ConfigurationAggregatorName"] = "new-agg",
            ["OrganizationAggregationSource"] = new JsonObject { ["RoleArn"] = "arn:aws:iam::111111111111:role/agg", ["AllAwsRegions"] = true },
        };
        var replaced = (await client.Config("PutConfigurationAggregator", organization)).ShouldSucceed().Json["ConfigurationAggregator"]!.AsObject();
        Assert.False(replaced.ContainsKey("AccountAggregationSources"));
        Assert.True(replaced["OrganizationAggregationSource"]!["AllAwsRegions"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"ConfigurationAggregatorName":"x"}""", "is missing either the AccountAggregationSource or the OrganizationAggregationSource")]
    [InlineData("""{"ConfigurationAggregatorName":"x","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}],"OrganizationAggregationSource":{"RoleArn":"r","AllAwsRegions":true}}""", "contains both the AccountAggregationSource and the OrganizationAggregationSource")]
    [InlineData("""{"ConfigurationAggregatorName":"x","AccountAggregationSources":[{"AccountIds":["222222222222"]}]}""", "Your request does not specify any regions.")]
    [InlineData("""{"ConfigurationAggregatorName":"x","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true,"AwsRegions":["us-east-1"]}]}""", "contains a list of regions and also specifies the use of all regions")]
    public async Task Put_applies_the_source_and_region_rules(string body, string message)
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var result = await client.Config("PutConfigurationAggregator", body);
        result.ShouldFail(400, "InvalidParameterValueException");
        Assert.Contains(message, result.ErrorMessage);
    }

    [Fact]
    public async Task Describe_filters_paginates_and_rejects_unknown_names_and_tokens()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        foreach (var name in new[] { "b-agg", "a-agg", "c-agg" })
        {
            (await client.Config("PutConfigurationAggregator", Aggregator(name, "222222222222"))).ShouldSucceed();
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["Limit"] = 2 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = (await client.Config("DescribeConfigurationAggregators", request)).ShouldSucceed().Json;
            names.AddRange(page["ConfigurationAggregators"]!.AsArray().Select(a => a!["ConfigurationAggregatorName"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(["a-agg", "b-agg", "c-agg", "org-aggregator"], names);
        Assert.Equal(2, pages);

        var all = (await client.Config("DescribeConfigurationAggregators", """{"Limit":0}""")).ShouldSucceed().Json;
        Assert.Equal(4, all["ConfigurationAggregators"]!.AsArray().Count);
        Assert.False(all.ContainsKey("NextToken"));

        var filtered = (await client.Config("DescribeConfigurationAggregators", """{"ConfigurationAggregatorNames":["c-agg","a-agg"]}""")).ShouldSucceed().Json;
        Assert.Equal(2, filtered["ConfigurationAggregators"]!.AsArray().Count);

        var one = await client.Config("DescribeConfigurationAggregators", """{"ConfigurationAggregatorNames":["nope"]}""");
        one.ShouldFail(400, "NoSuchConfigurationAggregatorException");
        Assert.Equal("The configuration aggregator does not exist. Check the configuration aggregator name and try again.", one.ErrorMessage);
        var several = await client.Config("DescribeConfigurationAggregators", """{"ConfigurationAggregatorNames":["a-agg","nope"]}""");
        several.ShouldFail(400, "NoSuchConfigurationAggregatorException");
        Assert.StartsWith("At least one of the configuration aggregators does not exist.", several.ErrorMessage);

        var badToken = await client.Config("DescribeConfigurationAggregators", """{"NextToken":"garbage!"}""");
        badToken.ShouldFail(400, "InvalidNextTokenException");
        Assert.Equal("The nextToken provided is invalid", badToken.ErrorMessage);

        // Regions are separate: us-west-2 of the same account has none.
        using var west = client.WithRegion("us-west-2");
        Assert.Empty((await west.Config("DescribeConfigurationAggregators", "{}")).ShouldSucceed().Json["ConfigurationAggregators"]!.AsArray());
    }

    [Fact]
    public async Task Delete_removes_and_then_reports_no_such_aggregator()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var deleted = (await client.Config("DeleteConfigurationAggregator", """{"ConfigurationAggregatorName":"org-aggregator"}""")).ShouldSucceed();
        Assert.Equal(string.Empty, deleted.Body);
        (await client.Config("DeleteConfigurationAggregator", """{"ConfigurationAggregatorName":"org-aggregator"}""")).ShouldFail(400, "NoSuchConfigurationAggregatorException");
        Assert.Empty(emulator.State.ExportNode()["configurationAggregators"]!.AsArray());
    }

    [Fact]
    public async Task Delivery_channel_needs_a_recorder_defaults_its_name_and_cannot_be_renamed()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);

        // The home account has a recorder in us-east-1 but not in eu-west-1.
        using var eu = home.WithRegion("eu-west-1");
        var noRecorder = await eu.Config("PutDeliveryChannel", """{"DeliveryChannel":{"s3BucketName":"b"}}""");
        noRecorder.ShouldFail(400, "NoAvailableConfigurationRecorderException");
        Assert.Equal("Configuration recorder is not available to put delivery channel.", noRecorder.ErrorMessage);

        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"s3BucketName":"b"}}""")).ShouldSucceed();
        var described = (await home.Config("DescribeDeliveryChannels", "{}")).ShouldSucceed().Json["DeliveryChannels"]!.AsArray();
        Assert.Equal("default", described.Single()!["name"]!.GetValue<string>());

        var renamed = await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"other","s3BucketName":"b"}}""");
        renamed.ShouldFail(400, "MaxNumberOfDeliveryChannelsExceededException");
        Assert.Equal("Failed to put delivery channel 'other' because the maximum number of delivery channels: 1 is reached.", renamed.ErrorMessage);

        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":""}}""")).ShouldFail(400, "NoSuchBucketException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default"}}""")).ShouldFail(400, "NoSuchBucketException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"  ","s3BucketName":"b"}}""")).ShouldFail(400, "InvalidDeliveryChannelNameException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","s3KeyPrefix":""}}""")).ShouldFail(400, "InvalidS3KeyPrefixException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","snsTopicARN":"topic"}}""")).ShouldFail(400, "InvalidSNSTopicARNException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","snsTopicARN":"arn:aws:sns:us-east-1:111111111111:cfg\n"}}""")).ShouldFail(400, "InvalidSNSTopicARNException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","s3KmsKeyArn":"arn:aws:kms:us-east-1:111111111111:key/k\n"}}""")).ShouldFail(400, "InvalidS3KmsKeyArnException");
        (await home.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","s3KmsKeyArn":"key"}}""")).ShouldFail(400, "InvalidS3KmsKeyArnException");

        var unknown = await home.Config("DescribeDeliveryChannels", """{"DeliveryChannelNames":["nope"]}""");
        unknown.ShouldFail(400, "NoSuchDeliveryChannelException");
        Assert.Equal("Cannot find delivery channel with specified name 'nope'.", unknown.ErrorMessage);
    }

    [Fact]
    public async Task Put_delivery_channel_replaces_the_channel_and_keeps_unknown_state_fields()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        (await member.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"org-logs","snsTopicARN":"arn:aws:sns:us-east-1:222222222222:cfg"}}""")).ShouldSucceed();
        (await member.Config("PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"org-logs-2"}}""")).ShouldSucceed();

        var channel = (await member.Config("DescribeDeliveryChannels", "{}")).ShouldSucceed().Json["DeliveryChannels"]![0]!.AsObject();
        Assert.Equal("org-logs-2", channel["s3BucketName"]!.GetValue<string>());
        Assert.False(channel.ContainsKey("snsTopicARN")); // a put replaces: fields not sent are gone
        Assert.False(channel.ContainsKey("x-kept")); // state-only fields never reach the API

        var stored = emulator.State.ExportNode()["deliveryChannels"]!.AsArray().Single()!;
        Assert.Equal(7, stored["x-kept"]!.GetValue<int>());
        Assert.Equal(TestState.Member, stored["accountId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recorders_are_one_per_account_and_region()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        var recorders = (await home.Config("DescribeConfigurationRecorders", "{}")).ShouldSucceed().Json["ConfigurationRecorders"]!.AsArray();
        Assert.Equal("arn:aws:iam::111111111111:role/config", recorders.Single()!["roleARN"]!.GetValue<string>());
        (await home.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"name":"second","roleARN":"arn:aws:iam::111111111111:role/config"}}""")).ShouldFail(400, "MaxNumberOfConfigurationRecordersExceededException");
        (await home.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"name":"default"}}""")).ShouldFail(400, "InvalidRoleException");
        (await home.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"name":"default","roleARN":"r","recordingGroup":{}}}""")).ShouldFail(400, "InvalidRecordingGroupException");
        (await home.Config("DescribeConfigurationRecorders", """{"ConfigurationRecorderNames":["nope"]}""")).ShouldFail(400, "NoSuchConfigurationRecorderException");

        using var eu = home.WithRegion("eu-west-1");
        (await eu.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"roleARN":"arn:aws:iam::111111111111:role/config","recordingGroup":{"allSupported":true}}}""")).ShouldSucceed();
        (await eu.Config("PutDeliveryChannel", """{"DeliveryChannel":{"s3BucketName":"b"}}""")).ShouldSucceed();
    }

    [Fact]
    public async Task Tags_are_set_at_creation_and_a_later_put_does_not_change_them()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var create = Aggregator("tagged", "222222222222");
        create["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "platform" });
        (await client.Config("PutConfigurationAggregator", create)).ShouldSucceed();

        // "If a following request has different tags values, Config will ignore these differences" (the model's PutConfigurationAggregator documentation).
        var update = Aggregator("tagged", "222222222222", "333333333333");
        update["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "other" }, new JsonObject { ["Key"] = "new", ["Value"] = "x" });
        var updated = (await client.Config("PutConfigurationAggregator", update)).ShouldSucceed().Json["ConfigurationAggregator"]!;
        Assert.Equal(2, updated["AccountAggregationSources"]![0]!["AccountIds"]!.AsArray().Count);
        (await client.Config("PutConfigurationAggregator", Aggregator("tagged", "222222222222"))).ShouldSucceed();

        var stored = emulator.State.ExportNode()["configurationAggregators"]!.AsArray().Single(a => a!["ConfigurationAggregatorName"]!.GetValue<string>() == "tagged")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"Key":"team","Value":"platform"}]"""), stored["Tags"]), stored.ToJsonString());
    }

    [Fact]
    public async Task A_recorder_is_described_with_its_arn_and_the_defaults_of_what_the_put_left_out()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        using var eu = home.WithRegion("eu-west-1");
        (await eu.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"name":"default","roleARN":"arn:aws:iam::111111111111:role/config"}}""")).ShouldSucceed();
        var recorder = (await eu.Config("DescribeConfigurationRecorders", "{}")).ShouldSucceed().Json["ConfigurationRecorders"]![0]!.AsObject();

        // As AWS describes a customer managed recorder put without recordingGroup: the model's "Default is to record all
        // supported resource types, excluding the global IAM resource types", in the shape the AWS CLI prints it.
        var arn = recorder["arn"]!.GetValue<string>();
        Assert.Matches("^arn:aws:config:eu-west-1:111111111111:configuration-recorder/default/[a-z0-9]{16}$", arn);
        var expected = JsonNode.Parse($$$"""
            {"arn":"{{{arn}}}","name":"default","roleARN":"arn:aws:iam::111111111111:role/config",
             "recordingGroup":{"allSupported":true,"includeGlobalResourceTypes":false,"resourceTypes":[],
                               "exclusionByResourceTypes":{"resourceTypes":[]},"recordingStrategy":{"useOnly":"ALL_SUPPORTED_RESOURCE_TYPES"}},
             "recordingMode":{"recordingFrequency":"CONTINUOUS","recordingModeOverrides":[]},
             "recordingScope":"PAID"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, recorder), recorder.ToJsonString());
        Assert.True(Models.ModelValidator.Validate(Models.ServiceModels.Config.Shape("ConfigurationRecorder"), recorder, Models.ValidationOptions.StateDocument).IsValid);

        // The ARN is stable across puts and runs; the strategy follows what a put chose.
        (await eu.Config("PutConfigurationRecorder", """{"ConfigurationRecorder":{"name":"default","roleARN":"arn:aws:iam::111111111111:role/config","recordingGroup":{"allSupported":false,"resourceTypes":["AWS::S3::Bucket"]},"recordingMode":{"recordingFrequency":"DAILY"}}}""")).ShouldSucceed();
        var again = (await eu.Config("DescribeConfigurationRecorders", "{}")).ShouldSucceed().Json["ConfigurationRecorders"]![0]!;
        Assert.Equal(arn, again["arn"]!.GetValue<string>());
        Assert.Equal("INCLUSION_BY_RESOURCE_TYPES", again["recordingGroup"]!["recordingStrategy"]!["useOnly"]!.GetValue<string>());
        Assert.Equal(["AWS::S3::Bucket"], again["recordingGroup"]!["resourceTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("DAILY", again["recordingMode"]!["recordingFrequency"]!.GetValue<string>());
        Assert.Empty(again["recordingMode"]!["recordingModeOverrides"]!.AsArray());

        // A recorder from the state file is described the same way, and the state file is not changed by it.
        var member = (await home.Config("DescribeConfigurationRecorders", "{}")).ShouldSucceed().Json["ConfigurationRecorders"]![0]!;
        Assert.True(member["recordingGroup"]!["allSupported"]!.GetValue<bool>());
        var storedHome = emulator.State.ExportNode()["configurationRecorders"]!.AsArray().Single(r => r!["roleARN"]!.GetValue<string>() == "arn:aws:iam::111111111111:role/config" && !r.AsObject().ContainsKey("recordingGroup"))!;
        Assert.False(storedHome.AsObject().ContainsKey("arn"));
    }
}
