using Microsoft.Extensions.Logging;
using OrgSync.Core.Delivery;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Observability;
using OrgSync.Core.Targets;

namespace OrgSync.Functions.Hosting;

/// <summary>
/// What init hands to a handler factory: the validated targets, the ledger and lease (DynamoDB, or
/// in memory without <c>ORGSYNC_TABLE_NAME</c>), the metrics sink (EMF, flushed after every
/// invocation), the logger factory (Powertools-shaped JSON) and the clock. AWS service clients are
/// built by the handler factory from <see cref="Environment"/>, lazily, so init stays cheap.
/// </summary>
public sealed record FunctionServices(
    string HandlerName,
    FunctionEnvironment Environment,
    TargetsFile Targets,
    IMembershipLedger Ledger,
    ITargetLease Lease,
    IMetricsSink Metrics,
    ILoggerFactory LoggerFactory,
    TimeProvider Time)
{
    /// <summary>Aggregator writes, for Config's weekly quota (SPEC §6); beside the ledger in the same store.</summary>
    public IWriteJournal Journal { get; init; } = new InMemoryWriteJournal(Time);

    /// <summary>What was announced (SPEC §7); beside the ledger in the same store.</summary>
    public IAnnouncementLedger Announcements { get; init; } = new InMemoryAnnouncementLedger(Time);

    /// <summary>
    /// The attempts of each asynchronous invocation (the <c>eventbridge</c> function counts Lambda's retries of an
    /// event by request id, to know its last delivery); beside the ledger in the same store.
    /// </summary>
    public IDeliveryAttempts DeliveryAttempts { get; init; } = new InMemoryDeliveryAttempts(Time);
}
