using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Targets;
using OrgSync.Emulator.State;

namespace OrgSync.Local.Tests.Support;

/// <summary>An account of a test organization (SPEC §5.1): its state, its parent, when it joined (epoch seconds).</summary>
internal sealed record OrgMember(string Id, string State = "ACTIVE", string Parent = ReconcileOrg.Root, long JoinedAt = 1767225600);

/// <summary>
/// Organizations for reconcile runs (SPEC §6): OUs Prod (with Team nested in it) and Dev under the root; an unscoped
/// aggregator, an aggregator scoped to Prod (nested), and an unscoped distribution (launch permission) — each with the
/// accounts a test puts there.
/// </summary>
internal static class ReconcileOrg
{
    public const string Root = "r-ab12";
    public const string Prod = "ou-ab12-prod0001";
    public const string Team = "ou-ab12-team0001";
    public const string Dev = "ou-ab12-dev00001";
    public const string OrgAggregator = "org-aggregator";
    public const string ProdAggregator = "prod-aggregator";
    public const string OrgKey = "aggregator/us-east-1/org-aggregator";
    public const string ProdKey = "aggregator/us-east-1/prod-aggregator";
    public const string GoldenKey = "distribution/" + Org.GoldenArn;

    private static readonly string[] WriteVerbs = ["Put", "Update", "Delete"];

    /// <param name="exclude">excludeAccounts.</param>
    /// <param name="reconcile">The <c>reconcile</c> settings, when not the defaults.</param>
    /// <param name="more">Further top-level keys (e.g. <c>deliveryChannels</c>, <c>verifyMembership</c>).</param>
    public static string TargetsJson(
        bool removeOnLeave = true, string[]? exclude = null, JsonObject? reconcile = null, bool authorizeSources = true, JsonObject? more = null)
    {
        var targets = new JsonObject
        {
            ["homeAccountId"] = Org.Home,
            ["trustedManagementAccountId"] = Org.Home,
            ["customSources"] = new JsonArray("acme.vending"),
            ["removeOnLeave"] = removeOnLeave,
            ["excludeAccounts"] = Ids(exclude ?? []),
            ["aggregators"] = new JsonArray(
                new JsonObject { ["name"] = OrgAggregator, ["region"] = "us-east-1", ["authorizeSources"] = authorizeSources },
                new JsonObject
                {
                    ["name"] = ProdAggregator,
                    ["region"] = "us-east-1",
                    ["authorizeSources"] = authorizeSources,
                    ["scope"] = new JsonObject { ["organizationalUnits"] = new JsonArray(Prod), ["includeNested"] = true },
                }),
            ["distributions"] = new JsonArray(new JsonObject { ["arn"] = Org.GoldenArn }),
        };
        if (reconcile is not null)
        {
            targets["reconcile"] = reconcile;
        }

        foreach (var (key, value) in more ?? [])
        {
            targets[key] = value?.DeepClone();
        }

        return targets.ToJsonString();
    }

    public static TargetsFile Targets(bool removeOnLeave = true, string[]? exclude = null, JsonObject? reconcile = null, bool authorizeSources = true, JsonObject? more = null) =>
        TargetsFileLoader.Parse(TargetsJson(removeOnLeave, exclude, reconcile, authorizeSources, more));

    /// <summary>The state: the organization of <paramref name="members"/> (the management account ACTIVE at the root besides), and each target's accounts.</summary>
    public static JsonObject State(IEnumerable<OrgMember> members, string[] orgAggregator, string[] prodAggregator, string[] golden) => new()
    {
        ["accountId"] = Org.Home,
        ["accessKeyId"] = "AKIDORGSYNCTEST",
        ["secretAccessKey"] = "orgsync-test-secret",
        ["configurationAggregators"] = new JsonArray(Aggregator(OrgAggregator, orgAggregator), Aggregator(ProdAggregator, prodAggregator)),
        ["distributionConfigurations"] = new JsonArray(new JsonObject
        {
            ["arn"] = Org.GoldenArn,
            ["name"] = "golden",
            ["description"] = "Golden AMI",
            ["distributions"] = new JsonArray(new JsonObject
            {
                ["region"] = "us-east-1",
                ["amiDistributionConfiguration"] = new JsonObject { ["launchPermission"] = new JsonObject { ["userIds"] = Ids(golden) } },
            }),
            ["tags"] = new JsonObject(),
        }),
        ["organization"] = new JsonObject
        {
            ["id"] = "o-a1b2c3d4e5",
            ["managementAccountId"] = Org.Home,
            ["rootId"] = Root,
            ["organizationalUnits"] = new JsonArray(Ou(Prod, "Prod", Root), Ou(Team, "Team", Prod), Ou(Dev, "Dev", Root)),
            ["accounts"] = new JsonArray([.. members.Prepend(new OrgMember(Org.Home)).DistinctBy(m => m.Id).Select(Account)]),
        },
    };

    public static EmulatorState EmulatorState(JsonObject state) => Emulator.State.EmulatorState.Parse(state.ToJsonString(), "test");

    /// <summary>Who <paramref name="target"/> (a key) should hold: ACTIVE members in its scope, minus <paramref name="excluded"/>.</summary>
    public static ImmutableSortedSet<string> Desired(string target, IEnumerable<OrgMember> members, IEnumerable<string> excluded) =>
        members.Prepend(new OrgMember(Org.Home))
            .Where(m => m.State == "ACTIVE" && !excluded.Contains(m.Id) && (target != ProdKey || m.Parent is Prod or Team))
            .Select(m => m.Id)
            .ToImmutableSortedSet(StringComparer.Ordinal);

    /// <summary>The accounts a target holds in a state (state-file format).</summary>
    public static string[] Holds(string state, string target) => target switch
    {
        OrgKey => StateOf.AggregatorAccounts(state, OrgAggregator),
        ProdKey => StateOf.AggregatorAccounts(state, ProdAggregator),
        _ => StateOf.LaunchPermission(state),
    };

    /// <summary>Writes (Put*, Update*, Delete*) the emulator received, from its calls by <c>service.Operation</c>.</summary>
    public static long Writes(IReadOnlyDictionary<string, long> apiCalls) =>
        apiCalls.Where(call => WriteVerbs.Any(verb => call.Key[(call.Key.IndexOf('.', StringComparison.Ordinal) + 1)..].StartsWith(verb, StringComparison.Ordinal))).Sum(call => call.Value);

    private static JsonObject Aggregator(string name, string[] accounts) => new()
    {
        ["accountId"] = Org.Home,
        ["region"] = "us-east-1",
        ["ConfigurationAggregatorName"] = name,
        ["AccountAggregationSources"] = new JsonArray(new JsonObject { ["AccountIds"] = Ids(accounts), ["AllAwsRegions"] = true }),
    };

    private static JsonObject Ou(string id, string name, string parent) => new() { ["id"] = id, ["name"] = name, ["parentId"] = parent };

    private static JsonNode Account(OrgMember member) => new JsonObject
    {
        ["Id"] = member.Id,
        ["Name"] = "account-" + member.Id,
        ["Email"] = $"account-{member.Id}@example.com",
        ["State"] = member.State,
        ["parentId"] = member.Parent,
        ["JoinedMethod"] = "CREATED",
        ["JoinedTimestamp"] = member.JoinedAt,
    };

    private static JsonArray Ids(IEnumerable<string> ids) => new([.. ids.Select(id => (JsonNode)JsonValue.Create(id))]);
}
