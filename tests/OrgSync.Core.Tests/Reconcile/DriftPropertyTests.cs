using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Organizations;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Reconcile;

/// <summary>
/// SPEC §6 over random organizations (ACTIVE, SUSPENDED, PENDING_CLOSURE accounts across OUs, some listed twice),
/// random lists, scopes, exclusions, partners and ledgers: a pass converges, a second pass writes nothing, an event
/// newer than the listing is never undone, and what the policy protects is never removed.
/// </summary>
public class DriftPropertyTests
{
    private const string PassId = "reconcile-pass";
    private const string Root = "r-ab12";
    private const string Workloads = "ou-ab12-11111111";
    private const string Prod = "ou-ab12-22222222";
    private const string Sandbox = "ou-ab12-33333333";

    private static readonly DateTimeOffset ListedAt = Time(60);

    /// <summary>Few enough that lists, the organization, the ledger and the policy overlap often.</summary>
    private static readonly string[] Pool = [.. Enumerable.Range(1, 24).Select(Account)];

    private static readonly ImmutableArray<string>[] PathPool =
        [[Root], [Root, Workloads], [Root, Workloads, Prod], [Root, Sandbox], []];

    private static readonly Gen<OrganizationAccount> Member =
        from id in Gen.Elements(Pool)
        from state in Gen.Frequency(
            (4, Gen.Constant(AccountState.Active)), (1, Gen.Constant(AccountState.Suspended)), (1, Gen.Constant(AccountState.PendingClosure)))
        from path in Gen.Elements(PathPool)
        from joined in Gen.Frequency((4, Gen.Choose(0, 50).Select(DateTimeOffset? (m) => Time(m))), (1, Gen.Constant<DateTimeOffset?>(null)))
        select new OrganizationAccount(id, state, path, joined);

    private static readonly Gen<OrganizationScope?> Scope = Gen.Frequency(
        (2, Gen.Constant<OrganizationScope?>(null)),
        (3,
            from units in Gen.NonEmptyListOf(Gen.Elements(Root, Workloads, Prod, Sandbox))
            from nested in Gen.Elements(true, false)
            select (OrganizationScope?)new OrganizationScope([.. units.Distinct()], nested)));

    private static readonly Gen<AppliedChange> LedgerEntry =
        from kind in Gen.Elements(ChangeKind.Join, ChangeKind.Leave, ChangeKind.Move)
        from minutes in Gen.Choose(-2, 2) // before, at and after the listing's start
        select new AppliedChange(kind, ListedAt.AddMinutes(minutes));

