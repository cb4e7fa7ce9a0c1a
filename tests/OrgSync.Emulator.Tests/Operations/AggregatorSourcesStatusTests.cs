using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Config;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class AggregatorSourcesStatusTests
{
    private const string State = """
        {
          "accountId": "111111111111",
          "organization": { "id": "o-a1b2c3d4e5", "managementAccountId": "111111111111", "rootId": "r-ab12",
            "accounts": [ { "Id": "111111111111", "State": "ACTIVE", "parentId": "r-ab12" } ] },
          "configurationAggregators": [
            { "region": "us-east-1", "ConfigurationAggregatorName": "accounts",
              "AccountAggregationSources": [ { "AccountIds": ["222222222222", "333333333333", "222222222222"], "AwsRegions": ["us-east-1", "eu-west-1"] } ] },
            { "region": "us-east-1", "ConfigurationAggregatorName": "everywhere",
              "AccountAggregationSources": [ { "AccountIds": ["222222222222"], "AllAwsRegions": true } ] },
            { "region": "us-east-1", "ConfigurationAggregatorName": "org",
              "OrganizationAggregationSource": { "RoleArn": "arn:aws:iam::111111111111:role/agg", "AllAwsRegions": true } } ],
          "aggregationAuthorizations": [
            { "accountId": "222222222222", "region": "us-east-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "us-east-1" },
            { "accountId": "333333333333", "region": "eu-west-1", "AuthorizedAccountId": "111111111111", "AuthorizedAwsRegion": "eu-west-1" } ]
        }
        """;

    private static async Task<List<JsonObject>> StatusesAsync(SignedClient client, string aggregator, string extra = "")
    {
        var result = (await client.Config("DescribeConfigurationAggregatorSourcesStatus", $$"""{"ConfigurationAggregatorName":"{{aggregator}}"{{extra}}}""")).ShouldSucceed();
        return result.Json["AggregatedSourceStatusList"]!.AsArray().Select(s => s!.AsObject()).ToList();
    }

    private static string Row(JsonObject status) =>
        $"{status["SourceType"]} {status["SourceId"]} {status["AwsRegion"]} {status["LastUpdateStatus"]}";

    [Fact]
    public async Task Each_source_account_and_region_succeeds_only_with_an_authorization_for_this_aggregator_there()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock }, State);
        using var home = SignedClient.Home(emulator);

        var statuses = await StatusesAsync(home, "accounts");
        Assert.Equal(
        [
            "ACCOUNT 222222222222 eu-west-1 FAILED",
            "ACCOUNT 222222222222 us-east-1 SUCCEEDED",
            "ACCOUNT 333333333333 eu-west-1 FAILED", // it authorized the aggregator's account, but for eu-west-1, not us-east-1
            "ACCOUNT 333333333333 us-east-1 FAILED",
        ], statuses.Select(Row));
        var failed = statuses[0];
        Assert.Equal(ConfigHandler.MissingAuthorizationCode, failed["LastErrorCode"]!.GetValue<string>());
        Assert.Contains("222222222222", failed["LastErrorMessage"]!.GetValue<string>());
        Assert.False(statuses[1].ContainsKey("LastErrorCode"));
        Assert.All(statuses, s => Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, s["LastUpdateTime"]!.GetValue<double>(), 3));

        // The source account authorizes in eu-west-1: that source succeeds from then on.
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        using var memberEu = member.WithRegion("eu-west-1");
        (await memberEu.Config("PutAggregationAuthorization", """{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""")).ShouldSucceed();
        Assert.Equal(
            ["ACCOUNT 222222222222 eu-west-1 SUCCEEDED", "ACCOUNT 222222222222 us-east-1 SUCCEEDED"],
            (await StatusesAsync(home, "accounts", ""","UpdateStatus":["SUCCEEDED"]""")).Select(Row));
        Assert.Equal(2, (await StatusesAsync(home, "accounts", ""","UpdateStatus":["FAILED","OUTDATED"]""")).Count);
        Assert.Empty(await StatusesAsync(home, "accounts", ""","UpdateStatus":["OUTDATED"]"""));
    }

    [Fact]
    public async Task All_regions_means_the_documented_fixed_list_and_an_organization_source_reports_once()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);

        var everywhere = await StatusesAsync(home, "everywhere");
        Assert.Equal(ConfigHandler.AllAwsRegions.Order(StringComparer.Ordinal), everywhere.Select(s => s["AwsRegion"]!.GetValue<string>()));
        Assert.Equal(17, everywhere.Count);
        Assert.Single(everywhere, s => s["LastUpdateStatus"]!.GetValue<string>() == "SUCCEEDED");

        var organization = Assert.Single(await StatusesAsync(home, "org"));
        Assert.Equal("ORGANIZATION o-a1b2c3d4e5 us-east-1 SUCCEEDED", Row(organization));
    }

    [Fact]
    public async Task Pages_honour_the_limit_and_reject_foreign_tokens_and_unknown_aggregators()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["ConfigurationAggregatorName"] = "everywhere", ["Limit"] = 5 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = (await home.Config("DescribeConfigurationAggregatorSourcesStatus", request)).ShouldSucceed().Json;
            seen.AddRange(page["AggregatedSourceStatusList"]!.AsArray().Select(s => s!["AwsRegion"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(4, pages);
        Assert.Equal(ConfigHandler.AllAwsRegions.Order(StringComparer.Ordinal), seen);

        (await home.Config("DescribeConfigurationAggregatorSourcesStatus", """{"ConfigurationAggregatorName":"accounts","NextToken":"garbage"}""")).ShouldFail(400, "InvalidNextTokenException");
        var missing = await home.Config("DescribeConfigurationAggregatorSourcesStatus", """{"ConfigurationAggregatorName":"missing"}""");
        missing.ShouldFail(400, "NoSuchConfigurationAggregatorException");
        Assert.Equal("The configuration aggregator does not exist. Check the configuration aggregator name and try again.", missing.ErrorMessage);
        // The aggregator belongs to its account and Region.
        using var west = home.WithRegion("us-west-2");
        (await west.Config("DescribeConfigurationAggregatorSourcesStatus", """{"ConfigurationAggregatorName":"accounts"}""")).ShouldFail(400, "NoSuchConfigurationAggregatorException");
        var invalid = await home.Config("DescribeConfigurationAggregatorSourcesStatus", """{"ConfigurationAggregatorName":"accounts","UpdateStatus":["BROKEN"]}""");
        invalid.ShouldFail(400, "ValidationException");
        Assert.Contains("Member must satisfy enum value set: [FAILED, SUCCEEDED, OUTDATED]", invalid.ErrorMessage);
    }

    [Fact]
    public async Task Without_an_organization_in_the_state_the_organization_source_is_named_by_the_aggregator_account()
    {
        var state = JsonNode.Parse(State)!.AsObject();
        state.Remove("organization");
        await using var emulator = await TestState.StartAsync(state: state.ToJsonString());
        using var home = SignedClient.Home(emulator);
        Assert.Equal("ORGANIZATION 111111111111 us-east-1 SUCCEEDED", Row(Assert.Single(await StatusesAsync(home, "org"))));
    }
}
