using System.Text.Json.Nodes;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Targets;

public sealed class TargetsFileLoaderTests
{
    /// <summary>The example of SPEC §2, verbatim.</summary>
    private const string SpecExample = """
        {
          "homeAccountId": "111111111111",
          "trustedManagementAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "removeOnLeave": true,
          "excludeAccounts": ["999999999999"],
          "aggregators": [
            { "name": "org-aggregator", "region": "us-east-1",
              "createIfMissing": true, "allAwsRegions": true, "awsRegions": null }
          ],
          "distributions": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
              "share": ["launchPermission"], "regions": null }
          ],
          "deliveryChannels": [
            { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"],
              "channel": { "name": "default", "s3BucketName": "org-config-logs",
                           "s3KeyPrefix": "config", "snsTopicARN": null, "s3KmsKeyArn": null,
                           "configSnapshotDeliveryProperties": { "deliveryFrequency": "Six_Hours" } } }
          ]
        }
        """;

    [Fact]
    public void The_spec_example_loads()
    {
        var file = TargetsFileLoader.Parse(SpecExample);

        Assert.Equal("111111111111", file.HomeAccountId);
        Assert.Equal("111111111111", file.TrustedManagementAccountId);
        Assert.Equal<string>(["acme.vending"], file.CustomSources);
        Assert.True(file.RemoveOnLeave);
        Assert.Equal<string>(["999999999999"], file.ExcludeAccounts);

        var aggregator = Assert.Single(file.Aggregators);
        Assert.Equal(new AggregatorTarget("org-aggregator", "us-east-1", CreateIfMissing: true, AllAwsRegions: true, AwsRegions: null), aggregator);
        Assert.Equal("aggregator/us-east-1/org-aggregator", aggregator.Key);

        var distribution = Assert.Single(file.Distributions);
        Assert.Equal("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", distribution.Arn);
        Assert.Equal<ShareKind>([ShareKind.LaunchPermission], distribution.Share);
        Assert.Null(distribution.Regions);
        Assert.Equal("us-east-1", distribution.Region);
        Assert.Equal("111111111111", distribution.AccountId);

        var channel = Assert.Single(file.DeliveryChannels);
        Assert.Equal("OrgSyncMemberRole", channel.MemberRoleName);
        Assert.Equal<string>(["us-east-1"], channel.Regions);
        Assert.Equal(new ChannelSettings("default", "org-config-logs", "config", null, null, "Six_Hours"), channel.Channel);
        Assert.Equal("arn:aws:iam::444444444444:role/OrgSyncMemberRole", channel.RoleArn("444444444444", "us-east-1"));
        Assert.Equal("arn:aws-cn:iam::444444444444:role/OrgSyncMemberRole", channel.RoleArn("444444444444", "cn-north-1"));
        Assert.Equal("arn:aws-us-gov:iam::444444444444:role/OrgSyncMemberRole", channel.RoleArn("444444444444", "us-gov-west-1"));

        Assert.Equal<string>(["acme.vending"], file.ClassifierOptions.CustomSources);
        Assert.Equal("111111111111", file.ClassifierOptions.TrustedManagementAccountId);
    }

    [Fact]
    public void An_empty_object_is_a_file_with_no_targets()
    {
        var file = TargetsFileLoader.Parse("{}");

        Assert.Null(file.HomeAccountId);
        Assert.Null(file.TrustedManagementAccountId);
        Assert.Empty(file.CustomSources);
        Assert.True(file.RemoveOnLeave);
        Assert.Empty(file.ExcludeAccounts);
        Assert.Empty(file.Aggregators);
        Assert.Empty(file.Distributions);
        Assert.Empty(file.DeliveryChannels);
        Assert.False(file.CustomSources.IsDefault);
        Assert.False(file.Aggregators.IsDefault);
    }

