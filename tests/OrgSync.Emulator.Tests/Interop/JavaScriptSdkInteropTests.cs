using System.Text.Json.Nodes;
using OrgSync.Emulator.Tests.Support;
using OrgSync.Tests.Shared;

namespace OrgSync.Emulator.Tests.Interop;

/// <summary>
/// The official AWS SDK for JavaScript v3 (config-service, imagebuilder, sts, organizations, eventbridge, sfn
/// clients) against the emulator, unchanged: endpoint and credentials from the environment, as an application would run.
/// </summary>
public sealed class JavaScriptSdkInteropTests
{
    private static string Script => Path.Combine(RepoPaths.Tests, "OrgSync.Emulator.Tests", "Interop", "sdk-interop.mjs");

    [Fact]
    public async Task The_official_JavaScript_SDK_works_unchanged_against_the_emulator()
    {
        await NodeTools.EnsureInstalledAsync();
        var state = JsonNode.Parse(TestState.Sample)!.AsObject();
        state["taskTokens"] = new JsonArray(new JsonObject { ["taskToken"] = "interop-token" });
        await using var emulator = await TestState.StartAsync(state: state.ToJsonString());

        // Endpoint and credentials from the environment only: no profile, config file or session token of the machine.
        var environment = new Dictionary<string, string?>
        {
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["MEMBER_ACCOUNT_ID"] = TestState.Member,
            ["GOLDEN_ARN"] = TestState.GoldenArn,
            ["TASK_TOKEN"] = "interop-token",
        };
        foreach (var (name, value) in emulator.EnvironmentVariables("us-east-1"))
        {
            environment[name] = value;
        }

        var node = await NodeTools.RunAsync("node", [Script], Path.GetDirectoryName(Script)!, TimeSpan.FromMinutes(2), environment);
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}\n{node.Stdout}\n{node.Stderr}");

        var result = (JsonObject)JsonNode.Parse(node.Stdout.Trim().Split('\n')[^1])!;
        Assert.Equal(["org-aggregator"], Strings(result["aggregatorsBefore"]));
        Assert.StartsWith("arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-", result["putAggregator"]!["arn"]!.GetValue<string>());
        Assert.True(result["putAggregator"]!["creationTimeIsDate"]!.GetValue<bool>());
        Assert.Equal(["222222222222", "333333333333"], Strings(result["describedAccountIds"]));
        Assert.Equal("NoSuchConfigurationAggregatorException", result["noSuchAggregator"]!["name"]!.GetValue<string>());
        Assert.Equal(400, result["noSuchAggregator"]!["status"]!.GetValue<int>());
        Assert.Equal("ValidationException", result["invalidName"]!["name"]!.GetValue<string>());
        Assert.Contains("at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern", result["invalidName"]!["message"]!.GetValue<string>());
        Assert.Equal("home-bucket", result["homeChannel"]![0]!["bucket"]!.GetValue<string>());
        Assert.Equal("Six_Hours", result["homeChannel"]![0]!["frequency"]!.GetValue<string>());

        Assert.Equal(TestState.GoldenArn, result["update"]!["arn"]!.GetValue<string>());
        Assert.True(result["update"]!["clientTokenFilled"]!.GetValue<bool>());
        Assert.Equal(["222222222222", "333333333333"], Strings(result["userIdsAfterUpdate"]));
        Assert.Equal(360, result["timeoutMinutes"]!.GetValue<int>());
        Assert.Contains(TestState.GoldenArn, Strings(result["listedArns"]));
        Assert.Equal("ResourceNotFoundException", result["notFound"]!["name"]!.GetValue<string>());
        Assert.Equal(404, result["notFound"]!["status"]!.GetValue<int>());

        Assert.Equal(TestState.Home, result["homeIdentity"]!.GetValue<string>());
        Assert.Equal("ASIA", result["assumed"]!["keyPrefix"]!.GetValue<string>());
        Assert.True(result["assumed"]!["expirationIsDate"]!.GetValue<bool>());
        Assert.Equal($"arn:aws:sts::{TestState.Member}:assumed-role/OrgSyncMemberRole/interop", result["assumed"]!["arn"]!.GetValue<string>());
        Assert.Equal(TestState.Member, result["memberIdentity"]!.GetValue<string>());
        Assert.Equal("org-config-logs", result["memberChannel"]![0]!["bucket"]!.GetValue<string>());
        Assert.Equal("config", result["memberChannel"]![0]!["prefix"]!.GetValue<string>());
        Assert.Equal(0, result["memberAggregators"]!.GetValue<int>());
        Assert.Equal("MaxNumberOfDeliveryChannelsExceededException", result["renameChannel"]!["name"]!.GetValue<string>());
        Assert.Equal("SignatureDoesNotMatch", result["badSecret"]!["name"]!.GetValue<string>());

