namespace OrgSync.Core.Membership;

/// <summary>
/// How many accounts OrgSync's writes changed, per scope (a target key) and over time: AWS Config
/// limits how many accounts may be added to or removed from aggregators per week (SPEC §6), so after
/// each successful aggregator write the pipeline records what it changed, and reconcile asks how much
/// of the budget the last 7 days used.
/// </summary>
public interface IWriteJournal
{
    /// <summary>
    /// How long every store keeps a record at least: the 7-day quota window and a day's margin (clock
    /// skew between consumers, a pass that runs long). Older records may be dropped, and a record whose
    /// <c>at</c> is already older than this is not kept at all.
    /// </summary>
    static TimeSpan Retention => TimeSpan.FromDays(8);

    /// <summary>
    /// Records that write <paramref name="writeId"/> changed <paramref name="accountsChanged"/> accounts
    /// of <paramref name="scope"/> at <paramref name="at"/>. Idempotent per (scope, write id) for the
    /// retention: the first record of a write id wins, and recording it again — a retry after a lost
    /// response or a crash, even with another time or count — never counts twice.
    /// </summary>
    Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken);

    /// <summary>The sum of <c>accountsChanged</c> over the scope's records whose <c>at</c> is at or after <paramref name="since"/>.</summary>
    Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken);
}
