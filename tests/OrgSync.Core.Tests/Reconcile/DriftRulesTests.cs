using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Organizations;
using OrgSync.Core.Reconcile;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Reconcile;

/// <summary>
/// SPEC §6 drift, one rule per row: missing, stale, foreign, what is never touched, which leaves are written, and
/// which changes an event recorded after the listing started makes moot.
/// </summary>
public class DriftRulesTests
{
    private const string PassId = "reconcile-pass-1";
    private const int ListedMinute = 10;

    // The organization as listed: 1, 2 desired (ACTIVE, in scope); 3 SUSPENDED; 4 PENDING_CLOSURE; 5 ACTIVE outside the
    // scope; 8 excluded (ACTIVE); 10 an ACTIVE allowed non-member; 13 a SUSPENDED allowed non-member.
    // Not listed: 6 known to the ledger (it left), 7 known to no one, 9 an allowed non-member, 12 an excluded account the ledger knows.
    private static readonly OrganizationSnapshot Organization = Snapshot(
        (1, AccountState.Active), (2, AccountState.Active), (3, AccountState.Suspended), (4, AccountState.PendingClosure),
        (5, AccountState.Active), (8, AccountState.Active), (10, AccountState.Active), (13, AccountState.Suspended));

    private static readonly ImmutableSortedSet<string> Desired = Set(1, 2);

    private static readonly Dictionary<string, AppliedChange> Known = new(StringComparer.Ordinal)
    {
        [Account(6)] = new(ChangeKind.Leave, Time(1)),
        [Account(12)] = new(ChangeKind.Join, Time(1)),
    };

    private static readonly int[] UntouchableAccounts = [8, 9, 10, 12, 13];

