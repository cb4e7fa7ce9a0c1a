using System.Globalization;
using System.Text.Json.Nodes;

namespace OrgSync.Emulator.Tests.Support;

/// <summary>State files with an organization of any size: the home account manages it from the root, the others are spread over OUs.</summary>
internal static class GeneratedOrganization
{
    /// <param name="members">Accounts besides the management account, ids 100000000001 upwards.</param>
    /// <param name="units">OUs under the root (0: every account at the root); member i goes to OU i mod units.</param>
    public static string State(int members, int units = 0)
    {
        var ous = Enumerable.Range(1, units).Select(i => new JsonObject
        {
            ["id"] = UnitId(i),
            ["name"] = "Unit " + i,
            ["parentId"] = TestState.RootId,
        });
        var accounts = new List<JsonObject>
        {
            new() { ["Id"] = TestState.Home, ["Name"] = "management", ["Email"] = "management@example.com", ["State"] = "ACTIVE", ["parentId"] = TestState.RootId },
        };
        accounts.AddRange(Enumerable.Range(1, members).Select(i => new JsonObject
        {
            ["Id"] = MemberId(i),
            ["Name"] = "member-" + i,
            ["Email"] = $"member-{i}@example.com",
            ["State"] = "ACTIVE",
            ["parentId"] = units == 0 ? TestState.RootId : UnitId(((i - 1) % units) + 1),
            ["JoinedMethod"] = "CREATED",
            ["JoinedTimestamp"] = 1767225600 + i,
        }));
        return new JsonObject
        {
            ["accountId"] = TestState.Home,
            ["organization"] = new JsonObject
            {
                ["id"] = TestState.OrganizationId,
                ["managementAccountId"] = TestState.Home,
                ["rootId"] = TestState.RootId,
                ["organizationalUnits"] = new JsonArray(ous.ToArray<JsonNode>()),
                ["accounts"] = new JsonArray(accounts.ToArray<JsonNode>()),
            },
        }.ToJsonString();
    }

    public static string MemberId(int i) => (100_000_000_000L + i).ToString(CultureInfo.InvariantCulture);

    public static string UnitId(int i) => "ou-ab12-" + i.ToString("D8", CultureInfo.InvariantCulture);
}
