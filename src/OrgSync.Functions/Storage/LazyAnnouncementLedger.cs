using OrgSync.Core.Membership;

namespace OrgSync.Functions.Storage;

/// <summary>An announcement ledger built on first use (see <see cref="LazyMembershipLedger"/>).</summary>
public sealed class LazyAnnouncementLedger(Func<IAnnouncementLedger> create) : IAnnouncementLedger
{
    private readonly Lazy<IAnnouncementLedger> _announcements = new(create);

    public Task<AnnouncementTicket> ClaimAsync(string announcementId, string owner, DateTimeOffset until, string payload, CancellationToken cancellationToken) =>
        _announcements.Value.ClaimAsync(announcementId, owner, until, payload, cancellationToken);

    public Task<bool> CompleteAsync(string announcementId, string owner, CancellationToken cancellationToken) =>
        _announcements.Value.CompleteAsync(announcementId, owner, cancellationToken);

    public Task ReleaseAsync(string announcementId, string owner, CancellationToken cancellationToken) =>
        _announcements.Value.ReleaseAsync(announcementId, owner, cancellationToken);
}
