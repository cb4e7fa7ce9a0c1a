using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class AggregationAuthorizationTests
{
    private static string Authorization(string account, string region, string? tags = null) =>
        $$"""{"AuthorizedAccountId":"{{account}}","AuthorizedAwsRegion":"{{region}}"{{(tags is null ? "" : ",\"Tags\":" + tags)}}}""";

    [Fact]
    public async Task Put_creates_once_and_then_returns_the_authorization_unchanged()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock });
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");

        var created = (await member.Config("PutAggregationAuthorization", Authorization(TestState.Home, "us-east-1", """[{"Key":"team","Value":"platform"}]""")))
            .ShouldSucceed().Json["AggregationAuthorization"]!.AsObject();
        Assert.Equal($"arn:aws:config:us-east-1:{TestState.Member}:aggregation-authorization/{TestState.Home}/us-east-1", created["AggregationAuthorizationArn"]!.GetValue<string>());
        Assert.Equal(TestState.Home, created["AuthorizedAccountId"]!.GetValue<string>());
        Assert.Equal("us-east-1", created["AuthorizedAwsRegion"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, created["CreationTime"]!.GetValue<double>(), 3);
        Assert.False(created.ContainsKey("Tags")); // not a member of the AggregationAuthorization shape
        Assert.False(created.ContainsKey("accountId"));

        clock.Advance(TimeSpan.FromMinutes(5));
        var again = (await member.Config("PutAggregationAuthorization", Authorization(TestState.Home, "us-east-1", """[{"Key":"team","Value":"other"}]""")))
            .ShouldSucceed().Json["AggregationAuthorization"]!;
        Assert.True(JsonNode.DeepEquals(created, again), again.ToJsonString());

        var stored = emulator.State.ExportNode()["aggregationAuthorizations"]!.AsArray().Single()!.AsObject();
        Assert.Equal(TestState.Member, stored["accountId"]!.GetValue<string>());
        Assert.Equal("us-east-1", stored["region"]!.GetValue<string>());
        Assert.Equal("platform", stored["Tags"]![0]!["Value"]!.GetValue<string>()); // the first put's tags stay
    }

    [Fact]
    public async Task Describe_pages_in_order_and_is_scoped_to_the_account_and_region()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        foreach (var (account, region) in new[] { ("333333333333", "us-east-1"), (TestState.Member, "eu-west-1"), (TestState.Member, "us-east-1") })
        {
            (await home.Config("PutAggregationAuthorization", Authorization(account, region))).ShouldSucceed();
        }

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["Limit"] = 2 };
            if (token is not null)
            {
                request["NextToken"] = token;
            }

            var page = (await home.Config("DescribeAggregationAuthorizations", request)).ShouldSucceed().Json;
            keys.AddRange(page["AggregationAuthorizations"]!.AsArray().Select(a => a!["AuthorizedAccountId"]!.GetValue<string>() + "/" + a["AuthorizedAwsRegion"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(["222222222222/eu-west-1", "222222222222/us-east-1", "333333333333/us-east-1"], keys);
        Assert.Equal(2, pages);
        Assert.Equal(3, (await home.Config("DescribeAggregationAuthorizations", """{"Limit":0}""")).ShouldSucceed().Json["AggregationAuthorizations"]!.AsArray().Count);

        using var west = home.WithRegion("us-west-2");
        Assert.Empty((await west.Config("DescribeAggregationAuthorizations", "{}")).ShouldSucceed().Json["AggregationAuthorizations"]!.AsArray());
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        Assert.Empty((await member.Config("DescribeAggregationAuthorizations", "{}")).ShouldSucceed().Json["AggregationAuthorizations"]!.AsArray());

        var bad = await home.Config("DescribeAggregationAuthorizations", """{"NextToken":"garbage"}""");
        bad.ShouldFail(400, "InvalidNextTokenException");
        // A token of another listing is not one of this listing's.
        (await home.Config("PutConfigurationAggregator", """{"ConfigurationAggregatorName":"a-agg","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""")).ShouldSucceed();
        var aggregatorToken = (await home.Config("DescribeConfigurationAggregators", """{"Limit":1}""")).ShouldSucceed().Json["NextToken"]!.GetValue<string>();
        (await home.Config("DescribeAggregationAuthorizations", new JsonObject { ["NextToken"] = aggregatorToken })).ShouldFail(400, "InvalidNextTokenException");
    }

    [Fact]
    public async Task Delete_removes_and_deleting_a_missing_authorization_still_succeeds()
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        (await home.Config("PutAggregationAuthorization", Authorization(TestState.Member, "us-east-1"))).ShouldSucceed();
        var deleted = (await home.Config("DeleteAggregationAuthorization", Authorization(TestState.Member, "us-east-1"))).ShouldSucceed();
        Assert.Equal(string.Empty, deleted.Body);
        (await home.Config("DeleteAggregationAuthorization", Authorization(TestState.Member, "us-east-1"))).ShouldSucceed();
        Assert.False(emulator.State.ExportNode().ContainsKey("aggregationAuthorizations"));
    }

    [Theory]
    [InlineData("PutAggregationAuthorization", """{"AuthorizedAwsRegion":"us-east-1"}""", "Value null at 'authorizedAccountId' failed to satisfy constraint: Member must not be null")]
    [InlineData("PutAggregationAuthorization", """{"AuthorizedAccountId":"1234","AuthorizedAwsRegion":"us-east-1"}""", @"Value '1234' at 'authorizedAccountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \d{12}")]
    [InlineData("PutAggregationAuthorization", """{"AuthorizedAccountId":"222222222222","AuthorizedAwsRegion":""}""", "Value '' at 'authorizedAwsRegion' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("DeleteAggregationAuthorization", """{"AuthorizedAccountId":"222222222222"}""", "Value null at 'authorizedAwsRegion' failed to satisfy constraint: Member must not be null")]
    [InlineData("DescribeAggregationAuthorizations", """{"Limit":101}""", "Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100")]
    public async Task Requests_are_checked_against_the_model(string operation, string body, string message)
    {
        await using var emulator = await TestState.StartAsync();
        using var home = SignedClient.Home(emulator);
        var result = await home.Config(operation, body);
        result.ShouldFail(400, "ValidationException");
        Assert.Equal("1 validation error detected: " + message, result.ErrorMessage);
    }

    [Fact]
    public async Task Put_and_delete_are_writes_that_a_lost_response_applies()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(0, 0, 1) });
        using var home = SignedClient.Home(emulator);
        (await home.Config("PutAggregationAuthorization", Authorization(TestState.Member, "us-east-1"))).ShouldFail(500, "InternalFailure");
        Assert.Single((await home.Config("DescribeAggregationAuthorizations", "{}")).ShouldSucceed().Json["AggregationAuthorizations"]!.AsArray());
        (await home.Config("DeleteAggregationAuthorization", Authorization(TestState.Member, "us-east-1"))).ShouldFail(500, "InternalFailure");
        Assert.Empty((await home.Config("DescribeAggregationAuthorizations", "{}")).ShouldSucceed().Json["AggregationAuthorizations"]!.AsArray());
    }
}
