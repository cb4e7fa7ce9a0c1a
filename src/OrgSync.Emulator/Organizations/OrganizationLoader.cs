using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Organizations;

/// <summary>
/// Reads the state file's <c>organization</c> member:
/// <c>{ "id", "managementAccountId", "rootId", "featureSet"?, "organizationalUnits": [{ "id", "name", "parentId" }],
/// "accounts": [{ "Id", "Name", "Email", "State", "parentId", "JoinedMethod", "JoinedTimestamp" }] }</c>.
/// Ids and account fields are checked against the Organizations model; every parent must exist, the OUs
/// must form a tree under the root, and the management account must be one of the accounts. The members
/// the API derives (<c>Arn</c>, <c>Status</c>, <c>Paths</c>) may be given, and must then agree. The first
/// problem fails with its JSON path; the JSON itself is never changed (it is exported as loaded).
/// </summary>
internal static class OrganizationLoader
{
    private const string Root = "$.organization";

    private static ServiceModel Model => ServiceModels.Organizations;

    public static Organization? Load(string source, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var organization = node as JsonObject
            ?? throw new StateFileException(source, Root, "must be an object, found " + ModelValidator.Describe(node));
        var id = Identifier(source, organization, "id", "OrganizationId", Root);
        var management = EmulatorState.RequireString(source, organization, "managementAccountId", Root);
        if (!EmulatorState.IsAccountId(management))
        {
            throw new StateFileException(source, Root + ".managementAccountId", $"'{management}' is not an account id (exactly 12 digits)");
        }

        var rootId = Identifier(source, organization, "rootId", "RootId", Root);
        var featureSet = EmulatorState.OptionalString(source, organization, "featureSet", Root) ?? "ALL";
        CheckString(source, "OrganizationFeatureSet", featureSet, Root + ".featureSet");

        var units = LoadUnits(source, ArrayAt(source, organization, "organizationalUnits"), id, rootId);
        var accounts = LoadAccounts(source, ArrayAt(source, organization, "accounts"), id, rootId, management, units);
        return new Organization(id, management, rootId, featureSet, units.Values, accounts);
    }

    private static Dictionary<string, OrganizationalUnit> LoadUnits(string source, JsonArray items, string organizationId, string rootId)
    {
        // The middle of an OU id is the root's own (ou-ab12-… under r-ab12), as AWS assigns them.
        var prefix = "ou-" + rootId[2..] + "-";
        var declared = new Dictionary<string, (string Name, string ParentId, string Path)>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{Root}.organizationalUnits[{i}]";
            var unit = items[i] as JsonObject ?? throw new StateFileException(source, path, "must be an object, found " + ModelValidator.Describe(items[i]));
            var id = Identifier(source, unit, "id", "OrganizationalUnitId", path);
            if (!id.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new StateFileException(source, path + ".id", $"'{id}' does not belong to root {rootId}: OU ids under it start with '{prefix}'");
            }

            var name = EmulatorState.RequireString(source, unit, "name", path);
            CheckString(source, "OrganizationalUnitName", name, path + ".name");
            var parentId = EmulatorState.RequireString(source, unit, "parentId", path);
            if (!declared.TryAdd(id, (name, parentId, path)))
            {
                throw new StateFileException(source, path + ".id", $"a second organizational unit with id '{id}'");
            }
        }

        // Paths follow the parents up to the root; a parent that is missing, or a cycle, is an error at the OU that names it.
        var units = new Dictionary<string, OrganizationalUnit>(StringComparer.Ordinal);
        foreach (var id in declared.Keys)
        {
            Resolve(id, []);
        }

        return units;

        string PathOf(string parentId, string childPath, HashSet<string> visiting) =>
            parentId == rootId ? $"{organizationId}/{rootId}/"
            : declared.ContainsKey(parentId) ? Resolve(parentId, visiting).Path
            : throw new StateFileException(source, childPath + ".parentId", $"'{parentId}' is neither the root ({rootId}) nor an organizational unit of the organization");

        OrganizationalUnit Resolve(string id, HashSet<string> visiting)
        {
            if (units.TryGetValue(id, out var done))
            {
                return done;
            }

            var (name, parentId, path) = declared[id];
            if (!visiting.Add(id))
            {
                throw new StateFileException(source, path + ".parentId", $"organizational unit '{id}' is its own ancestor; OUs form a tree under the root");
            }

            var unit = new OrganizationalUnit(id, name, parentId, PathOf(parentId, path, visiting) + id + "/");
            units[id] = unit;
            return unit;
        }
    }

    private static List<OrganizationAccount> LoadAccounts(
        string source, JsonArray items, string organizationId, string rootId, string management, Dictionary<string, OrganizationalUnit> units)
    {
        var shape = Model.Shape("Account");
        var accounts = new List<OrganizationAccount>(items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{Root}.accounts[{i}]";
            var item = items[i] as JsonObject ?? throw new StateFileException(source, path, "must be an object, found " + ModelValidator.Describe(items[i]));
            EmulatorState.CheckAgainstModel(source, shape, item, path);
            var id = EmulatorState.RequireString(source, item, "Id", path);
            if (!seen.Add(id))
            {
                throw new StateFileException(source, path + ".Id", $"a second account with id '{id}'");
            }

            var state = EmulatorState.RequireString(source, item, "State", path);
            var parentId = EmulatorState.RequireString(source, item, "parentId", path);
            var parentPath = parentId == rootId ? $"{organizationId}/{rootId}/"
                : units.TryGetValue(parentId, out var unit) ? unit.Path
                : throw new StateFileException(source, path + ".parentId", $"'{parentId}' is neither the root ({rootId}) nor an organizational unit of the organization");
            var account = new OrganizationAccount(
                id,
                item.GetString("Name"),
                item.GetString("Email"),
                state,
                parentId,
                item.GetString("JoinedMethod"),
                item["JoinedTimestamp"]?.GetValue<double>(),
                parentPath + id + "/");
            Derived(source, item, "Arn", $"arn:aws:organizations::{management}:account/{organizationId}/{id}", path);
            Derived(source, item, "Status", account.Status, path);
            if (item["Paths"] is JsonArray paths && !(paths.Count == 1 && paths[0]?.GetValue<string>() == account.Path))
            {
                throw new StateFileException(source, path + ".Paths", $"is computed from parentId: [\"{account.Path}\"]; leave it out or give that");
            }

            accounts.Add(account);
        }

        if (!seen.Contains(management))
        {
            throw new StateFileException(source, Root + ".managementAccountId", $"the management account {management} must be one of the organization's accounts");
        }

        return accounts;
    }

    private static void Derived(string source, JsonObject item, string member, string expected, string path)
    {
        if (item.GetString(member) is { } given && given != expected)
        {
            throw new StateFileException(source, path + "." + member, $"'{given}' differs from the value the API derives, '{expected}'; leave it out or give that");
        }
    }

    private static string Identifier(string source, JsonObject obj, string member, string shapeName, string path)
    {
        var value = EmulatorState.RequireString(source, obj, member, path);
        CheckString(source, shapeName, value, path + "." + member);
        return value;
    }

    private static void CheckString(string source, string shapeName, string value, string path)
    {
        if (ModelValidator.StringProblems(Model.Shape(shapeName), value).FirstOrDefault() is { } problem)
        {
            throw new StateFileException(source, path, $"'{value}': {problem}");
        }
    }

    private static JsonArray ArrayAt(string source, JsonObject organization, string member) => organization[member] switch
    {
        null => [],
        JsonArray array => array,
        var other => throw new StateFileException(source, $"{Root}.{member}", "must be a list, found " + ModelValidator.Describe(other)),
    };
}
