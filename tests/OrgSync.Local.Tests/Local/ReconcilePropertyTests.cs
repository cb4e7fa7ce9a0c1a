using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Local.Reconcile;
using OrgSync.Local.Storage;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// SPEC §6 as a property of <c>orgsync reconcile --apply</c> against the emulator: whatever the organization (members
/// ACTIVE, SUSPENDED or PENDING_CLOSURE, at the root or in OUs, nested or not), the settings, and whatever the targets
/// hold now (members, accounts gone from the organization that the ledger knows, partners nobody knows), one pass
/// reaches exactly the desired set, and a second pass writes nothing.
/// </summary>
public sealed class ReconcilePropertyTests
{
    private const string Anchor = "300000000099";
    private static readonly string[] Candidates = [.. Enumerable.Range(0, 7).Select(i => $"30000000010{i}")];
    private static readonly string[] Known = ["300000000201", "300000000202", "300000000203"];
    private static readonly string[] Foreign = ["300000000301", "300000000302"];
    private static readonly string[] Everyone = [Org.Home, Anchor, .. Candidates, .. Known, .. Foreign];
    private static readonly string[] Keys = [ReconcileOrg.OrgKey, ReconcileOrg.ProdKey, ReconcileOrg.GoldenKey];

    /// <param name="Members">Per candidate: null when the organization does not list it, else its state and parent.</param>
    /// <param name="Holds">Per target, per account of <see cref="Everyone"/>: whether the target holds it now.</param>
    /// <param name="LedgerKnows">Per target, per account of <see cref="Known"/>: whether the ledger recorded it joining that target.</param>
    internal sealed record Case(OrgMember?[] Members, bool[][] Holds, bool[][] LedgerKnows, int Excluded, bool RemoveOnLeave, bool Prune);

    [Fact]
    public async Task One_pass_reaches_exactly_the_desired_set_and_a_second_pass_writes_nothing()
    {
        var member = from state in Gen.Elements("ACTIVE", "ACTIVE", "SUSPENDED", "PENDING_CLOSURE")
                     from parent in Gen.Elements(ReconcileOrg.Root, ReconcileOrg.Prod, ReconcileOrg.Team, ReconcileOrg.Dev)
                     from listed in Gen.Elements(true, true, true, false)
                     select (State: state, Parent: parent, Listed: listed);
        var cases =
            from members in Gen.ArrayOf(member, Candidates.Length)
            from holds in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), Everyone.Length), Keys.Length)
            from knows in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements(true, false), Known.Length), Keys.Length)
            from excluded in Gen.Choose(-1, Candidates.Length - 1)
            from removeOnLeave in Gen.Elements(true, true, false)
            from prune in Gen.Elements(true, false)
            select new Case(
                [.. members.Select((m, i) => m.Listed ? new OrgMember(Candidates[i], m.State, m.Parent, 1767225600 + i) : null)],
                holds, knows, excluded, removeOnLeave, prune);

        await Task.Run(() => FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(40),
            Prop.ForAll(cases.ToArbitrary(), c => Holds(c).GetAwaiter().GetResult())));
    }

    private static async Task Holds(Case c)
    {
        using var folder = new TempFolder();
        OrgMember[] members = [new(Anchor, Parent: ReconcileOrg.Team), .. c.Members.OfType<OrgMember>()];
        string[] excluded = c.Excluded < 0 ? [] : [Candidates[c.Excluded]];
        var targets = ReconcileOrg.Targets(c.RemoveOnLeave, excluded, new JsonObject { ["pruneForeignAccounts"] = c.Prune }, authorizeSources: false);
        var held = Keys.Select((_, t) => Everyone.Where((_, i) => c.Holds[t][i]).DefaultIfEmpty(Anchor).ToArray()).ToArray();
        var state = ReconcileOrg.State(members, held[0], held[1], held[2]);

        var ledger = folder.Combine("ledger");
        using (var seeded = FileMembershipLedger.Open(ledger))
        {
            for (var t = 0; t < Keys.Length; t++)
            {
                var joins = Known.Where((_, i) => c.LedgerKnows[t][i]).Select(a => new AccountChange(a, ChangeKind.Join, Org.T0.AddYears(-1), "seed-" + a)).ToList();
                await seeded.RecordAsync(Keys[t], joins, CancellationToken.None);
            }
        }

        var first = await ReconcileRunner.RunAsync(new ReconcileRunOptions { Targets = targets, State = ReconcileOrg.EmulatorState(state), Apply = true, LedgerFolder = ledger });

        Assert.True(first.Outcome.Succeeded, first.Outcome.Failure ?? string.Join("; ", first.Outcome.Targets.Select(t => t.Failure)));
        for (var t = 0; t < Keys.Length; t++)
        {
            Assert.Equal(Expected(c, members, excluded, held[t], t), ReconcileOrg.Holds(first.StateAfter!, Keys[t]).Order(StringComparer.Ordinal));
        }

        var second = await ReconcileRunner.RunAsync(new ReconcileRunOptions
        {
            Targets = targets, State = Emulator.State.EmulatorState.Parse(first.StateAfter!, "first"), Apply = true, LedgerFolder = ledger,
        });

        Assert.True(second.Outcome.Succeeded);
        Assert.Equal(0, ReconcileOrg.Writes(second.ApiCalls!));
        Assert.All(second.Outcome.Targets, target => Assert.False(target.Written));
    }

    /// <summary>
    /// The desired set, what excludeAccounts keeps as it is, and what stays because it may not be removed: stale
    /// accounts (listed but not desired, or gone but known to the ledger in this target) leave only with removeOnLeave,
    /// foreign ones (neither) only when pruning, whatever removeOnLeave says.
    /// </summary>
    private static IEnumerable<string> Expected(Case c, OrgMember[] members, string[] excluded, string[] held, int target)
    {
        var desired = ReconcileOrg.Desired(Keys[target], members, excluded);
        var listed = members.Select(m => m.Id).Append(Org.Home).ToHashSet(StringComparer.Ordinal);
        var known = Known.Where((_, i) => c.LedgerKnows[target][i]).ToHashSet(StringComparer.Ordinal);
        var kept = held.Where(account =>
            excluded.Contains(account)
            || desired.Contains(account)
            || (listed.Contains(account) || known.Contains(account) ? !c.RemoveOnLeave : !c.Prune));
        return desired.Union(kept).Order(StringComparer.Ordinal);
    }
}
