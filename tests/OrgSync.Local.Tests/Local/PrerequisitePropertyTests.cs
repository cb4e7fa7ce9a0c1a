using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Targets;
using OrgSync.Emulator.State;
using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// SPEC §3.5 as a property of the whole pipeline against the emulator: whatever the order, duplication and
/// batching of joins and leaves, at the end every account in the account-sourced aggregator has authorized it in
/// every source Region, no account in <c>targetAccountIds</c> lacks Image Builder's cross-account role, and the
/// aggregator and launch permissions hold exactly the accounts whose newest change is a join.
/// </summary>
public sealed class PrerequisitePropertyTests
{
    private const string WithRole = "444444444444";
    private const string AlsoWithRole = "555555555555";
    private const string WithoutRole = "666666666666";

    private static readonly string[] Accounts = [WithRole, AlsoWithRole, WithoutRole];
    private static readonly string[] SourceRegions = ["us-east-1", "eu-west-1"];

    private static readonly TargetsFile Targets = TargetsFileLoader.Parse("""
        {
          "homeAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "aggregators": [ { "name": "org-aggregator", "region": "us-east-1", "authorizationRegions": ["us-east-1", "eu-west-1"] } ],
          "distributions": [ { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
                               "share": ["launchPermission", "targetAccountIds"] } ]
        }
        """);

    private sealed record Change(int Account, bool Join, int Minute);

    [Fact]
    public async Task Any_delivery_schedule_ends_with_every_aggregated_account_authorized_and_no_copy_without_its_role()
    {
        var cases =
            from changes in Gen.NonEmptyListOf(
                from account in Gen.Choose(0, Accounts.Length - 1)
                from isJoin in Gen.Elements(true, true, false)
                from minute in Gen.Choose(0, 3)
                select new Change(account, isJoin, minute))
            from copies in Gen.ListOf(Gen.Choose(0, 99))
            from shuffled in Gen.Shuffle(changes.Concat(copies.Take(4).Select(i => changes[i % changes.Count])).ToArray())
            from batchSize in Gen.Choose(1, 4)
            from concurrency in Gen.Choose(1, 2)
            select (changes, shuffled, batchSize, concurrency);

        await Task.Run(() => FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(20),
            Prop.ForAll(cases.ToArbitrary(), c => Holds(c.changes, c.shuffled, c.batchSize, c.concurrency))));
    }

    [Fact]
    public async Task An_older_leave_arriving_after_a_blocked_join_does_not_take_back_its_launch_permission()
    {
        // The join is blocked from targetAccountIds (no role) but grants launch permission; the leave is older.
        var run = await LocalRunner.RunAsync(new LocalRunOptions
        {
            Targets = Targets,
            State = EmulatorState.Parse(StateJson(), "blocked-then-older-leave"),
            Inputs = Org.Inputs(Org.Join(WithoutRole, Org.T0.AddMinutes(3)), Org.Leave(WithoutRole, Org.T0.AddMinutes(1))),
            BatchSize = 1,
            MaxReceiveCount = 1,
            Seed = 7,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        Assert.Contains(WithoutRole, StateOf.LaunchPermission(run.StateAfter));
        Assert.Contains(WithoutRole, StateOf.AggregatorAccounts(run.StateAfter));
        Assert.DoesNotContain(WithoutRole, StateOf.TargetAccountIds(run.StateAfter));
        Assert.Equal("input#0", Assert.Single(run.Summary.DeadLettered).Input); // the blocked join, after its one delivery
    }

    private static void Holds(IReadOnlyList<Change> changes, Change[] deliveries, int batchSize, int concurrency)
    {
        var run = LocalRunner.RunAsync(new LocalRunOptions
        {
            Targets = Targets,
            State = EmulatorState.Parse(StateJson(), "property"),
            Inputs = Org.Inputs([.. deliveries.Select(Body)]),
            BatchSize = batchSize,
            Concurrency = concurrency,
            MaxReceiveCount = 2,
            Seed = 7,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        }).GetAwaiter().GetResult();

        var aggregated = StateOf.AggregatorAccounts(run.StateAfter);
        var authorized = StateOf.Authorizations(run.StateAfter).Select(a => (a.Account, a.Region)).ToHashSet();
        foreach (var account in aggregated.Where(Accounts.Contains))
        {
            Assert.All(SourceRegions, region => Assert.Contains((account, region), authorized));
        }

        Assert.DoesNotContain(WithoutRole, StateOf.TargetAccountIds(run.StateAfter));

        // Newest wins; on equal minutes a leave wins. Prerequisites never change which accounts end where, only
        // keep the role-less account out of targetAccountIds (and fail its messages).
        var joined = changes
            .GroupBy(c => c.Account)
            .Select(g => g.OrderBy(c => c.Minute).ThenBy(c => c.Join ? 0 : 1).Last())
            .Where(c => c.Join)
            .Select(c => Accounts[c.Account])
            .ToHashSet();
        var deadLetters = string.Join("; ", run.Summary.DeadLettered.Select(d => $"{d.Input}: {d.Reason}"));
        Assert.True(
            joined.Order(StringComparer.Ordinal).SequenceEqual(aggregated.Where(Accounts.Contains).Order(StringComparer.Ordinal)),
            $"aggregator holds {string.Join(", ", aggregated)}; expected {string.Join(", ", joined)}; dead letters: {deadLetters}");
        Assert.Equal(joined.Order(StringComparer.Ordinal), StateOf.LaunchPermission(run.StateAfter).Where(Accounts.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(
            joined.Where(a => a != WithoutRole).Order(StringComparer.Ordinal),
            StateOf.TargetAccountIds(run.StateAfter).Where(Accounts.Contains).Order(StringComparer.Ordinal));
    }

    private static string Body(Change c) =>
        c.Join ? Org.Join(Accounts[c.Account], Org.T0.AddMinutes(c.Minute)) : Org.Leave(Accounts[c.Account], Org.T0.AddMinutes(c.Minute));

    /// <summary>The test organization; every account but <see cref="WithoutRole"/> has Image Builder's role.</summary>
    private static string StateJson()
    {
        var state = JsonNode.Parse(Org.StateJson())!.AsObject();
        state["roles"] = new JsonArray([
            .. new[] { WithRole, AlsoWithRole }.Select(account => (JsonNode)new JsonObject
            {
                ["accountId"] = account, ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole",
            }),
        ]);
        return state.ToJsonString();
    }
}
