namespace OrgSync.Core.Membership;

/// <summary>
/// The announcement ledger in process memory, thread-safe (<see cref="AnnouncementRules"/> under a lock):
/// for tests, <c>orgsync local</c> without a ledger folder, and a function run without
/// <c>ORGSYNC_TABLE_NAME</c>. Claims run out by <paramref name="time"/>; completions are kept for the
/// life of the process.
/// </summary>
public sealed class InMemoryAnnouncementLedger(TimeProvider time) : IAnnouncementLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AnnouncementState> _states = new(StringComparer.Ordinal);

    public InMemoryAnnouncementLedger()
        : this(TimeProvider.System)
    {
    }

    public Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner, payload);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (ticket, next) = AnnouncementRules.Claim(_states.GetValueOrDefault(announcementId), owner, until, payload, time.GetUtcNow());
            Store(announcementId, next);
            return Task.FromResult(ticket);
        }
    }

    public Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (completed, next) = AnnouncementRules.Complete(_states.GetValueOrDefault(announcementId), owner);
            Store(announcementId, next);
            return Task.FromResult(completed);
        }
    }

    public Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken)
    {
        AnnouncementRules.Validate(announcementId, owner);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Store(announcementId, AnnouncementRules.Release(_states.GetValueOrDefault(announcementId), owner));
        }

        return Task.CompletedTask;
    }

    private void Store(string announcementId, AnnouncementState? state)
    {
        if (state is null)
        {
            _states.Remove(announcementId);
        }
        else
        {
            _states[announcementId] = state;
        }
    }
}
