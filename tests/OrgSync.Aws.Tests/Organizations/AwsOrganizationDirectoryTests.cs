using System.Globalization;
using System.Text.Json.Nodes;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Tests.Emulated;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Tests.Shared;

namespace OrgSync.Aws.Tests.Organizations;

public sealed class AwsOrganizationDirectoryTests
{
    private const string Management = "111111111111";

    [Fact]
    public async Task A_throttled_page_of_a_large_listing_is_retried_on_its_own_and_the_pages_already_read_are_kept()
    {
        // 200 accounts: 10 pages of 20. With half the calls throttled, a listing retried as a whole gets through all 10
        // pages in a row about once in 1,000 tries, far beyond 8 attempts; a page retried on its own fails 8 times in a row
        // about once in 256 (the seed decides: with this one, no page does, and the old whole-listing retry gives up).
        var members = Enumerable.Range(1, 199).Select(i => (100000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
        await using var aws = await EmulatedAws.StartAsync(
            State(members), new EmulatorOptions { Faults = new FaultSettings(Throttle: 0.5, 0, 0), Seed = 1 });
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
        var options = new ApplierOptions { Time = time, Random = new Random(7), MaxAttempts = 8 };
        var directory = new AwsOrganizationDirectory(aws.Clients, options);

        var accounts = await directory.ListAccountsAsync(withParents: true, time.GetUtcNow().AddMinutes(10), CancellationToken.None);

        Assert.Equal([.. members.Prepend(Management).Order(StringComparer.Ordinal)], accounts.Select(a => a.Id));
        Assert.All(accounts, a => Assert.Equal("r-ab12", Assert.Single(a.Parents)));
        var throttled = aws.Tap.ErrorCodes.Count(code => code == "TooManyRequestsException");
        Assert.InRange(throttled, options.MaxAttempts, int.MaxValue); // more than one listing's whole retry budget
        Assert.Equal(10 + throttled, aws.Calls["organizations.ListAccounts"]); // each page read once, plus a retry per throttle
    }

    private static string State(IEnumerable<string> members) => new JsonObject
    {
        ["accountId"] = Management,
        ["organization"] = new JsonObject
        {
            ["id"] = "o-a1b2c3d4e5",
            ["managementAccountId"] = Management,
            ["rootId"] = "r-ab12",
            ["organizationalUnits"] = new JsonArray(),
            ["accounts"] = new JsonArray([.. members.Prepend(Management).Select(id => (JsonNode)new JsonObject
            {
                ["Id"] = id,
                ["State"] = "ACTIVE",
                ["parentId"] = "r-ab12",
            })]),
        },
    }.ToJsonString();
}
