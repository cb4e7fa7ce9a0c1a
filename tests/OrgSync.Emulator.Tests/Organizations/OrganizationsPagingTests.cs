using System.Text.Json.Nodes;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Organizations;

public sealed class OrganizationsPagingTests
{
    private static async Task<(List<string> Ids, List<int> PageSizes)> WalkAsync(SignedClient client, string operation, JsonObject request, string member, string idMember = "Id")
    {
        var ids = new List<string>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = (JsonObject)request.DeepClone();
            if (token is not null)
            {
                page["NextToken"] = token;
            }

            var json = (await client.Organizations(operation, page)).ShouldSucceed().Json;
            var items = json[member]!.AsArray();
            ids.AddRange(items.Select(i => i![idMember]!.GetValue<string>()));
            sizes.Add(items.Count);
            token = json["NextToken"]?.GetValue<string>();
        }
        while (token is not null);

        return (ids, sizes);
    }

    [Fact]
    public async Task Lists_come_twenty_a_page_or_MaxResults_with_opaque_tokens()
    {
        await using var emulator = await AwsEmulator.StartAsync(EmulatorState.Parse(GeneratedOrganization.State(members: 44, units: 2), "generated"));
        using var client = SignedClient.Home(emulator);

        var (all, sizes) = await WalkAsync(client, "ListAccounts", [], "Accounts");
        Assert.Equal([20, 20, 5], sizes);
        Assert.Equal(45, all.Distinct().Count());
        Assert.Equal(all.Order(StringComparer.Ordinal), all);

        var (byFour, fourSizes) = await WalkAsync(client, "ListAccounts", new JsonObject { ["MaxResults"] = 4 }, "Accounts");
        Assert.Equal(all, byFour);
        Assert.Equal(12, fourSizes.Count);

        var (inUnit, unitSizes) = await WalkAsync(client, "ListAccountsForParent", new JsonObject { ["ParentId"] = GeneratedOrganization.UnitId(1), ["MaxResults"] = 20 }, "Accounts");
        Assert.Equal([20, 2], unitSizes);
        Assert.All(inUnit, id => Assert.True(int.Parse(id[^2..], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1));

        var (children, _) = await WalkAsync(client, "ListChildren", new JsonObject { ["ParentId"] = GeneratedOrganization.UnitId(2), ["ChildType"] = "ACCOUNT", ["MaxResults"] = 7 }, "Children");
        Assert.Equal(22, children.Count);

        // A token names its own list: another parent's (or another operation's) is refused.
        var first = (await client.Organizations("ListAccountsForParent", new JsonObject { ["ParentId"] = GeneratedOrganization.UnitId(1), ["MaxResults"] = 1 })).ShouldSucceed().Json;
        var token = first["NextToken"]!.GetValue<string>();
        Assert.DoesNotContain("1000000", token, StringComparison.Ordinal); // opaque: no account id in the clear
        var otherParent = await client.Organizations("ListAccountsForParent", new JsonObject { ["ParentId"] = GeneratedOrganization.UnitId(2), ["NextToken"] = token });
        otherParent.ShouldFail(400, "InvalidInputException");
        Assert.Equal("INVALID_NEXT_TOKEN", otherParent.Json["Reason"]!.GetValue<string>());
        (await client.Organizations("ListAccounts", new JsonObject { ["NextToken"] = token })).ShouldFail(400, "InvalidInputException");
    }

    [Fact]
    public async Task Ten_thousand_accounts_list_completely_by_parent_and_in_full()
    {
        await using var emulator = await AwsEmulator.StartAsync(EmulatorState.Parse(GeneratedOrganization.State(members: 9_999, units: 3), "generated"));
        using var client = SignedClient.Home(emulator);

        var (all, sizes) = await WalkAsync(client, "ListAccounts", [], "Accounts");
        Assert.Equal(10_000, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(500, sizes.Count);

        var (third, _) = await WalkAsync(client, "ListAccountsForParent", new JsonObject { ["ParentId"] = GeneratedOrganization.UnitId(3) }, "Accounts");
        Assert.Equal(3_333, third.Count);

        var described = (await client.Organizations("DescribeAccount", new JsonObject { ["AccountId"] = GeneratedOrganization.MemberId(9_999) })).ShouldSucceed().Json["Account"]!;
        Assert.Equal($"o-a1b2c3d4e5/r-ab12/{GeneratedOrganization.UnitId(3)}/{GeneratedOrganization.MemberId(9_999)}/", described["Paths"]![0]!.GetValue<string>());
    }
}