    private static readonly Gen<Case> Cases =
        from listing in Gen.ListOf(Member) // in listing order; an id repeated is a second read
        from scope in Scope
        from excluded in Subset(Pool.Take(12), 4)
        from allowed in Subset(Pool.Skip(8), 4)
        from listCount in Gen.Choose(1, 3)
        from lists in Gen.ArrayOf(Subset(Pool, 2), listCount)
        from ledger in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant<AppliedChange?>(null)), (2, LedgerEntry.Select(AppliedChange? (e) => e))), Pool.Length)
        from removeOnLeave in Gen.Elements(true, false)
        from pruneForeign in Gen.Elements(true, false)
        select new Case(
            OrganizationSnapshot.Of(listing, ListedAt),
            scope,
            excluded,
            allowed,
            [.. lists],
            Pool.Zip(ledger).Where(p => p.Second is not null).ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal),
            removeOnLeave,
            pruneForeign);

    [Fact]
    public void Applying_a_full_pass_with_an_empty_ledger_leaves_exactly_the_desired_and_the_untouchable_already_there()
    {
        Properties.Check(Cases, c =>
        {
            var empty = new Dictionary<string, AppliedChange>(StringComparer.Ordinal);
            var policy = c.Policy with { RemoveOnLeave = true, PruneForeign = true };
            var (drift, changes) = DriftRules.Compute(c.Lists, c.Desired, c.Organization, empty, policy, PassId);

            Assert.Empty(drift.Superseded);
            var after = Apply(c.Lists, changes);
            for (var i = 0; i < after.Length; i++)
            {
                // Per list: an untouchable account stays where it was, and only there.
                Assert.Equal(c.Desired.Union(c.Lists[i].Intersect(policy.Untouchable)).AsEnumerable(), after[i].AsEnumerable());
            }

            var present = c.Lists.Aggregate(ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal), (all, list) => all.Union(list));
            var everything = after.Aggregate(ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal), (all, list) => all.Union(list));
            Assert.Equal(c.Desired.Union(present.Intersect(policy.Untouchable)).AsEnumerable(), everything.AsEnumerable());
        });
    }

    [Fact]
    public void A_second_pass_over_what_the_first_wrote_and_recorded_writes_nothing()
    {
        Properties.Check(Cases, c =>
        {
            var first = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, c.Policy, PassId);
            var after = Apply(c.Lists, first.Changes);
            var recorded = new Dictionary<string, AppliedChange>(c.Ledger, StringComparer.Ordinal);
            foreach (var change in first.Changes)
            {
                recorded[change.AccountId] = new AppliedChange(change.Kind, change.Time);
            }

            var second = DriftRules.Compute(after, c.Desired, c.Organization, recorded, c.Policy, PassId);

            Assert.Empty(second.Changes);
            Assert.Equal(first.Drift.Superseded.AsEnumerable(), second.Drift.Superseded.AsEnumerable());
            if (c.Policy.RemoveOnLeave && c.Policy.PruneForeign && first.Drift.Superseded.IsEmpty)
            {
                Assert.True(second.Drift.IsEmpty);
            }
        });
    }

    [Fact]
    public void A_second_pass_with_an_empty_ledger_and_full_removal_finds_no_drift()
    {
        Properties.Check(Cases, c =>
        {
            var empty = new Dictionary<string, AppliedChange>(StringComparer.Ordinal);
            var policy = c.Policy with { RemoveOnLeave = true, PruneForeign = true };
            var first = DriftRules.Compute(c.Lists, c.Desired, c.Organization, empty, policy, PassId);

            var second = DriftRules.Compute(Apply(c.Lists, first.Changes), c.Desired, c.Organization, empty, policy, PassId);

            Assert.Empty(second.Changes);
            Assert.True(second.Drift.IsEmpty);
            Assert.Empty(second.Drift.Superseded);
        });
    }

    [Fact]
    public void No_change_is_made_for_an_account_the_ledger_changed_after_the_listing_started()
    {
        Properties.Check(Cases, c =>
        {
            var (drift, changes) = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, c.Policy, PassId);

            foreach (var change in changes)
            {
                Assert.Equal(ListedAt, change.Time);
                Assert.Equal(PassId, change.EventId);
                if (c.Ledger.TryGetValue(change.AccountId, out var entry))
                {
                    Assert.True(entry.Time <= ListedAt, $"{change.AccountId}: {entry} is newer than the listing");
                    Assert.True(ChangeOrder.Supersedes(change, entry));
                }
            }

            foreach (var (account, entry) in c.Ledger.Where(e => e.Value.Time > ListedAt))
            {
                Assert.DoesNotContain(changes, change => change.AccountId == account);
                var candidate = drift.Missing.Contains(account) || (c.Policy.RemoveOnLeave && drift.Stale.Contains(account));
                Assert.Equal(candidate, drift.Superseded.Contains(account));
            }
        });
    }

    [Fact]
    public void An_untouchable_account_never_gets_a_leave_and_is_never_stale_or_foreign()
    {
        Properties.Check(Cases, c =>
        {
            var (drift, changes) = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, c.Policy, PassId);

            Assert.DoesNotContain(changes, change => change.Kind == ChangeKind.Leave && c.Policy.Untouchable.Contains(change.AccountId));
            Assert.DoesNotContain(drift.Stale.Concat(drift.Foreign), c.Policy.Untouchable.Contains);
        });
    }

    [Fact]
    public void Without_pruning_no_foreign_account_gets_a_leave()
    {
        Properties.Check(Cases, c =>
        {
            var policy = c.Policy with { PruneForeign = false };
            var (drift, changes) = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, policy, PassId);

            // Foreign by the rule itself: present, not desired, neither listed by the organization nor known to the ledger.
            var present = c.Lists.SelectMany(list => list).ToHashSet(StringComparer.Ordinal);
            var foreign = present.Where(a => !c.Desired.Contains(a) && !c.Organization.Accounts.ContainsKey(a) && !c.Ledger.ContainsKey(a)).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(changes, change => change.Kind == ChangeKind.Leave && foreign.Contains(change.AccountId));
            Assert.Equal(foreign.Except(policy.Untouchable).Order(StringComparer.Ordinal), drift.Foreign.AsEnumerable());
        });
    }

    [Fact]
    public void Changes_are_joins_for_the_missing_and_leaves_for_what_the_policy_removes()
    {
        Properties.Check(Cases, c =>
        {
            var (drift, changes) = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, c.Policy, PassId);

            var removable = (c.Policy.RemoveOnLeave ? drift.Stale : []).Concat(c.Policy.PruneForeign ? drift.Foreign : []).ToHashSet(StringComparer.Ordinal);
            var joins = changes.Where(change => change.Kind == ChangeKind.Join).Select(change => change.AccountId).ToList();
            var leaves = changes.Where(change => change.Kind == ChangeKind.Leave).Select(change => change.AccountId).ToList();
            Assert.Equal(changes.Length, joins.Count + leaves.Count);
            Assert.Equal(changes.Length, changes.Select(change => change.AccountId).Distinct().Count());
            Assert.All(joins, a => Assert.Contains(a, drift.Missing));
            Assert.All(leaves, a => Assert.Contains(a, removable));
            Assert.Equal(drift.Missing.Concat(removable).Order(StringComparer.Ordinal), changes.Select(change => change.AccountId).Concat(drift.Superseded).Order(StringComparer.Ordinal));
            Assert.Empty(drift.Missing.Intersect(drift.Stale.Concat(drift.Foreign)));
            Assert.Empty(drift.Stale.Intersect(drift.Foreign));
        });
    }

    [Fact]
    public void The_answers_to_the_ledger_questions_decide_the_same_pass_as_the_whole_ledger()
    {
        Properties.Check(Cases, c =>
        {
            var questions = DriftRules.LedgerQuestions(c.Lists, c.Desired);
            var answers = c.Ledger.Where(entry => questions.Contains(entry.Key)).ToDictionary(StringComparer.Ordinal);

            var whole = DriftRules.Compute(c.Lists, c.Desired, c.Organization, c.Ledger, c.Policy, PassId);
            var asked = DriftRules.Compute(c.Lists, c.Desired, c.Organization, answers, c.Policy, PassId);

            Assert.Equal(whole.Changes.AsEnumerable(), asked.Changes.AsEnumerable());
            Assert.Equal(whole.Drift.Missing.AsEnumerable(), asked.Drift.Missing.AsEnumerable());
            Assert.Equal(whole.Drift.Stale.AsEnumerable(), asked.Drift.Stale.AsEnumerable());
            Assert.Equal(whole.Drift.Foreign.AsEnumerable(), asked.Drift.Foreign.AsEnumerable());
            Assert.Equal(whole.Drift.Superseded.AsEnumerable(), asked.Drift.Superseded.AsEnumerable());
        });
    }

    [Fact]
    public void The_budget_keeps_what_fits_removals_first_and_defers_the_rest()
    {
        var cases =
            from c in Cases
            from used in Gen.Choose(0, 12)
            from budget in Gen.Choose(-2, 12)
            select (c, used, budget);

        Properties.Check(cases, x =>
        {
            var (_, changes) = DriftRules.Compute(x.c.Lists, x.c.Desired, x.c.Organization, x.c.Ledger, x.c.Policy, PassId);

            var (kept, deferred) = WeeklyBudget.Apply(changes, x.used, x.budget, a => x.c.Organization.Accounts.GetValueOrDefault(a)?.JoinedAt);

            Assert.Equal(Math.Min(changes.Length, Math.Max(0, x.budget - x.used)), kept.Length);
            Assert.All(kept, change => Assert.Contains(change, changes));
            Assert.Equal(changes.Select(change => change.AccountId).Order(StringComparer.Ordinal), kept.Select(change => change.AccountId).Concat(deferred).Order(StringComparer.Ordinal));
            if (!deferred.IsEmpty)
            {
                // Over the budget: a join is kept only when every leave is.
                var deferredLeaves = changes.Count(change => change.Kind == ChangeKind.Leave && deferred.Contains(change.AccountId));
                Assert.True(deferredLeaves == 0 || kept.All(change => change.Kind == ChangeKind.Leave));
            }
        });
    }

    private static ImmutableArray<ImmutableSortedSet<string>> Apply(ImmutableArray<ImmutableSortedSet<string>> lists, ImmutableArray<AccountChange> changes)
    {
        var joins = changes.Where(c => c.Kind == ChangeKind.Join).Select(c => c.AccountId);
        var leaves = changes.Where(c => c.Kind == ChangeKind.Leave).Select(c => c.AccountId);
        return [.. lists.Select(list => list.Union(joins).Except(leaves))];
    }

    private static Gen<ImmutableSortedSet<string>> Subset(IEnumerable<string> accounts, int oneIn) =>
        from picks in Gen.ArrayOf(Gen.Choose(0, oneIn - 1), accounts.Count())
        select ImmutableSortedSet.CreateRange(StringComparer.Ordinal, accounts.Where((_, i) => picks[i] == 0));

    /// <summary>One pass's inputs; its text is the counterexample FsCheck prints.</summary>
    private sealed record Case(
        OrganizationSnapshot Organization,
        OrganizationScope? Scope,
        ImmutableSortedSet<string> Excluded,
        ImmutableSortedSet<string> Allowed,
        ImmutableArray<ImmutableSortedSet<string>> Lists,
        Dictionary<string, AppliedChange> Ledger,
        bool RemoveOnLeave,
        bool PruneForeign)
    {
        public ImmutableSortedSet<string> Desired => Organization.Desired(Scope, Excluded);

        public DriftPolicy Policy => new(Excluded.Union(Allowed), RemoveOnLeave, PruneForeign);

        public override string ToString() =>
            $"organization: {string.Join(", ", Organization.Accounts.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => $"{Short(a.Id)} {a.StateName} /{string.Join('/', a.Parents)}"))}\n" +
            $"scope: {(Scope is null ? "none" : $"[{string.Join(", ", Scope.OrganizationalUnits)}] nested={Scope.IncludeNested}")}\n" +
            $"desired: {Join(Desired)}\nexcluded: {Join(Excluded)}\nallowed: {Join(Allowed)}\n" +
            $"lists: {string.Join(" | ", Lists.Select(Join))}\n" +
            $"ledger: {string.Join(", ", Ledger.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{Short(e.Key)} {e.Value.Kind}@{(e.Value.Time - ListedAt).TotalMinutes:+0;-0;0}"))}\n" +
            $"removeOnLeave={RemoveOnLeave} pruneForeign={PruneForeign}";

        private static string Join(IEnumerable<string> accounts) => string.Join(" ", accounts.Select(Short));

        private static string Short(string account) => account[^2..];
    }
}
