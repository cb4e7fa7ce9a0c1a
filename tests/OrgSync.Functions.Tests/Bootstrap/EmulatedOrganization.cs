using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using OrgSync.Aws.Clients;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;
using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// A small organization in the in-process emulator, the targets file that manages it, and the environment a
/// published bootstrap runs with against it: home account 111111111111 with one aggregator and one
/// distribution configuration holding 222222222222 and 333333333333; 444444444444 has a configuration
/// recorder (its delivery channel can be put), 555555555555 has none (its channel fails, SPEC §3.3).
/// </summary>
internal sealed class EmulatedOrganization : IAsyncDisposable
{
    public const string Service = BootstrapProcess.Service;
    public const string AggregatorKey = "aggregator/us-east-1/org-aggregator";
    public const string DistributionArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    public const string DistributionKey = "distribution/" + DistributionArn;
    public const string ChannelScope = "delivery-channel/OrgSyncMemberRole/us-east-1";

    /// <summary>Has a configuration recorder: its channel is put.</summary>
    public const string WithRecorder = "444444444444";

    /// <summary>Has no configuration recorder: its channel fails with NoAvailableConfigurationRecorderException.</summary>
    public const string WithoutRecorder = "555555555555";

    public const string TargetsJson = """
        {
          "homeAccountId": "111111111111",
          "trustedManagementAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "aggregators": [ { "name": "org-aggregator", "region": "us-east-1" } ],
          "distributions": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", "share": ["launchPermission"] } ],
          "deliveryChannels": [
            { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"],
              "channel": { "name": "default", "s3BucketName": "org-config-logs", "s3KeyPrefix": "config",
                           "configSnapshotDeliveryProperties": { "deliveryFrequency": "Six_Hours" } } } ]
        }
        """;

    private const string StateJson = """
        {
          "accountId": "111111111111",
          "configurationAggregators": [
            { "accountId": "111111111111", "region": "us-east-1", "ConfigurationAggregatorName": "org-aggregator",
              "AccountAggregationSources": [ { "AccountIds": ["222222222222", "333333333333"], "AllAwsRegions": true } ] } ],
          "distributionConfigurations": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
              "name": "golden", "description": "Golden AMI",
              "distributions": [
                { "region": "us-east-1",
                  "amiDistributionConfiguration": {
                    "name": "golden-{{ imagebuilder:buildDate }}",
                    "amiTags": { "team": "platform" },
                    "launchPermission": { "userIds": ["222222222222", "333333333333"] } } } ],
              "tags": { "owner": "platform" } } ],
          "configurationRecorders": [
            { "accountId": "444444444444", "region": "us-east-1", "name": "default" } ],
          "deliveryChannels": [],
          "organization": { "id": "o-a1b2c3d4e5", "managementAccountId": "111111111111", "rootId": "r-ab12",
            "accounts": [
              { "Id": "111111111111", "Name": "management", "Email": "management@example.com", "State": "ACTIVE", "parentId": "r-ab12" },
              { "Id": "222222222222", "Name": "app", "Email": "app@example.com", "State": "ACTIVE", "parentId": "r-ab12" },
              { "Id": "333333333333", "Name": "shared", "Email": "shared@example.com", "State": "ACTIVE", "parentId": "r-ab12" },
              { "Id": "444444444444", "Name": "with-recorder", "Email": "with-recorder@example.com", "State": "ACTIVE", "parentId": "r-ab12" },
              { "Id": "555555555555", "Name": "without-recorder", "Email": "without-recorder@example.com", "State": "ACTIVE", "parentId": "r-ab12" } ] }
        }
        """;

    private readonly string _folder;

    private EmulatedOrganization(AwsEmulator aws, ImmutableCredentials session, string folder)
    {
        Aws = aws;
        Session = session;
        _folder = folder;
        TargetsFile = Path.Combine(folder, "targets.json");
        File.WriteAllText(TargetsFile, TargetsJson);
    }

    public AwsEmulator Aws { get; }

    /// <summary>Session credentials the emulator issued, as Lambda gives a function its role's (key, secret, token).</summary>
    public ImmutableCredentials Session { get; }

    public string TargetsFile { get; }

    /// <summary>What must never appear in the function's output.</summary>
    public string[] Secrets => [Session.SecretKey, Session.Token];

    /// <summary>
    /// The calls so far but the membership check: SPEC §3.5 verifies a join's account on every delivery, even when
    /// the ledger already has its change, so a redelivery still asks Organizations and nothing else.
    /// </summary>
    public ImmutableSortedDictionary<string, long> CallsBesideMembership =>
        Aws.CallCounts.RemoveRange(Aws.CallCounts.Keys.Where(operation => operation == "organizations.DescribeAccount"));

    public static async Task<EmulatedOrganization> StartAsync()
    {
        var aws = await AwsEmulator.StartAsync(EmulatorState.Parse(StateJson, "emulated organization"), new EmulatorOptions { Port = 0 });
        try
        {
            using var clients = new AwsClientFactory(new AwsClientOptions
            {
                Credentials = new BasicAWSCredentials(aws.Credentials.AccessKeyId, aws.Credentials.SecretAccessKey),
                EndpointUrl = aws.Endpoint,
                Environment = _ => null,
            });
            var session = await clients.AssumeRole("arn:aws:iam::111111111111:role/orgsync-function").GetCredentialsAsync();
            aws.ResetCallCounts();
            return new EmulatedOrganization(aws, session, Directory.CreateTempSubdirectory("orgsync-e2e-").FullName);
        }
        catch
        {
            await aws.DisposeAsync();
            throw;
        }
    }