    [Fact]
    public void Defaults_apply_to_every_omitted_member()
    {
        var file = TargetsFileLoader.Parse("""
            {
              "aggregators": [ { "name": "a", "region": "eu-west-1" },
                               { "name": "b", "region": "eu-west-1", "awsRegions": ["eu-west-1", "eu-central-1"] } ],
              "distributions": [ { "arn": "arn:aws-us-gov:imagebuilder:us-gov-west-1:111111111111:distribution-configuration/gov_golden-2" } ],
              "deliveryChannels": [ { "memberRoleName": "Role+=,.@_-1", "regions": ["ap-southeast-2", "eu-west-1"],
                                      "channel": { "s3BucketName": "b" } } ]
            }
            """);

        Assert.Equal(new AggregatorTarget("a", "eu-west-1", false, true, null), file.Aggregators[0]);
        Assert.False(file.Aggregators[1].AllAwsRegions);
        Assert.Equal<string>(["eu-west-1", "eu-central-1"], file.Aggregators[1].AwsRegions!.Value);
        Assert.Equal<ShareKind>([ShareKind.LaunchPermission], file.Distributions[0].Share);
        Assert.Null(file.Distributions[0].Regions);
        Assert.Equal("us-gov-west-1", file.Distributions[0].Region);
        Assert.Equal(new ChannelSettings("default", "b", null, null, null, null), file.DeliveryChannels[0].Channel);
    }

    [Fact]
    public void Explicit_values_are_kept()
    {
        var file = TargetsFileLoader.Parse("""
            {
              "removeOnLeave": false,
              "trustedManagementAccountId": null,
              "aggregators": [ { "name": "a", "region": "us-east-1", "allAwsRegions": false, "awsRegions": ["us-east-1"] } ],
              "distributions": [ { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
                                   "share": ["targetAccountIds", "launchPermission"], "regions": ["us-east-1", "us-west-2"] } ],
              "deliveryChannels": [ { "memberRoleName": "R", "regions": ["us-east-1"],
                                      "channel": { "name": "org", "s3BucketName": "b", "s3KeyPrefix": "p", "snsTopicARN": "arn:aws:sns:us-east-1:111111111111:t",
                                                   "s3KmsKeyArn": "arn:aws:kms:us-east-1:111111111111:key/k", "configSnapshotDeliveryProperties": null } } ]
            }
            """);

        Assert.False(file.RemoveOnLeave);
        Assert.Null(file.TrustedManagementAccountId);
        Assert.False(file.Aggregators[0].AllAwsRegions);
        Assert.Equal<ShareKind>([ShareKind.TargetAccountIds, ShareKind.LaunchPermission], file.Distributions[0].Share);
        Assert.Equal<string>(["us-east-1", "us-west-2"], file.Distributions[0].Regions!.Value);
        Assert.Equal(
            new ChannelSettings("org", "b", "p", "arn:aws:sns:us-east-1:111111111111:t", "arn:aws:kms:us-east-1:111111111111:key/k", null),
            file.DeliveryChannels[0].Channel);
    }

