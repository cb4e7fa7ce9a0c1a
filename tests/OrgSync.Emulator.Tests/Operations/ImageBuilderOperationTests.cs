using OrgSync.Tests.Shared;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class ImageBuilderOperationTests
{
    private static JsonObject Update(string token, string description, params string[] userIds) => new()
    {
        ["distributionConfigurationArn"] = TestState.GoldenArn,
        ["description"] = description,
        ["distributions"] = new JsonArray(new JsonObject
        {
            ["region"] = "us-east-1",
            ["amiDistributionConfiguration"] = new JsonObject
            {
                ["launchPermission"] = new JsonObject { ["userIds"] = new JsonArray(userIds.Select(u => (JsonNode)u).ToArray()) },
            },
        }),
        ["clientToken"] = token,
    };

    [Fact]
    public async Task Get_returns_the_configuration_and_404s_an_unknown_arn()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var result = (await client.GetDistribution(TestState.GoldenArn)).ShouldSucceed().Json;
        Assert.False(string.IsNullOrEmpty(result["requestId"]!.GetValue<string>()));
        var dc = result["distributionConfiguration"]!.AsObject();
        Assert.Equal("golden", dc["name"]!.GetValue<string>());
        Assert.Equal(360, dc["timeoutMinutes"]!.GetValue<int>());
        Assert.False(dc.ContainsKey("x-comment"));

        var missing = await client.GetDistribution("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/missing");
        missing.ShouldFail(404, "ResourceNotFoundException");
        Assert.Contains("cannot be found", missing.ErrorMessage);
        Assert.Equal("application/json", missing.Response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_arn_in_another_region_or_account_is_refused()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var euArn = "arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/golden-eu";
        var wrongRegion = await client.GetDistribution(euArn);
        wrongRegion.ShouldFail(400, "InvalidParameterValueException");
        Assert.Contains("'eu-west-1'", wrongRegion.ErrorMessage);
        (await client.WithRegion("eu-west-1").GetDistribution(euArn)).ShouldSucceed();

        using var member = await client.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        var otherAccount = await member.GetDistribution(TestState.GoldenArn);
        otherAccount.ShouldFail(403, "ForbiddenException");
        Assert.Contains("is not authorized to perform: imagebuilder:GetDistributionConfiguration", otherAccount.ErrorMessage);
    }

    [Fact]
    public async Task Update_replaces_description_and_distributions_and_keeps_the_rest()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock });
        using var client = SignedClient.Home(emulator);
        var answer = (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", Update("token-1", "Golden v2", "222222222222", "333333333333"))).ShouldSucceed().Json;
        Assert.Equal("token-1", answer["clientToken"]!.GetValue<string>());
        Assert.Equal(TestState.GoldenArn, answer["distributionConfigurationArn"]!.GetValue<string>());

        var dc = (await client.GetDistribution(TestState.GoldenArn)).ShouldSucceed().Json["distributionConfiguration"]!.AsObject();
        Assert.Equal("Golden v2", dc["description"]!.GetValue<string>());
        Assert.Equal(2, dc["distributions"]![0]!["amiDistributionConfiguration"]!["launchPermission"]!["userIds"]!.AsArray().Count);
        Assert.Equal("platform", dc["tags"]!["team"]!.GetValue<string>());
        Assert.Equal(360, dc["timeoutMinutes"]!.GetValue<int>());
        Assert.Equal("2026-01-01T00:00:00.000Z", dc["dateCreated"]!.GetValue<string>());
        Assert.Equal(clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), dc["dateUpdated"]!.GetValue<string>());

        var stored = emulator.State.ExportNode()["distributionConfigurations"]![0]!;
        Assert.True(stored["x-comment"]!["nested"]!.GetValue<bool>());

        var noOutput = Update("token-2", "x");
        noOutput["distributions"] = new JsonArray(new JsonObject { ["region"] = "us-east-1" });
        (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", noOutput)).ShouldFail(400, "InvalidParameterValueException");
    }

    [Fact]
    public async Task Client_token_makes_updates_idempotent_both_ways()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await TestState.StartAsync(new() { TimeProvider = clock });
        using var client = SignedClient.Home(emulator);
        var first = (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", Update("same-token", "v2", "222222222222"))).ShouldSucceed().Json;
        var updatedAt = (await client.GetDistribution(TestState.GoldenArn)).Json["distributionConfiguration"]!["dateUpdated"]!.GetValue<string>();

        clock.Advance(TimeSpan.FromMinutes(1));
        var retry = (await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", Update("same-token", "v2", "222222222222"))).ShouldSucceed().Json;
        Assert.Equal(first["clientToken"]!.GetValue<string>(), retry["clientToken"]!.GetValue<string>());
        Assert.Equal(first["distributionConfigurationArn"]!.GetValue<string>(), retry["distributionConfigurationArn"]!.GetValue<string>());
        // Not applied twice: dateUpdated did not move.
        Assert.Equal(updatedAt, (await client.GetDistribution(TestState.GoldenArn)).Json["distributionConfiguration"]!["dateUpdated"]!.GetValue<string>());

        var mismatch = await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", Update("same-token", "v3", "222222222222"));
        mismatch.ShouldFail(400, "IdempotentParameterMismatchException");
        Assert.Equal("v2", (await client.GetDistribution(TestState.GoldenArn)).Json["distributionConfiguration"]!["description"]!.GetValue<string>());

        // Tokens are per account and Region: the same token in eu-west-1 is a fresh request.
        var eu = Update("same-token", "eu", "222222222222");
        eu["distributionConfigurationArn"] = "arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/golden-eu";
        eu["distributions"]![0]!["region"] = "eu-west-1";
        (await client.WithRegion("eu-west-1").ImageBuilder("PUT", "/UpdateDistributionConfiguration", eu)).ShouldSucceed();
    }

    [Fact]
    public async Task Create_then_list_with_filter_and_pagination()
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        foreach (var name in new[] { "alpha", "beta", "gamma" })
        {
            var create = new JsonObject
            {
                ["name"] = name,
                ["distributions"] = new JsonArray(new JsonObject { ["region"] = "us-east-1", ["amiDistributionConfiguration"] = new JsonObject() }),
                ["tags"] = new JsonObject { ["env"] = "test" },
                ["clientToken"] = "create-" + name,
            };
            var created = (await client.ImageBuilder("PUT", "/CreateDistributionConfiguration", create)).ShouldSucceed().Json;
            Assert.Equal($"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/{name}", created["distributionConfigurationArn"]!.GetValue<string>());
        }

        var duplicate = new JsonObject
        {
            ["name"] = "alpha",
            ["distributions"] = new JsonArray(new JsonObject { ["region"] = "us-east-1", ["amiDistributionConfiguration"] = new JsonObject() }),
            ["clientToken"] = "another",
        };
        (await client.ImageBuilder("PUT", "/CreateDistributionConfiguration", duplicate)).ShouldFail(400, "ResourceAlreadyExistsException");

        var arns = new List<string>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["maxResults"] = 3 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = (await client.ImageBuilder("POST", "/ListDistributionConfigurations", request)).ShouldSucceed().Json;
            arns.AddRange(page["distributionConfigurationSummaryList"]!.AsArray().Select(s => s!["arn"]!.GetValue<string>()));
            token = page["nextToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Equal(4, arns.Count);
        Assert.Equal(arns.Order(StringComparer.Ordinal), arns);

        var filtered = (await client.ImageBuilder("POST", "/ListDistributionConfigurations", JsonNode.Parse("""{"filters":[{"name":"name","values":["golden","beta"]}]}""")!.AsObject())).ShouldSucceed().Json;
        var summaries = filtered["distributionConfigurationSummaryList"]!.AsArray();
        Assert.Equal(["beta", "golden"], summaries.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(["us-east-1"], summaries[1]!["regions"]!.AsArray().Select(r => r!.GetValue<string>()));

        (await client.ImageBuilder("POST", "/ListDistributionConfigurations", new JsonObject { ["nextToken"] = "bad" })).ShouldFail(400, "InvalidPaginationTokenException");
        var configToken = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("aggregator:" + TestState.GoldenArn));
        (await client.ImageBuilder("POST", "/ListDistributionConfigurations", new JsonObject { ["nextToken"] = configToken })).ShouldFail(400, "InvalidPaginationTokenException");
    }

    [Theory]
    [InlineData("golden-{{ imagebuilder:buildDate }}", true)]
    [InlineData("golden-{{imagebuilder:buildDate}}", true)]
    [InlineData("{{ imagebuilder:buildDate }} golden", true)]
    [InlineData("golden", false)]
    [InlineData("golden-{{ imagebuilder:buildVersion }}", false)]
    public async Task An_AMI_name_must_carry_the_build_date(string amiName, bool accepted)
    {
        await using var emulator = await TestState.StartAsync();
        using var client = SignedClient.Home(emulator);
        var update = Update("token-name", "named");
        update["distributions"] = new JsonArray(
            new JsonObject { ["region"] = "us-east-1", ["amiDistributionConfiguration"] = new JsonObject { ["targetAccountIds"] = new JsonArray("222222222222") } },
            new JsonObject { ["region"] = "eu-west-1", ["amiDistributionConfiguration"] = new JsonObject { ["name"] = amiName } });
        var result = await client.ImageBuilder("PUT", "/UpdateDistributionConfiguration", update);
        if (accepted)
        {
            result.ShouldSucceed();
            return;
        }

        // Image Builder's words (quoted from its answer in hashicorp/terraform-provider-aws#36610).
        result.ShouldFail(400, "InvalidParameterValueException");
        Assert.Equal(
            "The value supplied for parameter 'distributions[1].amiDistributionConfiguration.name' is not valid. The EC2 AMI name must contain '{{ imagebuilder:buildDate }}' to ensure that the name will be unique.",
            result.ErrorMessage);
        Assert.Equal("Golden AMI", (await client.GetDistribution(TestState.GoldenArn)).Json["distributionConfiguration"]!["description"]!.GetValue<string>());

        var create = new JsonObject { ["name"] = "unnamed-build", ["distributions"] = update["distributions"]!.DeepClone(), ["clientToken"] = "create-bad-name" };
        (await client.ImageBuilder("PUT", "/CreateDistributionConfiguration", create)).ShouldFail(400, "InvalidParameterValueException");
    }
}
