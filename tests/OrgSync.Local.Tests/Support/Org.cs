using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using OrgSync.Core.Targets;
using OrgSync.Emulator.State;
using OrgSync.Local.Inputs;
using OrgSync.Local.Running;

namespace OrgSync.Local.Tests.Support;

/// <summary>Small organizations and events for end-to-end runs: what a test needs, spelled out.</summary>
internal static class Org
{
    public const string Home = "111111111111";
    public const string Aggregator = "org-aggregator";
    public const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>One aggregator and one distribution configuration (launch permission), both in us-east-1.</summary>
    public const string TargetsJson = """
        {
          "homeAccountId": "111111111111",
          "trustedManagementAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "excludeAccounts": ["999999999999"],
          "aggregators": [ { "name": "org-aggregator", "region": "us-east-1" } ],
          "distributions": [ { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden" } ]
        }
        """;

    public static TargetsFile Targets => TargetsFileLoader.Parse(TargetsJson);

    /// <summary><see cref="Targets"/> with completion events on (SPEC §7), on the default bus.</summary>
    public static TargetsFile TargetsWithNotifications
    {
        get
        {
            var node = JsonNode.Parse(TargetsJson)!;
            node["notifications"] = new JsonObject { ["eventBusName"] = "default", ["source"] = "orgsync" };
            return TargetsFileLoader.Parse(node.ToJsonString());
        }
    }

    /// <summary>The aggregator and distribution with <paramref name="accounts"/> (at least one: Config needs one).</summary>
    public static string StateJson(params string[] accounts)
    {
        var ids = accounts.Length == 0 ? ["222222222222"] : accounts;
        var list = new JsonArray([.. ids.Select(id => (JsonNode)JsonValue.Create(id))]);
        var state = new JsonObject
        {
            ["accountId"] = Home,
            ["accessKeyId"] = "AKIDORGSYNCTEST",
            ["secretAccessKey"] = "orgsync-test-secret",
            ["configurationAggregators"] = new JsonArray(new JsonObject
            {
                ["accountId"] = Home,
                ["region"] = "us-east-1",
                ["ConfigurationAggregatorName"] = Aggregator,
                ["AccountAggregationSources"] = new JsonArray(new JsonObject { ["AccountIds"] = list.DeepClone(), ["AllAwsRegions"] = true }),
            }),
            ["distributionConfigurations"] = new JsonArray(new JsonObject
            {
                ["arn"] = GoldenArn,
                ["name"] = "golden",
                ["description"] = "Golden AMI",
                ["distributions"] = new JsonArray(new JsonObject
                {
                    ["region"] = "us-east-1",
                    ["amiDistributionConfiguration"] = new JsonObject { ["launchPermission"] = new JsonObject { ["userIds"] = list.DeepClone() } },
                }),
                ["tags"] = new JsonObject(),
            }),
            ["organization"] = Organization([.. ids, .. Members]),
        };
        return state.ToJsonString();
    }

    /// <summary>
    /// The accounts the tests join, all ACTIVE members (SPEC §3.5 refuses anyone else's join): the well-known ids and
    /// <see cref="Account"/>(1…2100). Accounts a test wants refused are simply not among them.
    /// </summary>
    public static IEnumerable<string> Members => WellKnownMembers.Concat(Enumerable.Range(1, 2100).Select(Account));

    private static readonly string[] WellKnownMembers =
    [
        "222222222222", "333333333333", "444444444444", "555555555555", "666666666666", "777777777777", "888888888888",
        "600000000001", "600000000002", "600000000003", "600000000004",
    ];

    /// <summary>An organization (SPEC §5.1) with the management account and <paramref name="members"/> under its root.</summary>
    public static JsonObject Organization(IEnumerable<string> members) => new()
    {
        ["id"] = "o-a1b2c3d4e5",
        ["managementAccountId"] = Home,
        ["rootId"] = "r-ab12",
        ["accounts"] = new JsonArray(
        [
            .. members.Prepend(Home).Distinct(StringComparer.Ordinal).Select(id => (JsonNode)new JsonObject
            {
                ["Id"] = id,
                ["Name"] = "account-" + id,
                ["Email"] = $"account-{id}@example.com",
                ["State"] = "ACTIVE",
                ["parentId"] = "r-ab12",
                ["JoinedMethod"] = "CREATED",
                ["JoinedTimestamp"] = 1767225600,
            }),
        ]),
    };

    public static EmulatorState State(params string[] accounts) => EmulatorState.Parse(StateJson(accounts), "test");

    /// <summary>A 12-digit account id from a number (distinct numbers, distinct ids).</summary>
    public static string Account(int n) => (300_000_000_000L + n).ToString(CultureInfo.InvariantCulture);

    /// <summary>An account-vending event (custom source) joining or leaving <paramref name="accounts"/> at <paramref name="time"/>.</summary>
    public static string Custom(string action, DateTimeOffset time, string id, params string[] accounts) =>
        new JsonObject
        {
            ["version"] = "0",
            ["id"] = id,
            ["detail-type"] = "Account Change Request",
            ["source"] = "acme.vending",
            ["account"] = Home,
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject { ["action"] = action, ["accountIds"] = new JsonArray([.. accounts.Select(a => (JsonNode)JsonValue.Create(a))]) },
        }.ToJsonString();

    public static string Join(string account, DateTimeOffset time, string? id = null) => Custom("join", time, id ?? $"join-{account}-{time.ToUnixTimeSeconds()}", account);

