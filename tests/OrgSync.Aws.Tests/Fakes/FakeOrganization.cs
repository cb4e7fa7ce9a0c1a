using System.Globalization;
using System.Text.Json.Nodes;

namespace OrgSync.Aws.Tests.Fakes;

/// <summary>
/// An organization tree served through <see cref="ScriptedAws"/>: <c>ListAccounts</c> (paged, with or
/// without <c>Paths</c>), <c>ListParents</c>, <c>DescribeAccount</c> and <c>DescribeOrganization</c>.
/// Paths are computed from the tree the way AWS writes them, so tests can compare against them.
/// </summary>
internal sealed class FakeOrganization
{
    public const string OrganizationId = "o-a1b2c3d4e5";
    public const string RootId = "r-ab12";
    public const string ManagementAccount = "111111111111";

    /// <summary>OU id → its parent (the root or another OU).</summary>
    public Dictionary<string, string> Units { get; } = new(StringComparer.Ordinal);

    /// <summary>Account id → (state, parent).</summary>
    public Dictionary<string, (string State, string ParentId)> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>False: accounts come without <c>Paths</c> (as moto returns them).</summary>
    public bool IncludePaths { get; set; } = true;

    /// <summary>False: accounts come without <c>Arn</c>, so the organization id must be asked for.</summary>
    public bool IncludeArns { get; set; } = true;

    public int PageSize { get; set; } = 20;

    public FakeOrganization Unit(string id, string parentId)
    {
        Units[id] = parentId;
        return this;
    }

    public FakeOrganization Account(string id, string parentId, string state = "ACTIVE")
    {
        Accounts[id] = (state, parentId);
        return this;
    }

    /// <summary>The path AWS gives <paramref name="id"/>: <c>o-…/r-…/ou-…/…/{id}/</c>.</summary>
    public string PathOf(string id)
    {
        var chain = new Stack<string>([id]);
        for (var parent = ParentOf(id); parent != RootId; parent = ParentOf(parent))
        {
            chain.Push(parent);
        }

        return $"{OrganizationId}/{RootId}/{string.Join("/", chain)}/";
    }

    public ScriptedAws ServeOn(ScriptedAws aws) => aws
        .On("ListAccounts", request =>
        {
            var start = request.Json?["NextToken"]?.GetValue<string>() is { } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
            var ids = Accounts.Keys.Order(StringComparer.Ordinal).ToList();
            var page = new JsonArray([.. ids.Skip(start).Take(PageSize).Select(AccountJson)]);
#pragma warning disable CA1507 // the wire member "Accounts", not this class's property
            var body = new JsonObject { ["Accounts"] = page };
#pragma warning restore CA1507
            if (start + PageSize < ids.Count)
            {
                body["NextToken"] = (start + PageSize).ToString(CultureInfo.InvariantCulture);
            }

            return Reply.Json(body);
        })
        .On("DescribeAccount", request =>
        {
            var id = request.Json!["AccountId"]!.GetValue<string>();
            return Accounts.ContainsKey(id)
                ? Reply.Json(new JsonObject { ["Account"] = AccountJson(id) })
                : Reply.JsonError(400, "AccountNotFoundException", "You specified an account that doesn't exist.");
        })
        .On("ListParents", request =>
        {
            var child = request.Json!["ChildId"]!.GetValue<string>();
            if (!Accounts.ContainsKey(child) && !Units.ContainsKey(child))
            {
                return Reply.JsonError(400, "ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
            }

            var parent = ParentOf(child);
            return Reply.Json(new JsonObject
            {
                ["Parents"] = new JsonArray(new JsonObject { ["Id"] = parent, ["Type"] = parent == RootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }),
            });
        })
        .On("DescribeOrganization", _ => Reply.Json(new JsonObject
        {
            ["Organization"] = new JsonObject
            {
                ["Id"] = OrganizationId,
                ["Arn"] = $"arn:aws:organizations::{ManagementAccount}:organization/{OrganizationId}",
                ["FeatureSet"] = "ALL",
                ["MasterAccountId"] = ManagementAccount,
            },
        }));

    private string ParentOf(string id) => Accounts.TryGetValue(id, out var account) ? account.ParentId : Units[id];

    private JsonObject AccountJson(string id)
    {
        var account = new JsonObject
        {
            ["Id"] = id,
            ["Email"] = $"{id}@example.com",
            ["Name"] = "account " + id,
            ["State"] = Accounts[id].State,
            ["JoinedMethod"] = "CREATED",
            ["JoinedTimestamp"] = 1767225600.5,
        };
        if (IncludeArns)
        {
            account["Arn"] = $"arn:aws:organizations::{ManagementAccount}:account/{OrganizationId}/{id}";
        }

        if (IncludePaths)
        {
            account["Paths"] = new JsonArray(PathOf(id));
        }

        return account;
    }
}
