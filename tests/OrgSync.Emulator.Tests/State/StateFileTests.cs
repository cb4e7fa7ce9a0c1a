using System.Text.Json.Nodes;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.State;

public sealed class StateFileTests
{
    [Fact]
    public void A_complete_state_file_round_trips_unchanged_with_its_unknown_fields()
    {
        var original = JsonNode.Parse(TestState.Sample)!.AsObject();
        // The loader assigns the aggregator its ARN; with the ARN present the export equals the input.
        var exported = EmulatorState.Parse(TestState.Sample).ExportNode();
        original["configurationAggregators"]![0]!["ConfigurationAggregatorArn"] = exported["configurationAggregators"]![0]!["ConfigurationAggregatorArn"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(original, exported), exported.ToJsonString());

        var again = EmulatorState.Parse(EmulatorState.Parse(original.ToJsonString()).Export()).ExportNode();
        Assert.True(JsonNode.DeepEquals(original, again));
        Assert.Equal([1, 2, 3], again["x-notes"]!["kept"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public async Task Writes_through_the_api_are_exported_with_placement_and_unknown_fields_kept()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        (await client.Config("PutConfigurationAggregator", """{"ConfigurationAggregatorName":"org-aggregator","AccountAggregationSources":[{"AccountIds":["222222222222","333333333333"],"AllAwsRegions":true}]}""")).ShouldSucceed();
        (await client.Config("PutConfigurationAggregator", """{"ConfigurationAggregatorName":"second","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""")).ShouldSucceed();

        var state = EmulatorState.Parse(emulator.ExportState(), "export").ExportNode();
        var aggregators = state["configurationAggregators"]!.AsArray();
        Assert.Equal(["org-aggregator", "second"], aggregators.Select(a => a!["ConfigurationAggregatorName"]!.GetValue<string>()));
        Assert.Equal("platform", aggregators[0]!["x-owner"]!.GetValue<string>());
        Assert.Equal(2, aggregators[0]!["AccountAggregationSources"]![0]!["AccountIds"]!.AsArray().Count);
        Assert.Equal("111111111111", aggregators[1]!["accountId"]!.GetValue<string>());
        Assert.Equal("us-east-1", aggregators[1]!["region"]!.GetValue<string>());
        Assert.True(aggregators[1]!["CreationTime"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number);
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("""{"accountId":"111111111111","accountId":"111111111111"}""", "$")]
    [InlineData("""{"accountId":111111111111}""", "$.accountId")]
    [InlineData("""{"accountId":"11111111111"}""", "$.accountId")]
    [InlineData("""{"accountId":"111111111111","configurationAggregators":{}}""", "$.configurationAggregators")]
    [InlineData("""{"accountId":"111111111111","configurationAggregators":[{"ConfigurationAggregatorName":"a"}]}""", "$.configurationAggregators[0].region")]
    // Full matches: .NET's $ would also accept a final newline.
    [InlineData("""{"accountId":"111111111111","configurationAggregators":[{"region":"us-east-1\n","ConfigurationAggregatorName":"a"}]}""", "$.configurationAggregators[0].region")]
    [InlineData("""{"accountId":"111111111111","configurationAggregators":[{"region":"us-east-1","ConfigurationAggregatorName":"a","AccountAggregationSources":[{"AccountIds":["1"]}]}]}""", "$.configurationAggregators[0].AccountAggregationSources[0].AccountIds[0]")]
    [InlineData("""{"accountId":"111111111111","configurationAggregators":[{"region":"us-east-1","ConfigurationAggregatorName":"a","CreationTime":"yesterday"}]}""", "$.configurationAggregators[0].CreationTime")]
    // Config writes timestamps as epoch seconds: an ISO-8601 string would reach SDKs that cannot read it.
    [InlineData("""{"accountId":"111111111111","configurationAggregators":[{"region":"us-east-1","ConfigurationAggregatorName":"a","CreationTime":"2026-01-01T00:00:00Z"}]}""", "$.configurationAggregators[0].CreationTime")]
    [InlineData("""{"accountId":"111111111111","distributionConfigurations":[{"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/Golden","name":"g"}]}""", "$.distributionConfigurations[0].arn")]
    [InlineData("""{"accountId":"111111111111","distributionConfigurations":[{"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/g","name":"g","region":"eu-west-1"}]}""", "$.distributionConfigurations[0].region")]
    [InlineData("""{"accountId":"111111111111","distributionConfigurations":[{"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/g","name":"g","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":"222222222222"}}}]}]}""", "$.distributionConfigurations[0].distributions[0].amiDistributionConfiguration.launchPermission.userIds")]
    [InlineData("""{"accountId":"111111111111","deliveryChannels":[{"region":"us-east-1","name":"a"},{"region":"us-east-1","name":"b"}]}""", "$.deliveryChannels[1]")]
    [InlineData("""{"accountId":"111111111111","aggregationAuthorizations":[{"AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1"}]}""", "$.aggregationAuthorizations[0].region")]
    [InlineData("""{"accountId":"111111111111","aggregationAuthorizations":[{"region":"us-east-1","AuthorizedAccountId":"12","AuthorizedAwsRegion":"us-east-1"}]}""", "$.aggregationAuthorizations[0].AuthorizedAccountId")]
    [InlineData("""{"accountId":"111111111111","aggregationAuthorizations":[{"region":"us-east-1","AuthorizedAccountId":"222222222222"}]}""", "$.aggregationAuthorizations[0].AuthorizedAwsRegion")]
    [InlineData("""{"accountId":"111111111111","aggregationAuthorizations":[{"region":"us-east-1","AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1","Tags":[{"Key":""}]}]}""", "$.aggregationAuthorizations[0].Tags[0].Key")]
    [InlineData("""{"accountId":"111111111111","aggregationAuthorizations":[{"region":"us-east-1","AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1"},{"accountId":"111111111111","region":"us-east-1","AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1"}]}""", "$.aggregationAuthorizations[1]")]
    [InlineData("""{"accountId":"111111111111","serviceControlDenies":{}}""", "$.serviceControlDenies")]
    [InlineData("""{"accountId":"111111111111","serviceControlDenies":[{"accountId":"222222222222"}]}""", "$.serviceControlDenies[0].action")]
    [InlineData("""{"accountId":"111111111111","serviceControlDenies":[{"accountId":"222222222222","action":"PutDeliveryChannel"}]}""", "$.serviceControlDenies[0].action")]
    [InlineData("""{"accountId":"111111111111","serviceControlDenies":[{"accountId":"2","action":"config:PutDeliveryChannel"}]}""", "$.serviceControlDenies[0].accountId")]
    [InlineData("""{"accountId":"111111111111","organization":{"id":"o-a1b2c3d4e5","managementAccountId":"111111111111","rootId":"r-ab12","organizationalUnits":[],"accounts":[{"Id":"111111111111","Name":"management","Email":"m@example.com","State":"ACTIVE","parentId":"r-ab12"},{"Id":"222222222222","Name":"member","Email":"a@example.com","State":"ACTIVE","parentId":"r-ab12"}]},"serviceControlDenies":[{"accountId":"222222222222","action":"config:*"},{"accountId":"111111111111","action":"config:PutDeliveryChannel"}]}""", "$.serviceControlDenies[1].accountId")]
    [InlineData("""{"accountId":"111111111111","organization":{"id":"o-a1b2c3d4e5","managementAccountId":"111111111111","rootId":"r-ab12","organizationalUnits":[],"accounts":[{"Id":"111111111111","Name":"management","Email":"m@example.com","State":"ACTIVE","parentId":"r-ab12"},{"Id":"222222222222","Name":"member","Email":"a@example.com","State":"ACTIVE","parentId":"r-ab12"}]},"serviceControlDenies":[{"action":"config:PutDeliveryChannel"}]}""", "$.serviceControlDenies[0].accountId")]
    [InlineData("""{"accountId":"111111111111","eventBuses":[{"region":"us-east-1","Name":"bad name"}]}""", "$.eventBuses[0].Name")]
    [InlineData("""{"accountId":"111111111111","eventBuses":[{"region":"us-east-1","Name":"default"}]}""", "$.eventBuses[0].Name")]
    [InlineData("""{"accountId":"111111111111","eventBuses":[{"region":"us-east-1","Name":"b"},{"accountId":"111111111111","region":"us-east-1","Name":"b"}]}""", "$.eventBuses[1].Name")]
    [InlineData("""{"accountId":"111111111111","eventBuses":[{"Name":"b"}]}""", "$.eventBuses[0].region")]
    [InlineData("""{"accountId":"111111111111","taskTokens":[{}]}""", "$.taskTokens[0].taskToken")]
    [InlineData("""{"accountId":"111111111111","taskTokens":[{"taskToken":""}]}""", "$.taskTokens[0].taskToken")]
    [InlineData("""{"accountId":"111111111111","taskTokens":[{"taskToken":"t"},{"taskToken":"t"}]}""", "$.taskTokens[1].taskToken")]
    [InlineData("""{"accountId":"111111111111","taskTokens":[{"taskToken":"t","region":"Europe"}]}""", "$.taskTokens[0].region")]
    [InlineData("""{"accountId":"111111111111","taskTokens":[{"taskToken":"t","accountId":"x"}]}""", "$.taskTokens[0].accountId")]
    [InlineData("""{"accountId":"111111111111","taskResults":[{"taskToken":"t","status":"DONE"}]}""", "$.taskResults[0].status")]
    [InlineData("""{"accountId":"111111111111","taskResults":[{"status":"SUCCESS"}]}""", "$.taskResults[0].taskToken")]
    [InlineData("""{"accountId":"111111111111","publishedEvents":[1]}""", "$.publishedEvents[0]")]
    public void An_invalid_state_file_names_the_json_path(string json, string path)
    {
        var error = Assert.Throws<StateFileException>(() => EmulatorState.Parse(json, "bad.json"));
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"state file bad.json: {path}: ", error.Message);
    }

    /// <summary>The SPEC §5.1 members, with unknown fields at every level.</summary>
    private const string NotificationState = """
        {
          "accountId": "111111111111",
          "aggregationAuthorizations": [
            { "accountId": "222222222222", "region": "us-east-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1",
              "AggregationAuthorizationArn": "arn:aws:config:us-east-1:222222222222:aggregation-authorization/111111111111/us-east-1",
              "CreationTime": 1767225600.5, "Tags": [ { "Key": "team", "Value": "platform" } ], "x-kept": true } ],
          "serviceControlDenies": [ { "accountId": "333333333333", "action": "config:PutDeliveryChannel", "x-kept": 1 } ],
          "eventBuses": [ { "accountId": "111111111111", "region": "us-east-1", "Name": "orgsync", "x-kept": [] } ],
          "publishedEvents": [ { "accountId": "111111111111", "region": "us-east-1", "EventBusName": "default", "Source": "orgsync",
                                 "DetailType": "Account Sync Completed", "Detail": "{}", "Time": 1767225600, "EventId": "e-1", "x-kept": {} } ],
          "taskTokens": [ { "taskToken": "t-1", "x-kept": "yes" } ],
          "taskResults": [ { "taskToken": "t-1", "status": "SUCCESS", "output": "{}", "x-kept": null } ],
          "x-top": "kept"
        }
        """;

    [Fact]
    public void The_notification_and_policy_members_round_trip_unchanged()
    {
        var original = JsonNode.Parse(NotificationState)!;
        var exported = EmulatorState.Parse(NotificationState).ExportNode();
        Assert.True(JsonNode.DeepEquals(original, exported), exported.ToJsonString());
        Assert.True(JsonNode.DeepEquals(original, EmulatorState.Parse(exported.ToJsonString()).ExportNode()));
    }

    [Fact]
    public void The_loader_adds_a_missing_authorization_arn_and_nothing_else()
    {
        var exported = EmulatorState.Parse("""
            {"accountId":"111111111111","aggregationAuthorizations":[{"region":"eu-west-1","AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1"}]}
            """).ExportNode();
        Assert.Equal(
            """{"region":"eu-west-1","AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":"us-east-1","AggregationAuthorizationArn":"arn:aws:config:eu-west-1:111111111111:aggregation-authorization/222222222222/us-east-1"}""",
            exported["aggregationAuthorizations"]![0]!.ToJsonString());
    }

    [Fact]
    public void Resources_are_placed_by_account_and_region_with_the_documented_defaults()
    {
        var state = EmulatorState.Parse(TestState.Sample);
        Assert.Single(state.Region(TestState.Home, "us-east-1").Recorders); // no accountId: the top-level account
        Assert.Single(state.Region(TestState.Member, "us-east-1").Channels);
        Assert.Single(state.Region(TestState.Home, "eu-west-1").Distributions); // from the ARN
        Assert.Empty(state.Region(TestState.Member, "eu-west-1").Distributions);
    }

    [Fact]
    public void WriteTo_writes_the_export_atomically()
    {
        var path = Path.Combine(Path.GetTempPath(), "orgsync-emulator-" + Guid.NewGuid().ToString("N"), "state.json");
        try
        {
            var state = EmulatorState.Parse(TestState.Sample);
            state.WriteTo(path);
            Assert.True(JsonNode.DeepEquals(state.ExportNode(), EmulatorState.Load(path).ExportNode()));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