        Assert.Equal($"arn:aws:config:us-east-1:{TestState.Member}:aggregation-authorization/{TestState.Home}/us-east-1", result["authorization"]!["arn"]!.GetValue<string>());
        Assert.True(result["authorization"]!["creationTimeIsDate"]!.GetValue<bool>());
        Assert.Equal(1, result["authorization"]!["listed"]!.GetValue<int>());
        Assert.Equal(17, result["sourcesStatus"]!["count"]!.GetValue<int>()); // the sample aggregator: one account, AllAwsRegions
        Assert.Equal([$"{TestState.Member}/us-east-1"], Strings(result["sourcesStatus"]!["succeeded"]));
        Assert.True(result["sourcesStatus"]!["lastUpdateTimeIsDate"]!.GetValue<bool>());

        Assert.Equal(1, result["putEvents"]!["failed"]!.GetValue<int>());
        Assert.True(result["putEvents"]!["eventIdIsText"]!.GetValue<bool>());
        Assert.Equal("MalformedDetail", result["putEvents"]!["error"]!.GetValue<string>());
        Assert.Equal("TaskTimedOut", result["taskAgain"]!["name"]!.GetValue<string>());
        Assert.Equal(400, result["taskAgain"]!["status"]!.GetValue<int>());
        Assert.Equal("InvalidToken", result["taskUnknown"]!["name"]!.GetValue<string>());

        var pages = result["accountPages"]!.AsArray();
        Assert.Equal([2, 2], pages.Select(p => p!.AsArray().Count));
        var accounts = pages.SelectMany(p => p!.AsArray()).ToList();
        Assert.Equal(["111111111111", "222222222222", "333333333333", "444444444444"], accounts.Select(a => a!["id"]!.GetValue<string>()));
        Assert.Equal("SUSPENDED", accounts[2]!["status"]!.GetValue<string>());
        Assert.Equal("o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/ou-ab12-team0001/333333333333/", accounts[2]!["path"]!.GetValue<string>());
        Assert.All(accounts, a => Assert.True(a!["joinedIsDate"]!.GetValue<bool>()));
        Assert.Equal("arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5", result["organization"]!["Arn"]!.GetValue<string>());
        Assert.Equal(TestState.TeamOu, result["prodChildren"]![0]!["Id"]!.GetValue<string>());
        Assert.Equal("AccountNotFoundException", result["accountNotFound"]!["name"]!.GetValue<string>());
        Assert.Equal("You specified an account that doesn't exist.", result["accountNotFound"]!["message"]!.GetValue<string>());
        Assert.Equal("InvalidInputException", result["badAccountId"]!["name"]!.GetValue<string>());
        Assert.Equal("AccessDeniedException", result["memberOrganizations"]!["name"]!.GetValue<string>());

        // What the SDK did is what the emulator holds.
        var exported = emulator.State.ExportNode();
        var memberChannel = exported["deliveryChannels"]!.AsArray().Single(c => c!["accountId"]!.GetValue<string>() == TestState.Member)!;
        Assert.Equal("org-config-logs", memberChannel["s3BucketName"]!.GetValue<string>());
        Assert.Equal(7, memberChannel["x-kept"]!.GetValue<int>());
        Assert.Equal(1, emulator.CallCount("imagebuilder.UpdateDistributionConfiguration"));
        Assert.Equal(1, emulator.CallCount("sts.AssumeRole"));
        var published = exported["publishedEvents"]!.AsArray().Single()!;
        Assert.Equal(1767225600, published["Time"]!.GetValue<long>()); // the SDK sends a Date as epoch seconds
        Assert.Equal("{\"accountId\":\"" + TestState.Member + "\"}", published["Detail"]!.GetValue<string>());
        Assert.Equal("SUCCESS", exported["taskResults"]!.AsArray().Single()!["status"]!.GetValue<string>());
        Assert.Equal(2, emulator.CallCount("states.SendTaskSuccess"));
    }

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