    public static string Leave(string account, DateTimeOffset time, string? id = null) => Custom("leave", time, id ?? $"leave-{account}-{time.ToUnixTimeSeconds()}", account);

    /// <summary>An Organizations CloseAccount (leave) from the management account.</summary>
    public static string CloseAccount(string account, DateTimeOffset time) =>
        "{\"version\":\"0\",\"id\":\"close-" + account + "\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.organizations\",\"account\":\"" + Home
        + "\",\"time\":\"" + time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventName\":\"CloseAccount\",\"requestParameters\":{\"accountId\":\"" + account + "\"}}}";

    /// <summary>An Organizations MoveAccount (the account changed OU) from the management account.</summary>
    public static string MoveAccount(string account, DateTimeOffset time, string destination) =>
        "{\"version\":\"0\",\"id\":\"move-" + account + "-" + time.ToUnixTimeSeconds() + "\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.organizations\",\"account\":\"" + Home
        + "\",\"time\":\"" + time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"eventName\":\"MoveAccount\",\"requestParameters\":{\"accountId\":\"" + account
        + "\",\"destinationParentId\":\"" + destination + "\",\"sourceParentId\":\"r-ab12\"}}}";

    /// <summary>The reconcile pass's request to check one account's delivery channels.</summary>
    public static string ReconcileAccount(string account, DateTimeOffset time) =>
        "{\"version\":\"0\",\"id\":\"reconcile-" + account + "\",\"detail-type\":\"Reconcile Account\",\"source\":\"orgsync.reconcile\",\"account\":\"" + Home
        + "\",\"time\":\"" + time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"accountId\":\"" + account + "\"}}";

    public static ImmutableArray<InputMessage> Inputs(params string[] bodies) =>
        [.. bodies.Select((body, index) => new InputMessage($"input#{index}", body))];

    public static LocalRunOptions Options(ImmutableArray<InputMessage> inputs, params string[] accounts) => new()
    {
        Targets = Targets,
        State = State(accounts),
        Inputs = inputs,
        Seed = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
    };
}

/// <summary>Reading a state (state-file format) back.</summary>
internal static class StateOf
{
    public static string[] AggregatorAccounts(string state, string name = Org.Aggregator) =>
        [
            .. (JsonNode.Parse(state)!["configurationAggregators"]!.AsArray()
                .First(a => a!["ConfigurationAggregatorName"]!.GetValue<string>() == name)!["AccountAggregationSources"]?[0]?["AccountIds"]?.AsArray() ?? [])
                .Select(id => id!.GetValue<string>()),
        ];

    public static string[] LaunchPermission(string state, string arn = Org.GoldenArn, int distribution = 0) =>
        [
            .. (JsonNode.Parse(state)!["distributionConfigurations"]!.AsArray()
                .First(d => d!["arn"]!.GetValue<string>() == arn)!["distributions"]![distribution]!["amiDistributionConfiguration"]!["launchPermission"]?["userIds"]?.AsArray() ?? [])
                .Select(id => id!.GetValue<string>()),
        ];

    public static string[] TargetAccountIds(string state, string arn = Org.GoldenArn, int distribution = 0) =>
        [
            .. (JsonNode.Parse(state)!["distributionConfigurations"]!.AsArray()
                .First(d => d!["arn"]!.GetValue<string>() == arn)!["distributions"]![distribution]!["amiDistributionConfiguration"]!["targetAccountIds"]?.AsArray() ?? [])
                .Select(id => id!.GetValue<string>()),
        ];

    /// <summary>
    /// The state's aggregation authorizations (SPEC §5.1): source account and Region, the aggregator account and Region
    /// let in, and when it was created (epoch seconds).
    /// </summary>
    public static (string Account, string Region, string AuthorizedAccount, string AuthorizedRegion, decimal CreationTime)[] Authorizations(string state) =>
        [
            .. (JsonNode.Parse(state)!["aggregationAuthorizations"]?.AsArray() ?? []).Select(a => (
                a!["accountId"]!.GetValue<string>(), a["region"]!.GetValue<string>(),
                a["AuthorizedAccountId"]!.GetValue<string>(), a["AuthorizedAwsRegion"]!.GetValue<string>(),
                a["CreationTime"]!.GetValue<decimal>())),
        ];

    /// <summary>When the aggregator was last written (epoch seconds).</summary>
    public static decimal AggregatorLastUpdated(string state, string name = Org.Aggregator) =>
        JsonNode.Parse(state)!["configurationAggregators"]!.AsArray()
            .First(a => a!["ConfigurationAggregatorName"]!.GetValue<string>() == name)!["LastUpdatedTime"]!.GetValue<decimal>();

    /// <summary>The state without the timestamps a write sets, for comparing two runs.</summary>
    public static string Normalized(string state)
    {
        var node = JsonNode.Parse(state)!;
        Strip(node);
        return node.ToJsonString();

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var key in obj.Select(p => p.Key).Where(k => k is "LastUpdatedTime" or "CreationTime" or "dateUpdated" or "dateCreated").ToList())
                    {
                        obj.Remove(key);
                    }

                    foreach (var (_, value) in obj)
                    {
                        Strip(value);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Strip(item);
                    }

                    break;
            }
        }
    }
}

/// <summary>A folder deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("orgsync-local-tests-").FullName;

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