    /// <summary>The function's environment, as Lambda sets it, pointed at the emulator; nothing of the test runner's.</summary>
    public Dictionary<string, string> Environment(FakeRuntimeApi api, string handler)
    {
        var environment = BootstrapProcess.LambdaEnvironment(api, handler, TargetsFile, Session.AccessKey, Session.SecretKey, Session.Token);
        environment["AWS_DEFAULT_REGION"] = "us-east-1";
        environment["AWS_ENDPOINT_URL"] = Aws.Endpoint;
        return environment;
    }

    public static string FunctionArn(string handler) => "arn:aws:lambda:us-east-1:111111111111:function:orgsync-" + handler;

    /// <summary>The account ids of the aggregator, as the emulator holds them now.</summary>
    public string[] AggregatorAccounts()
    {
        using var state = JsonDocument.Parse(Aws.ExportState());
        return state.RootElement.GetProperty("configurationAggregators")[0]
            .GetProperty("AccountAggregationSources")[0].GetProperty("AccountIds")
            .EnumerateArray().Select(account => account.GetString()!).ToArray();
    }

    /// <summary>The launch permission user ids of the distribution, as the emulator holds them now.</summary>
    public string[] LaunchPermissionAccounts()
    {
        using var state = JsonDocument.Parse(Aws.ExportState());
        var distribution = state.RootElement.GetProperty("distributionConfigurations")[0].GetProperty("distributions")[0];
        return distribution.GetProperty("amiDistributionConfiguration").GetProperty("launchPermission").GetProperty("userIds")
            .EnumerateArray().Select(account => account.GetString()!).ToArray();
    }

    /// <summary>The delivery channel of <paramref name="accountId"/> in us-east-1, or null.</summary>
    public JsonElement? DeliveryChannel(string accountId)
    {
        using var state = JsonDocument.Parse(Aws.ExportState());
        foreach (var channel in state.RootElement.GetProperty("deliveryChannels").EnumerateArray())
        {
            if (channel.GetProperty("accountId").GetString() == accountId && channel.GetProperty("region").GetString() == "us-east-1")
            {
                return channel.Clone();
            }
        }

        return null;
    }

    /// <summary>The distribution configuration except its launch permission user ids (which OrgSync maintains).</summary>
    public string DistributionWithoutUserIds()
    {
        var state = System.Text.Json.Nodes.JsonNode.Parse(Aws.ExportState())!;
        var configuration = state["distributionConfigurations"]![0]!;
        configuration["distributions"]![0]!["amiDistributionConfiguration"]!["launchPermission"]!.AsObject().Remove("userIds");
        configuration.AsObject().Remove("dateUpdated");
        return configuration.ToJsonString();
    }

    public async ValueTask DisposeAsync()
    {
        await Aws.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>EventBridge envelopes of the lifecycle events (SPEC §1), as the rules deliver them.</summary>
internal static class Envelopes
{
    public static readonly DateTimeOffset Time = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Control Tower created a managed account: a join.</summary>
    public static string CreateManagedAccount(string id, string accountId, DateTimeOffset time, string state = "SUCCEEDED") =>
        Envelope(id, "aws.controltower", "AWS Service Event via CloudTrail", time,
            "{\"eventName\":\"CreateManagedAccount\",\"serviceEventDetails\":{\"createManagedAccountStatus\":{\"state\":\"" + state
            + "\",\"account\":{\"accountName\":\"workload\",\"accountId\":\"" + accountId + "\"}}}}");

    /// <summary>Organizations closed an account: a leave.</summary>
    public static string CloseAccount(string id, string accountId, DateTimeOffset time) =>
        Envelope(id, "aws.organizations", "AWS API Call via CloudTrail", time, $$$"""
            {"eventName":"CloseAccount","requestParameters":{"accountId":"{{{accountId}}}"}}
            """);

    /// <summary>The account-vending automation asks for accounts to join.</summary>
    public static string VendingJoin(string id, DateTimeOffset time, params string[] accountIds) =>
        Envelope(id, "acme.vending", "Account Change Request", time, $$"""
            {"action":"join","accountIds":[{{string.Join(",", accountIds.Select(a => "\"" + a + "\""))}}]}
            """);

    /// <summary>A CloseAccount whose account id is a number: invalid (SPEC §1).</summary>
    public static string CloseAccountWithNumericId(string id, DateTimeOffset time) =>
        Envelope(id, "aws.organizations", "AWS API Call via CloudTrail", time, """{"eventName":"CloseAccount","requestParameters":{"accountId":222222222222}}""");

    private static string Envelope(string id, string source, string detailType, DateTimeOffset time, string detail) =>
        $$"""{"version":"0","id":"{{id}}","detail-type":"{{detailType}}","source":"{{source}}","account":"111111111111","time":"{{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","region":"us-east-1","resources":[],"detail":{{detail.Trim()}}}""";
}
