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
    public void An_invalid_state_file_names_the_json_path(string json, string path)
    {
        var error = Assert.Throws<StateFileException>(() => EmulatorState.Parse(json, "bad.json"));
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith($"state file bad.json: {path}: ", error.Message);
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
