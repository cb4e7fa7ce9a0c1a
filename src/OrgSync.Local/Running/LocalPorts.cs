using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Notifications;
using OrgSync.Aws.Organizations;
using OrgSync.Core.Targets;
using OrgSync.Local.Storage;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Running;

/// <summary>
/// The pipeline's ports as this machine runs them (<c>local</c>, <c>reconcile</c>): the functions' AWS appliers and
/// organization directory on <paramref name="clients"/>, the ledger, lease, journal and announcements of the embedded
/// storage — so the event path and a reconcile pass in one run share every store, as they do in Lambda.
/// </summary>
internal static class LocalPorts
{
    public static PipelinePorts Create(TargetsFile targets, AwsClientFactory clients, ApplierOptions options, EmbeddedStorage storage, string? homeAccountId) =>
        new(
            new AwsTargetAppliers(clients, options, homeAccountId, targets.PrerequisiteRoleName),
            storage.Ledger,
            storage.Lease,
            new AwsOrganizationDirectory(clients, options))
        {
            Journal = storage.Journal,
            Notifier = new AwsNotificationPublisher(clients, options),
            Announcements = storage.Announcements,
        };
}
