using System.Collections.Frozen;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Organizations;

/// <summary>
/// AWS Organizations (awsJson1_1), read-only, over the state file's organization. Global: the Region of
/// the signature does not matter. DescribeOrganization answers any account of the organization; the other
/// operations only its management account (a member gets AccessDeniedException, an account outside the
/// organization AWSOrganizationsNotInUseException). Lists come sorted by id, at most 20 a page, as AWS
/// pages them, with opaque tokens.
/// </summary>
internal static class OrganizationsHandler
{
    /// <summary>The most a list answers with in one page, and its default (the model's MaxResults maximum).</summary>
    public const int MaxPageSize = 20;

    public static readonly FrozenSet<string> Supported = new[]
    {
        "ListAccounts", "ListAccountsForParent", "DescribeAccount", "ListParents", "ListChildren", "ListRoots",
        "ListOrganizationalUnitsForParent", "DescribeOrganization", "DescribeOrganizationalUnit",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What member accounts may call too ("You can call this operation from any account in a organization").</summary>
    private static readonly FrozenSet<string> OpenToMembers = new[] { "DescribeOrganization" }.ToFrozenSet(StringComparer.Ordinal);

    public static JsonObject Execute(CallContext call)
    {
        var organization = call.State.Organization;
        var caller = call.Caller.AccountId;
        if (organization is null || !organization.Accounts.ContainsKey(caller))
        {
            throw OrganizationsErrors.NotInUse();
        }

        if (caller != organization.ManagementAccountId && !OpenToMembers.Contains(call.Operation.Name))
        {
            throw OrganizationsErrors.AccessDenied();
        }

        var input = call.Input;
        return call.Operation.Name switch
        {
            "ListAccounts" => Page(input, "Accounts", organization.AccountsById, "accounts", a => a.Id, a => Account(organization, a)),
            "ListAccountsForParent" => Page(input, "Accounts", organization.AccountsUnder(ExistingParent(organization, input)), "accounts/" + input.GetString("ParentId"), a => a.Id, a => Account(organization, a)),
            "DescribeAccount" => new JsonObject { ["Account"] = Account(organization, FindAccount(organization, input.GetString("AccountId")!)) },
            "ListParents" => ListParents(organization, input),
            "ListChildren" => ListChildren(organization, input),
            "ListRoots" => Page(input, "Roots", [organization.RootId], "roots", id => id, _ => Root(organization)),
            "ListOrganizationalUnitsForParent" => Page(input, "OrganizationalUnits", organization.UnitsUnder(ExistingParent(organization, input)), "ous/" + input.GetString("ParentId"), u => u.Id, u => Unit(organization, u)),
            "DescribeOrganization" => new JsonObject { ["Organization"] = Describe(organization) },
            "DescribeOrganizationalUnit" => new JsonObject { ["OrganizationalUnit"] = Unit(organization, FindUnit(organization, input.GetString("OrganizationalUnitId")!)) },
            var other => throw new InvalidOperationException("not dispatched: " + other),
        };
    }

    private static JsonObject ListParents(Organization organization, JsonObject input)
    {
        var childId = input.GetString("ChildId")!;
        var parentId = organization.Accounts.TryGetValue(childId, out var account) ? account.ParentId
            : organization.Units.TryGetValue(childId, out var unit) ? unit.ParentId
            : throw OrganizationsErrors.ChildNotFound();
        return Page(input, "Parents", [parentId], "parents/" + childId, id => id, id => new JsonObject
        {
            ["Id"] = id,
            ["Type"] = id == organization.RootId ? "ROOT" : "ORGANIZATIONAL_UNIT",
        });
    }

    private static JsonObject ListChildren(Organization organization, JsonObject input)
    {
        var parentId = ExistingParent(organization, input);
        var childType = input.GetString("ChildType")!;
        var kind = $"children/{childType}/{parentId}";
        JsonNode Child(string id) => new JsonObject { ["Id"] = id, ["Type"] = childType };
        return childType == "ACCOUNT"
            ? Page(input, "Children", organization.AccountsUnder(parentId), kind, a => a.Id, a => Child(a.Id))
            : Page(input, "Children", organization.UnitsUnder(parentId), kind, u => u.Id, u => Child(u.Id));
    }

    /// <summary>
    /// A page of a list sorted by <paramref name="key"/>: MaxResults (1–20, validated by the model) or 20
    /// items, and a NextToken while more remain. A token of another list is an InvalidInputException.
    /// </summary>
    private static JsonObject Page<T>(JsonObject input, string member, IReadOnlyList<T> sorted, string kind, Func<T, string> key, Func<T, JsonNode> render)
    {
        var limit = (int)(input.GetLong("MaxResults") ?? MaxPageSize);
        var (items, nextToken) = Paging.Page(sorted, key, kind, input.GetString("NextToken"), limit, OrganizationsErrors.InvalidNextToken);
        var result = new JsonObject { [member] = new JsonArray(items.Select(render).ToArray()) };
        if (nextToken is not null)
        {
            result["NextToken"] = nextToken;
        }

        return result;
    }

    private static string ExistingParent(Organization organization, JsonObject input)
    {
        var parentId = input.GetString("ParentId")!;
        return organization.IsParent(parentId) ? parentId : throw OrganizationsErrors.ParentNotFound();
    }

    private static OrganizationAccount FindAccount(Organization organization, string accountId) =>
        organization.Accounts.TryGetValue(accountId, out var account) ? account : throw OrganizationsErrors.AccountNotFound();

    private static OrganizationalUnit FindUnit(Organization organization, string unitId) =>
        organization.Units.TryGetValue(unitId, out var unit) ? unit : throw OrganizationsErrors.OrganizationalUnitNotFound();

    /// <summary>An <c>Account</c> as the model orders its members; Name, Email, JoinedMethod and JoinedTimestamp when the state gives them.</summary>
    private static JsonObject Account(Organization organization, OrganizationAccount account)
    {
        var output = new JsonObject { ["Id"] = account.Id, ["Arn"] = organization.AccountArn(account.Id) };
        if (account.Email is not null)
        {
            output["Email"] = account.Email;
        }

        if (account.Name is not null)
        {
            output["Name"] = account.Name;
        }

        output["Status"] = account.Status;
        output["State"] = account.State;
        output["Paths"] = new JsonArray(account.Path);
        if (account.JoinedMethod is not null)
        {
            output["JoinedMethod"] = account.JoinedMethod;
        }

        if (account.JoinedTimestamp is { } joined)
        {
            output["JoinedTimestamp"] = joined;
        }

        return output;
    }

    private static JsonObject Unit(Organization organization, OrganizationalUnit unit) => new()
    {
        ["Id"] = unit.Id,
        ["Arn"] = organization.UnitArn(unit.Id),
        ["Name"] = unit.Name,
        ["Path"] = unit.Path,
    };

    private static JsonObject Root(Organization organization) => new()
    {
        ["Id"] = organization.RootId,
        ["Arn"] = organization.RootArn,
        ["Name"] = Organization.RootName,
        ["PolicyTypes"] = new JsonArray(),
    };

    private static JsonObject Describe(Organization organization)
    {
        var output = new JsonObject
        {
            ["Id"] = organization.Id,
            ["Arn"] = organization.Arn,
            ["FeatureSet"] = organization.FeatureSet,
            ["MasterAccountArn"] = organization.AccountArn(organization.ManagementAccountId),
            ["MasterAccountId"] = organization.ManagementAccountId,
        };
        if (organization.Accounts[organization.ManagementAccountId].Email is { } email)
        {
            output["MasterAccountEmail"] = email;
        }

        output["AvailablePolicyTypes"] = new JsonArray();
        return output;
    }
}
