using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Organizations;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;

namespace OrgSync.Benchmarks;

/// <summary>
/// The pure part of a reconcile pass (SPEC §6) per target, for organizations of 1,000 and 10,000 accounts: the drift
/// of a target list holding ~90% of the members plus some stale and foreign accounts, with the weekly budget applied;
/// and the snapshot of a listing with the desired set of a scoped target.
/// </summary>
[MemoryDiagnoser]
public class ReconcileBenchmarks
{
    private const string Root = "r-ab12";
    private const string Workloads = "ou-ab12-11111111";
    private const string Prod = "ou-ab12-22222222";
    private const string Sandbox = "ou-ab12-33333333";

    private static readonly DateTimeOffset ListedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly OrganizationScope _scope = new([Workloads]);

    private OrganizationAccount[] _listing = null!;
    private OrganizationSnapshot _organization = null!;
    private ImmutableSortedSet<string> _desired = null!;
    private ImmutableArray<ImmutableSortedSet<string>> _lists;
    private Dictionary<string, AppliedChange> _known = null!;
    private DriftPolicy _policy = null!;
    private HashSet<string> _excluded = null!;

    [Params(1_000, 10_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Every 20th account SUSPENDED, every 50th PENDING_CLOSURE; accounts spread over the root, Workloads,
        // Workloads/Prod and Sandbox; each joined a minute after the one before.
        _listing = [.. Enumerable.Range(0, Accounts).Select(n => new OrganizationAccount(
            Account(n),
            n % 50 == 0 ? AccountState.PendingClosure : n % 20 == 0 ? AccountState.Suspended : AccountState.Active,
            (n % 4) switch
            {
                0 => [Root],
                1 => [Root, Workloads],
                2 => [Root, Workloads, Prod],
                _ => [Root, Sandbox],
            },
            ListedAt.AddDays(-365).AddMinutes(n)))];
        _organization = OrganizationSnapshot.Of(_listing, ListedAt);
        _excluded = new HashSet<string>(StringComparer.Ordinal) { Account(1), Account(3) };
        _policy = new DriftPolicy(_excluded.Append(Account(Accounts + 1)).ToHashSet(StringComparer.Ordinal), RemoveOnLeave: true, PruneForeign: true);
        _desired = _organization.Desired(null, _excluded);

        // The aggregator's list: 90% of the members (every 10th is missing), every not-ACTIVE account (stale), 1% that
        // left the organization and the ledger knows (stale), 1% nobody knows (foreign) and one allowed partner.
        var list = _desired.Where((_, i) => i % 10 != 0)
            .Concat(_listing.Where(a => !a.IsActive).Select(a => a.Id))
            .Concat(Enumerable.Range(Accounts * 2, Accounts / 100).Select(Account))
            .Concat(Enumerable.Range(Accounts * 3, Accounts / 100).Select(Account))
            .Append(Account(Accounts + 1));
        _lists = [ImmutableSortedSet.CreateRange(StringComparer.Ordinal, list)];

        // The ledger answers its questions: the accounts that left, older entries for some missing, and a newer event
        // (one in 50 of the missing) that supersedes the pass's join.
        _known = new Dictionary<string, AppliedChange>(StringComparer.Ordinal);
        foreach (var id in Enumerable.Range(Accounts * 2, Accounts / 100).Select(Account))
        {
            _known[id] = new AppliedChange(ChangeKind.Leave, ListedAt.AddDays(-3));
        }

        var missing = _desired.Where((_, i) => i % 10 == 0).ToList();
        for (var i = 0; i < missing.Count; i += 5)
        {
            _known[missing[i]] = i % 50 == 0
                ? new AppliedChange(ChangeKind.Join, ListedAt.AddSeconds(30))
                : new AppliedChange(ChangeKind.Leave, ListedAt.AddDays(-30));
        }
    }

    /// <summary>
    /// The ledger questions, the drift and changes of one target, then the weekly budget (1,000 with 400 used: the
    /// 1,000-account case fits, the 10,000-account case defers).
    /// </summary>
    [Benchmark]
    public (ImmutableSortedSet<string> Questions, TargetDrift Drift, ImmutableArray<AccountChange> Kept) Drift_compute_and_weekly_budget()
    {
        var questions = DriftRules.LedgerQuestions(_lists, _desired);
        var (drift, changes) = DriftRules.Compute(_lists, _desired, _organization, _known, _policy, "reconcile-bench");
        var (kept, deferred) = WeeklyBudget.Apply(changes, used: 400, budget: 1000, id => _organization.Accounts.GetValueOrDefault(id)?.JoinedAt);
        return (questions, drift with { Deferred = deferred }, kept);
    }

    /// <summary>The snapshot of a listing, and the desired set of a target scoped to one OU and everything under it.</summary>
    [Benchmark]
    public ImmutableSortedSet<string> Snapshot_and_scoped_desired() =>
        OrganizationSnapshot.Of(_listing, ListedAt).Desired(_scope, _excluded);

    private static string Account(int n) => (100_000_000_000L + n).ToString(CultureInfo.InvariantCulture);
}
