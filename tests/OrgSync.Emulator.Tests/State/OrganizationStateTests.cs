using System.Text.Json.Nodes;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.State;

/// <summary>The state file's <c>organization</c> and <c>roles</c>: every rule, each breaking one, named by its JSON path.</summary>
public sealed class OrganizationStateTests
{
    /// <summary>The sample state with one edit applied to its organization (or roles).</summary>
    private static string Edited(Action<JsonObject> edit)
    {
        var state = JsonNode.Parse(TestState.Sample)!.AsObject();
        edit(state);
        return state.ToJsonString();
    }

    private static JsonObject Org(JsonObject state) => state["organization"]!.AsObject();

    private static JsonObject Account(JsonObject state, int i) => Org(state)["accounts"]![i]!.AsObject();

    private static JsonObject Unit(JsonObject state, int i) => Org(state)["organizationalUnits"]![i]!.AsObject();

    private static JsonObject Role(JsonObject state, int i) => state["roles"]![i]!.AsObject();

    public static TheoryData<string, string, string> Violations => new()
    {
        // description, state, JSON path of the problem
        { "not an object", Edited(s => s["organization"] = "o-a1b2c3d4e5"), "$.organization" },
        { "organization id", Edited(s => Org(s)["id"] = "o-short"), "$.organization.id" },
        { "no organization id", Edited(s => Org(s).Remove("id")), "$.organization.id" },
        { "management account id", Edited(s => Org(s)["managementAccountId"] = "1111"), "$.organization.managementAccountId" },
        { "management account not listed", Edited(s => Org(s)["managementAccountId"] = "555555555555"), "$.organization.managementAccountId" },
        { "root id", Edited(s => Org(s)["rootId"] = "root"), "$.organization.rootId" },
        { "feature set", Edited(s => Org(s)["featureSet"] = "SOME"), "$.organization.featureSet" },
        { "accounts not a list", Edited(s => Org(s)["accounts"] = new JsonObject()), "$.organization.accounts" },
        { "OU id", Edited(s => Unit(s, 0)["id"] = "ou-ab12-x"), "$.organization.organizationalUnits[0].id" },
        { "OU of another root", Edited(s => Unit(s, 1)["id"] = "ou-cd34-prod0001"), "$.organization.organizationalUnits[1].id" },
        { "OU without name", Edited(s => Unit(s, 1).Remove("name")), "$.organization.organizationalUnits[1].name" },
        { "OU parent missing", Edited(s => Unit(s, 0)["parentId"] = "ou-ab12-gone0001"), "$.organization.organizationalUnits[0].parentId" },
        { "OU under an account", Edited(s => Unit(s, 1)["parentId"] = "222222222222"), "$.organization.organizationalUnits[1].parentId" },
        { "OU cycle", Edited(s => Unit(s, 1)["parentId"] = "ou-ab12-team0001"), "$.organization.organizationalUnits[0].parentId" },
        { "OU twice", Edited(s => Unit(s, 0)["id"] = "ou-ab12-prod0001"), "$.organization.organizationalUnits[1].id" },
        { "account id", Edited(s => Account(s, 1)["Id"] = "22222222222"), "$.organization.accounts[1].Id" },
        { "account without id", Edited(s => Account(s, 1).Remove("Id")), "$.organization.accounts[1].Id" },
        { "account twice", Edited(s => Account(s, 2)["Id"] = "222222222222"), "$.organization.accounts[2].Id" },
        { "state not in the model's enum", Edited(s => Account(s, 1)["State"] = "RUNNING"), "$.organization.accounts[1].State" },
        { "no state", Edited(s => Account(s, 1).Remove("State")), "$.organization.accounts[1].State" },
        { "no parent", Edited(s => Account(s, 1).Remove("parentId")), "$.organization.accounts[1].parentId" },
        { "unknown parent", Edited(s => Account(s, 1)["parentId"] = "ou-ab12-gone0001"), "$.organization.accounts[1].parentId" },
        { "email", Edited(s => Account(s, 1)["Email"] = "not-an-email"), "$.organization.accounts[1].Email" },
        { "joined method", Edited(s => Account(s, 1)["JoinedMethod"] = "BOUGHT"), "$.organization.accounts[1].JoinedMethod" },
        { "joined timestamp as text", Edited(s => Account(s, 1)["JoinedTimestamp"] = "2026-01-01T00:00:00Z"), "$.organization.accounts[1].JoinedTimestamp" },
        { "arn that disagrees", Edited(s => Account(s, 1)["Arn"] = "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/333333333333"), "$.organization.accounts[1].Arn" },
        { "status that disagrees", Edited(s => Account(s, 2)["Status"] = "ACTIVE"), "$.organization.accounts[2].Status" },
        { "paths that disagree", Edited(s => Account(s, 1)["Paths"] = new JsonArray("o-a1b2c3d4e5/r-ab12/222222222222/")), "$.organization.accounts[1].Paths" },
        { "roles not a list", Edited(s => s["roles"] = new JsonObject()), "$.roles" },
        { "role without name", Edited(s => Role(s, 0).Remove("RoleName")), "$.roles[0].RoleName" },
        { "role name", Edited(s => Role(s, 0)["RoleName"] = "bad name"), "$.roles[0].RoleName" },
        { "role account", Edited(s => Role(s, 0)["accountId"] = "2222"), "$.roles[0].accountId" },
        { "role path", Edited(s => Role(s, 1)["Path"] = "orgsync"), "$.roles[1].Path" },
        { "role create date", Edited(s => Role(s, 0)["CreateDate"] = 1767225600), "$.roles[0].CreateDate" },
        { "role arn that disagrees", Edited(s => Role(s, 1)["Arn"] = "arn:aws:iam::111111111111:role/OrgSyncMemberRole"), "$.roles[1].Arn" },
        { "role twice, by case", Edited(s => s["roles"]!.AsArray().Add(new JsonObject { ["RoleName"] = "orgsyncmemberrole" })), "$.roles[2].RoleName" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void An_invalid_organization_or_role_names_the_json_path(string description, string json, string path)
    {
        var error = Assert.Throws<StateFileException>(() => EmulatorState.Parse(json, "bad.json"));
        Assert.True(path == error.JsonPath, $"{description}: expected {path}, got {error.JsonPath}: {error.Problem}");
        Assert.StartsWith($"state file bad.json: {path}: ", error.Message);
    }

    [Fact]
    public void The_organization_and_roles_round_trip_unchanged_with_their_unknown_fields()
    {
        var exported = EmulatorState.Parse(TestState.Sample).ExportNode();
        var original = JsonNode.Parse(TestState.Sample)!.AsObject();
        Assert.True(JsonNode.DeepEquals(original["organization"], exported["organization"]), exported["organization"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(original["roles"], exported["roles"]));
        Assert.Equal("kept", exported["organization"]!["x-org-note"]!.GetValue<string>());
        Assert.Equal(42, exported["organization"]!["accounts"]![1]!["x-cost-centre"]!.GetValue<int>());
    }

    [Fact]
    public void A_state_without_an_organization_has_none_and_the_derived_members_may_be_given_when_they_agree()
    {
        Assert.Null(EmulatorState.Parse("""{"accountId":"111111111111"}""").Organization);
        var state = EmulatorState.Parse(Edited(s =>
        {
            Account(s, 2)["Status"] = "SUSPENDED";
            Account(s, 2)["Arn"] = "arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/333333333333";
            Account(s, 2)["Paths"] = new JsonArray("o-a1b2c3d4e5/r-ab12/ou-ab12-prod0001/ou-ab12-team0001/333333333333/");
        }));
        Assert.Equal(4, state.Organization!.Accounts.Count);
        Assert.Equal(2, state.Roles.Count);
    }
}