    public static TheoryData<string, int[][], int[], int[], int[]> Classifications => new()
    {
        // name, lists, expected missing, stale, foreign (desired = 1, 2)
        { "a desired account in no list is missing", [[2]], [1], [], [] },
        { "a desired account absent from just one of two lists is missing", [[1, 2], [2]], [1], [], [] },
        { "a desired account in every list is not missing", [[1, 2], [2, 1]], [], [], [] },
        { "a listed SUSPENDED account present is stale", [[1, 2, 3]], [], [3], [] },
        { "a listed PENDING_CLOSURE account present is stale", [[1, 2, 4]], [], [4], [] },
        { "a listed ACTIVE account outside the scope is stale", [[1, 2, 5]], [], [5], [] },
        { "an unlisted account the ledger knows is stale", [[1, 2, 6]], [], [6], [] },
        { "a stale account in just one of two lists is stale", [[1, 2, 3], [1, 2]], [], [3], [] },
        { "an account neither listed nor known is foreign", [[1, 2, 7]], [], [], [7] },
        { "a foreign account in just one of two lists is foreign", [[1, 2], [1, 2, 7]], [], [], [7] },
        { "an excluded listed account is neither stale nor foreign", [[1, 2, 8]], [], [], [] },
        { "an allowed non-member nobody knows is not foreign", [[1, 2, 9]], [], [], [] },
        { "an allowed non-member listed outside the desired set is not stale", [[1, 2, 10]], [], [], [] },
        { "an excluded account the ledger knows is not stale", [[1, 2, 12]], [], [], [] },
        { "a SUSPENDED allowed non-member is not stale", [[1, 2, 13]], [], [], [] },
        { "everything at once", [[3, 5, 7, 8, 9], [2, 4, 6, 10, 12, 13]], [1, 2], [3, 4, 5, 6], [7] },
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void Drift_classifies_each_present_and_missing_account(string name, int[][] lists, int[] missing, int[] stale, int[] foreign)
    {
        var (drift, changes) = DriftRules.Compute(Lists(lists), Desired, Organization, Known, Policy(removeOnLeave: true, pruneForeign: true), PassId);

        Assert.True(Ids(missing).SequenceEqual(drift.Missing), name);
        Assert.True(Ids(stale).SequenceEqual(drift.Stale), name);
        Assert.True(Ids(foreign).SequenceEqual(drift.Foreign), name);
        Assert.Empty(drift.Deferred);
        Assert.Empty(drift.Superseded);
        Assert.Equal(Ids(missing), Joins(changes));
        Assert.Equal(Ids([.. stale, .. foreign]).Order(StringComparer.Ordinal), Leaves(changes));
        Assert.DoesNotContain(changes, c => UntouchableAccounts.Select(Account).Contains(c.AccountId));
    }

    [Fact]
    public void A_desired_allowed_non_member_is_added_when_missing()
    {
        var (drift, changes) = DriftRules.Compute(Lists([1, 2]), Set(1, 2, 10), Organization, Known, Policy(), PassId);

        Assert.Equal(Ids(10), drift.Missing.AsEnumerable());
        var join = Assert.Single(changes);
        Assert.Equal(new AccountChange(Account(10), ChangeKind.Join, Time(ListedMinute), PassId), join);
    }

    [Theory]
    [InlineData(false, false, new int[0])]
    [InlineData(true, false, new[] { 3 })]
    [InlineData(false, true, new[] { 7 })]
    [InlineData(true, true, new[] { 3, 7 })]
    public void Leaves_only_for_the_stale_with_remove_on_leave_and_the_foreign_with_pruning(bool removeOnLeave, bool pruneForeign, int[] leaves)
    {
        var (drift, changes) = DriftRules.Compute(Lists([1, 2, 3, 7, 8, 9]), Desired, Organization, Known, Policy(removeOnLeave, pruneForeign), PassId);

        Assert.Equal(Ids(leaves), Leaves(changes));
        Assert.Empty(Joins(changes));

        // Reported whether removed or not.
        Assert.Equal(Ids(3), drift.Stale.AsEnumerable());
        Assert.Equal(Ids(7), drift.Foreign.AsEnumerable());
        Assert.False(drift.IsEmpty);
    }

    [Fact]
    public void Changes_are_stamped_with_the_listing_start_and_the_pass_id()
    {
        var (_, changes) = DriftRules.Compute(Lists([2, 3, 7]), Desired, Organization, Known, Policy(removeOnLeave: true, pruneForeign: true), PassId);

        Assert.Equal(3, changes.Length);
        Assert.All(changes, change =>
        {
            Assert.Equal(Time(ListedMinute), change.Time);
            Assert.Equal(PassId, change.EventId);
            Assert.Equal(ChangeReach.AllTargets, change.Reach);
        });
    }

    [Theory]
    // A join for missing 1, against the ledger's entry (kind, minutes after the listing started).
    [InlineData(1, ChangeKind.Join, 1, true)]
    [InlineData(1, ChangeKind.Leave, 1, true)]
    [InlineData(1, ChangeKind.Move, 1, true)]
    [InlineData(1, ChangeKind.Join, -1, false)]
    [InlineData(1, ChangeKind.Leave, -1, false)]
    [InlineData(1, ChangeKind.Move, -1, false)]
    [InlineData(1, ChangeKind.Join, 0, true)] // the same change again: nothing to write
    [InlineData(1, ChangeKind.Move, 0, true)] // equal times: a move outranks a join
    [InlineData(1, ChangeKind.Leave, 0, true)] // equal times: a leave outranks a join
    // A leave for stale 3 (listed SUSPENDED).
    [InlineData(3, ChangeKind.Join, 1, true)]
    [InlineData(3, ChangeKind.Leave, 1, true)]
    [InlineData(3, ChangeKind.Move, 1, true)]
    [InlineData(3, ChangeKind.Join, -1, false)]
    [InlineData(3, ChangeKind.Leave, -1, false)]
    [InlineData(3, ChangeKind.Join, 0, false)] // equal times: the leave outranks the join
    [InlineData(3, ChangeKind.Move, 0, false)] // equal times: the leave outranks the move
    [InlineData(3, ChangeKind.Leave, 0, true)] // the same change again
    public void A_ledger_entry_that_change_order_ranks_at_or_above_the_candidate_makes_it_superseded(
        int account, ChangeKind ledgerKind, int minutesAfterListing, bool superseded)
    {
        var known = new Dictionary<string, AppliedChange>(Known, StringComparer.Ordinal)
        {
            [Account(account)] = new(ledgerKind, Time(ListedMinute + minutesAfterListing)),
        };

        var (drift, changes) = DriftRules.Compute(Lists([2, 3]), Desired, Organization, known, Policy(), PassId);

        // The drift is reported either way; only the change is dropped.
        Assert.Equal(Ids(1), drift.Missing.AsEnumerable());
        Assert.Equal(Ids(3), drift.Stale.AsEnumerable());
        Assert.Equal(superseded, drift.Superseded.Contains(Account(account)));
        Assert.Equal(!superseded, changes.Any(c => c.AccountId == Account(account)));
        Assert.Equal(2, drift.Superseded.Length + changes.Length);
    }

    [Fact]
    public void Superseded_accounts_are_listed_in_account_order()
    {
        var known = new Dictionary<string, AppliedChange>(StringComparer.Ordinal)
        {
            [Account(1)] = new(ChangeKind.Leave, Time(ListedMinute + 1)),
            [Account(2)] = new(ChangeKind.Leave, Time(ListedMinute + 1)),
            [Account(3)] = new(ChangeKind.Join, Time(ListedMinute + 1)),
            [Account(4)] = new(ChangeKind.Join, Time(ListedMinute + 1)),
        };

        var (drift, changes) = DriftRules.Compute(Lists([3, 4]), Desired, Organization, known, Policy(), PassId);

        Assert.Empty(changes);
        Assert.Equal(Ids(1, 2, 3, 4), drift.Superseded.AsEnumerable());
    }

    [Fact]
    public void A_stale_account_not_removed_is_not_superseded_either()
    {
        var known = new Dictionary<string, AppliedChange>(StringComparer.Ordinal) { [Account(3)] = new(ChangeKind.Join, Time(ListedMinute + 1)) };

        var (drift, changes) = DriftRules.Compute(Lists([1, 2, 3]), Desired, Organization, known, Policy(removeOnLeave: false), PassId);

        Assert.Empty(changes);
        Assert.Equal(Ids(3), drift.Stale.AsEnumerable());
        Assert.Empty(drift.Superseded);
    }

    [Fact]
    public void A_target_with_no_lists_has_no_drift_and_no_changes()
    {
        var (drift, changes) = DriftRules.Compute([], Desired, Organization, Known, Policy(removeOnLeave: true, pruneForeign: true), PassId);

        Assert.Same(TargetDrift.None, drift);
        Assert.True(drift.IsEmpty);
        Assert.Empty(changes);
    }

    [Fact]
    public void A_converged_target_has_no_drift_and_no_changes()
    {
        var (drift, changes) = DriftRules.Compute(Lists([1, 2, 8, 9], [2, 1]), Desired, Organization, Known, Policy(removeOnLeave: true, pruneForeign: true), PassId);

        Assert.True(drift.IsEmpty);
        Assert.Empty(drift.Superseded);
        Assert.Empty(changes);
    }

    [Fact]
    public void Ledger_questions_are_the_present_not_desired_and_the_desired_not_everywhere()
    {
        var questions = DriftRules.LedgerQuestions(Lists([1, 2, 3, 7], [1, 5]), Set(1, 2, 4));

        Assert.Equal(Ids(2, 3, 4, 5, 7), questions.AsEnumerable());
    }

    [Fact]
    public void Ledger_questions_include_untouchable_accounts_present_but_not_desired()
    {
        // The pure rule asks; the policy decides later (it costs one ledger read).
        Assert.Equal(Ids(8), DriftRules.LedgerQuestions(Lists([1, 2, 8]), Desired).AsEnumerable());
    }

    [Fact]
    public void Ledger_questions_are_empty_without_lists_or_without_drift()
    {
        Assert.Empty(DriftRules.LedgerQuestions([], Set(1, 2)));
        Assert.Empty(DriftRules.LedgerQuestions(Lists([1, 2], [2, 1]), Set(1, 2)));
    }

    [Fact]
    public void Every_account_compute_needs_from_the_ledger_is_a_ledger_question()
    {
        // Compute with only the answers to the questions equals Compute with the whole ledger.
        var lists = Lists([3, 5, 7, 8, 9], [2, 4, 6, 10, 12, 13]);
        var ledger = new Dictionary<string, AppliedChange>(Known, StringComparer.Ordinal)
        {
            [Account(1)] = new(ChangeKind.Leave, Time(ListedMinute + 1)),
            [Account(2)] = new(ChangeKind.Join, Time(0)),
            [Account(11)] = new(ChangeKind.Join, Time(0)),
        };
        var questions = DriftRules.LedgerQuestions(lists, Desired);
        var answers = ledger.Where(entry => questions.Contains(entry.Key)).ToDictionary(StringComparer.Ordinal);

        var whole = DriftRules.Compute(lists, Desired, Organization, ledger, Policy(removeOnLeave: true, pruneForeign: true), PassId);
        var asked = DriftRules.Compute(lists, Desired, Organization, answers, Policy(removeOnLeave: true, pruneForeign: true), PassId);

        Assert.Equal(whole.Changes.AsEnumerable(), asked.Changes.AsEnumerable());
        Assert.Equal(whole.Drift.Stale.AsEnumerable(), asked.Drift.Stale.AsEnumerable());
        Assert.Equal(whole.Drift.Foreign.AsEnumerable(), asked.Drift.Foreign.AsEnumerable());
        Assert.Equal(whole.Drift.Superseded.AsEnumerable(), asked.Drift.Superseded.AsEnumerable());
    }

    private static DriftPolicy Policy(bool removeOnLeave = true, bool pruneForeign = false) =>
        new(UntouchableAccounts.Select(Account).ToHashSet(StringComparer.Ordinal), removeOnLeave, pruneForeign);

    private static OrganizationSnapshot Snapshot(params (int Account, AccountState State)[] accounts) =>
        OrganizationSnapshot.Of(accounts.Select(a => new OrganizationAccount(Account(a.Account), a.State, ["r-ab12"])), Time(ListedMinute));

    private static ImmutableSortedSet<string> Set(params int[] accounts) => ImmutableSortedSet.CreateRange(StringComparer.Ordinal, accounts.Select(Account));

    private static ImmutableArray<ImmutableSortedSet<string>> Lists(params int[][] lists) => [.. lists.Select(Set)];

    private static string[] Joins(ImmutableArray<AccountChange> changes) => Of(changes, ChangeKind.Join);

    private static string[] Leaves(ImmutableArray<AccountChange> changes) => Of(changes, ChangeKind.Leave);

    private static string[] Of(ImmutableArray<AccountChange> changes, ChangeKind kind) =>
        [.. changes.Where(c => c.Kind == kind).Select(c => c.AccountId).Order(StringComparer.Ordinal)];
}