    public static TheoryData<string, string, string, string> Errors => new()
    {
        // name, file, path, problem (substring)
        { "not JSON", "{", "$", "not valid JSON" },
        { "trailing comma", "{\"customSources\": [\"a\",]}", "customSources[0]", "not valid JSON" },
        { "root an array", "[]", "$", "expected object, found array" },
        { "root null", "null", "$", "expected object, found null" },
        { "duplicate key at the root", "{\"removeOnLeave\": true, \"removeOnLeave\": false}", "removeOnLeave", "duplicate member name \"removeOnLeave\"" },
        { "duplicate key in an aggregator", Aggregator("\"name\": \"a\", \"name\": \"b\", \"region\": \"us-east-1\""), "aggregators[0].name", "duplicate member name \"name\"" },
        { "unknown root key", "{\"aggregator\": []}", "aggregator", "unknown key (allowed: homeAccountId, trustedManagementAccountId" },
        { "unknown key with an odd name", "{\"a b\": 1}", "[\"a b\"]", "unknown key" },
        { "unknown aggregator key", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"allRegions\": true"), "aggregators[0].allRegions", "unknown key (allowed: name, region, createIfMissing, allAwsRegions, awsRegions, scope, authorizeSources, authorizationRegions)" },
        { "unknown distribution key", Distribution("\"arn\": \"" + Arn + "\", \"shares\": []"), "distributions[0].shares", "unknown key" },
        { "unknown channel key", Channel("\"s3BucketName\": \"b\", \"bucket\": \"b\""), "deliveryChannels[0].channel.bucket", "unknown key" },
        { "unknown delivery property", Channel("\"s3BucketName\": \"b\", \"configSnapshotDeliveryProperties\": {\"deliveryFrequency\": \"One_Hour\", \"x\": 1}"), "deliveryChannels[0].channel.configSnapshotDeliveryProperties.x", "unknown key" },
        { "homeAccountId a number", "{\"homeAccountId\": 111111111111}", "homeAccountId", "expected string, found number" },
        { "homeAccountId 11 digits", "{\"homeAccountId\": \"11111111111\"}", "homeAccountId", "must be an AWS account id (12 ASCII digits), found \"11111111111\"" },
        { "trusted account in fullwidth digits", "{\"trustedManagementAccountId\": \"１１１１１１１１１１１１\"}", "trustedManagementAccountId", "must be an AWS account id" },
        { "customSources not an array", "{\"customSources\": \"acme.vending\"}", "customSources", "expected array, found string" },
        { "customSources null", "{\"customSources\": null}", "customSources", "expected array, found null" },
        { "custom source reserved by AWS", "{\"customSources\": [\"aws.organizations\"]}", "customSources[0]", "starts with \"aws.\", which EventBridge reserves" },
        { "custom source empty", "{\"customSources\": [\"\"]}", "customSources[0]", "must not be empty" },
        { "custom source a number", "{\"customSources\": [1]}", "customSources[0]", "expected string, found number" },
        { "custom sources repeated", "{\"customSources\": [\"a\", \"b\", \"a\"]}", "customSources[2]", "duplicate of customSources[0]" },
        { "removeOnLeave a string", "{\"removeOnLeave\": \"yes\"}", "removeOnLeave", "expected boolean, found string" },
        { "excluded account invalid", "{\"excludeAccounts\": [\"999999999999\", \"9999\"]}", "excludeAccounts[1]", "must be an AWS account id" },
        { "excluded account repeated", "{\"excludeAccounts\": [\"999999999999\", \"999999999999\"]}", "excludeAccounts[1]", "duplicate of excludeAccounts[0]" },
        { "aggregators an object", "{\"aggregators\": {}}", "aggregators", "expected array, found object" },
        { "aggregator not an object", "{\"aggregators\": [\"org-aggregator\"]}", "aggregators[0]", "expected object, found string" },
        { "aggregator name missing", Aggregator("\"region\": \"us-east-1\""), "aggregators[0].name", "required" },
        { "aggregator name empty", Aggregator("\"name\": \"\", \"region\": \"us-east-1\""), "aggregators[0].name", "must be 1–256 characters from A-Z a-z 0-9 _ -" },
        { "aggregator name with a space", Aggregator("\"name\": \"org aggregator\", \"region\": \"us-east-1\""), "aggregators[0].name", "found \"org aggregator\"" },
        { "aggregator name with a non-ASCII letter", Aggregator("\"name\": \"agrégateur\", \"region\": \"us-east-1\""), "aggregators[0].name", "(Config ConfigurationAggregatorName)" },
        { "aggregator name too long", Aggregator($"\"name\": \"{new string('a', 257)}\", \"region\": \"us-east-1\""), "aggregators[0].name", "must be 1–256 characters" },
        { "aggregator region missing", Aggregator("\"name\": \"a\""), "aggregators[0].region", "required" },
        { "aggregator region in capitals", Aggregator("\"name\": \"a\", \"region\": \"US-EAST-1\""), "aggregators[0].region", "must be an AWS Region code such as us-east-1, found \"US-EAST-1\"" },
        { "aggregator region without a number", Aggregator("\"name\": \"a\", \"region\": \"us-east\""), "aggregators[0].region", "must be an AWS Region code" },
        { "aggregator region a display name", Aggregator("\"name\": \"a\", \"region\": \"US East (N. Virginia)\""), "aggregators[0].region", "must be an AWS Region code" },
        { "aggregator region with a trailing newline", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\\n\""), "aggregators[0].region", "found \"us-east-1\\n\"" },
        { "createIfMissing a string", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"createIfMissing\": \"true\""), "aggregators[0].createIfMissing", "expected boolean, found string" },
        { "all regions and a region list", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"allAwsRegions\": true, \"awsRegions\": [\"us-east-1\"]"), "aggregators[0].awsRegions", "must be null or absent when allAwsRegions is true" },
        { "not all regions and no list", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"allAwsRegions\": false"), "aggregators[0].awsRegions", "required (a non-empty list) when allAwsRegions is false" },
        { "not all regions and a null list", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"allAwsRegions\": false, \"awsRegions\": null"), "aggregators[0].awsRegions", "required" },
        { "empty region list", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"awsRegions\": []"), "aggregators[0].awsRegions", "must not be empty" },
        { "repeated region", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"awsRegions\": [\"us-east-1\", \"us-east-1\"]"), "aggregators[0].awsRegions[1]", "duplicate of aggregators[0].awsRegions[0]" },
        { "bad region in the list", Aggregator("\"name\": \"a\", \"region\": \"us-east-1\", \"awsRegions\": [\"us-east-1\", \"mars-1\"]"), "aggregators[0].awsRegions[1]", "must be an AWS Region code" },
        { "duplicate aggregator", "{\"aggregators\": [{\"name\": \"a\", \"region\": \"us-east-1\"}, {\"name\": \"a\", \"region\": \"us-east-1\", \"createIfMissing\": true}]}", "aggregators[1]", "duplicate target: same region and name as aggregators[0]" },
        { "distribution arn missing", Distribution("\"share\": [\"launchPermission\"]"), "distributions[0].arn", "required" },
        { "distribution arn of another resource", Distribution("\"arn\": \"arn:aws:imagebuilder:us-east-1:111111111111:image-pipeline/golden\""), "distributions[0].arn", "must be an Image Builder distribution configuration ARN" },
        { "distribution arn in capitals", Distribution("\"arn\": \"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/Golden\""), "distributions[0].arn", "must be an Image Builder distribution configuration ARN" },
        { "distribution arn with a trailing newline", Distribution("\"arn\": \"" + Arn + "\\n\""), "distributions[0].arn", "must be an Image Builder distribution configuration ARN" },
        { "distribution arn with an 11-digit account", Distribution("\"arn\": \"arn:aws:imagebuilder:us-east-1:11111111111:distribution-configuration/golden\""), "distributions[0].arn", "must be an Image Builder distribution configuration ARN" },
        { "distribution arn owned by AWS", Distribution("\"arn\": \"arn:aws:imagebuilder:us-east-1:aws:distribution-configuration/golden\""), "distributions[0].arn", "AWS-managed distribution configuration" },
        { "distribution arn with a bad region", Distribution("\"arn\": \"arn:aws:imagebuilder:useast1:111111111111:distribution-configuration/golden\""), "distributions[0].arn", "the ARN's Region \"useast1\" is not an AWS Region code" },
        { "share empty", Distribution("\"arn\": \"" + Arn + "\", \"share\": []"), "distributions[0].share", "must not be empty" },
        { "share a string", Distribution("\"arn\": \"" + Arn + "\", \"share\": \"launchPermission\""), "distributions[0].share", "expected array, found string" },
        { "share unknown", Distribution("\"arn\": \"" + Arn + "\", \"share\": [\"userIds\"]"), "distributions[0].share[0]", "must be \"launchPermission\" or \"targetAccountIds\", found \"userIds\"" },
        { "share repeated", Distribution("\"arn\": \"" + Arn + "\", \"share\": [\"launchPermission\", \"launchPermission\"]"), "distributions[0].share[1]", "duplicate of distributions[0].share[0]" },
        { "distribution regions empty", Distribution("\"arn\": \"" + Arn + "\", \"regions\": []"), "distributions[0].regions", "must not be empty" },
        { "distribution regions repeated", Distribution("\"arn\": \"" + Arn + "\", \"regions\": [\"us-east-1\", \"us-east-1\"]"), "distributions[0].regions[1]", "duplicate" },
        { "duplicate distribution", $"{{\"distributions\": [{{\"arn\": \"{Arn}\"}}, {{\"arn\": \"{Arn}\", \"share\": [\"targetAccountIds\"]}}]}}", "distributions[1]", "duplicate target: same arn as distributions[0]" },
        { "role name missing", "{\"deliveryChannels\": [{\"regions\": [\"us-east-1\"], \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[0].memberRoleName", "required" },
        { "role name with a slash", "{\"deliveryChannels\": [{\"memberRoleName\": \"path/Role\", \"regions\": [\"us-east-1\"], \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[0].memberRoleName", "must be an IAM role name" },
        { "role name too long", $"{{\"deliveryChannels\": [{{\"memberRoleName\": \"{new string('R', 65)}\", \"regions\": [\"us-east-1\"], \"channel\": {{\"s3BucketName\": \"b\"}}}}]}}", "deliveryChannels[0].memberRoleName", "1–64 characters" },
        { "channel regions missing", "{\"deliveryChannels\": [{\"memberRoleName\": \"R\", \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[0].regions", "required" },
        { "channel regions null", "{\"deliveryChannels\": [{\"memberRoleName\": \"R\", \"regions\": null, \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[0].regions", "required" },
        { "channel regions empty", "{\"deliveryChannels\": [{\"memberRoleName\": \"R\", \"regions\": [], \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[0].regions", "must not be empty" },
        { "channel missing", "{\"deliveryChannels\": [{\"memberRoleName\": \"R\", \"regions\": [\"us-east-1\"]}]}", "deliveryChannels[0].channel", "required" },
        { "channel not an object", "{\"deliveryChannels\": [{\"memberRoleName\": \"R\", \"regions\": [\"us-east-1\"], \"channel\": \"default\"}]}", "deliveryChannels[0].channel", "expected object, found string" },
        { "bucket missing", Channel("\"name\": \"default\""), "deliveryChannels[0].channel.s3BucketName", "required: a delivery channel cannot be created without an S3 bucket" },
        { "bucket null", Channel("\"s3BucketName\": null"), "deliveryChannels[0].channel.s3BucketName", "required" },
        { "bucket empty", Channel("\"s3BucketName\": \"\""), "deliveryChannels[0].channel.s3BucketName", "must be null or a non-empty string" },
        { "key prefix empty", Channel("\"s3BucketName\": \"b\", \"s3KeyPrefix\": \"\""), "deliveryChannels[0].channel.s3KeyPrefix", "must be null or a non-empty string" },
        { "topic a number", Channel("\"s3BucketName\": \"b\", \"snsTopicARN\": 5"), "deliveryChannels[0].channel.snsTopicARN", "expected string, found number" },
        { "channel name empty", Channel("\"name\": \"\", \"s3BucketName\": \"b\""), "deliveryChannels[0].channel.name", "must be 1–256 characters" },
        { "channel name too long", Channel($"\"name\": \"{new string('n', 257)}\", \"s3BucketName\": \"b\""), "deliveryChannels[0].channel.name", "must be 1–256 characters" },
        { "delivery frequency unknown", Channel("\"s3BucketName\": \"b\", \"configSnapshotDeliveryProperties\": {\"deliveryFrequency\": \"Six_hours\"}"), "deliveryChannels[0].channel.configSnapshotDeliveryProperties.deliveryFrequency", "must be one of One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours, found \"Six_hours\"" },
        { "delivery frequency missing", Channel("\"s3BucketName\": \"b\", \"configSnapshotDeliveryProperties\": {}"), "deliveryChannels[0].channel.configSnapshotDeliveryProperties.deliveryFrequency", "required" },
        { "delivery properties a string", Channel("\"s3BucketName\": \"b\", \"configSnapshotDeliveryProperties\": \"Six_Hours\""), "deliveryChannels[0].channel.configSnapshotDeliveryProperties", "expected object, found string" },
        { "two channels for one region", "{\"deliveryChannels\": [{\"memberRoleName\": \"A\", \"regions\": [\"us-east-1\"], \"channel\": {\"s3BucketName\": \"a\"}}, {\"memberRoleName\": \"B\", \"regions\": [\"eu-west-1\", \"us-east-1\"], \"channel\": {\"s3BucketName\": \"b\"}}]}", "deliveryChannels[1].regions[1]", "Region us-east-1 is already configured by deliveryChannels[0]" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_problem_names_its_path(string name, string json, string path, string problem) =>
        AssertTheOnlyProblem(name, json, path, problem);

    /// <summary>Asserts that <paramref name="json"/> fails with exactly one error, at <paramref name="path"/>, containing <paramref name="problem"/>.</summary>
    internal static void AssertTheOnlyProblem(string name, string json, string path, string problem)
    {
        var exception = Assert.Throws<TargetsFileException>(() => TargetsFileLoader.Parse(json));

        var error = Assert.Single(exception.Errors);
        Assert.True(path == error.Path, $"{name}: expected path {path}, got {error}");
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Contains(error.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_member_reads_path_colon_problem()
    {
        var exception = Assert.Throws<TargetsFileException>(() => TargetsFileLoader.Parse("""
            {"aggregators": [{"name": "a", "region": "us-east-1"}, {"name": "b"}]}
            """));

        Assert.Equal("aggregators[1].region: required", Assert.Single(exception.Errors).ToString());
    }

    [Fact]
    public void Several_problems_are_reported_together_in_document_order()
    {
        var exception = Assert.Throws<TargetsFileException>(() => TargetsFileLoader.Parse("""
            {
              "homeAccountId": "1234",
              "customSources": ["aws.events", "acme.vending"],
              "colour": "blue",
              "aggregators": [ { "name": "ok", "region": "us-east-1" }, { "name": "bad name", "region": "moon-1" } ],
              "distributions": [ { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", "share": [] } ],
              "deliveryChannels": [ { "memberRoleName": "R", "regions": ["us-east-1"], "channel": { } } ]
            }
            """));

        Assert.Equal(
            [
                "colour",
                "homeAccountId",
                "customSources[0]",
                "aggregators[1].name",
                "aggregators[1].region",
                "distributions[0].share",
                "deliveryChannels[0].channel.s3BucketName",
            ],
            exception.Errors.Select(e => e.Path));
        Assert.StartsWith("invalid targets file: colour: unknown key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_that_feed_the_apis_accept_their_real_shapes()
    {
        string[] regions = ["us-east-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "eu-central-2", "il-central-1", "us-iso-east-1", "eusc-de-east-1", "ca-west-1"];
        foreach (var region in regions)
        {
            Assert.True(AwsNames.IsRegion(region), region);
        }

        string[] notRegions = ["", "us", "us-east", "us-east-1a", "us-east-100", "US-east-1", "us_east_1", "us-east-1 ", "-us-east-1", "us--east-1", "u-east-1", "useast-1"];
        foreach (var text in notRegions)
        {
            Assert.False(AwsNames.IsRegion(text), text);
        }
    }

    [Fact]
    public void The_same_file_parses_the_same_way_after_a_json_round_trip()
    {
        var reformatted = JsonNode.Parse(SpecExample)!.ToJsonString();

        var a = TargetsFileLoader.Parse(SpecExample);
        var b = TargetsFileLoader.Parse(reformatted);

        Assert.Equal<AggregatorTarget>(a.Aggregators, b.Aggregators);
        Assert.Equal(a.DeliveryChannels.Select(c => c.Channel), b.DeliveryChannels.Select(c => c.Channel));
        Assert.Equal<string>(a.DeliveryChannels[0].Regions, b.DeliveryChannels[0].Regions);
    }

    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private static string Aggregator(string members) => $"{{\"aggregators\": [{{{members}}}]}}";

    private static string Distribution(string members) => $"{{\"distributions\": [{{{members}}}]}}";

    private static string Channel(string members) =>
        $"{{\"deliveryChannels\": [{{\"memberRoleName\": \"R\", \"regions\": [\"us-east-1\"], \"channel\": {{{members}}}}}]}}";
}
