using OrgSync.Core.Applying;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Notifications;
using OrgSync.Core.Organizations;

namespace OrgSync.Pipeline.Batches;

/// <summary>What the pipeline runs on: the shells plug AWS (or fakes, or the emulator) into these Core ports.</summary>
/// <param name="Appliers">Reads, plans and writes each target.</param>
/// <param name="Ledger">The newest change applied per target and account.</param>
/// <param name="Lease">Serialises the writers of one target.</param>
/// <param name="Organization">The source of truth about membership (SPEC §3.5, §6).</param>
public sealed record PipelinePorts(ITargetAppliers Appliers, IMembershipLedger Ledger, ITargetLease Lease, IOrganizationDirectory Organization)
{
    /// <summary>Where aggregator writes are journaled for Config's weekly quota (SPEC §6); null: not journaled (plan, tests).</summary>
    public IWriteJournal? Journal { get; init; }

    /// <summary>Where completion events and task callbacks go (SPEC §7), when the targets file turns <c>notifications</c> on; null: none sent.</summary>
    public INotificationPublisher? Notifier { get; init; }

    /// <summary>What was announced, so that each announcement is made once (SPEC §7); needed with <see cref="Notifier"/>.</summary>
    public IAnnouncementLedger? Announcements { get; init; }
}
