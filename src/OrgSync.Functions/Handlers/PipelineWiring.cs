using System.Globalization;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Notifications;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Queues;
using OrgSync.Functions.Hosting;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Functions.Handlers;

/// <summary>
/// The one place that says which code runs for each <c>_HANDLER</c>: both functions run the same
/// <see cref="BatchProcessor"/> over the AWS appliers, with the ledger, lease, metrics and logs of
/// <see cref="FunctionServices"/>. AWS clients follow the SDK conventions of the environment (region,
/// <c>AWS_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_CONFIG_SERVICE</c>, …; the default credential chain) and are
/// built on first use, so init does no I/O and a batch of ignored events builds no client.
/// </summary>
public static class PipelineWiring
{
    /// <summary>
    /// The deliveries an input gets before it is dead-lettered — the queue's <c>maxReceiveCount</c> (<c>sqs</c>);
    /// Lambda's <c>MaximumRetryAttempts</c> + 1 (<c>eventbridge</c>, whose attempts are counted per request id) — so
    /// that a failure on the last delivery is announced, logged and counted as a dead letter.
    /// </summary>
    public const string MaxReceiveCountVariable = "ORGSYNC_MAX_RECEIVE_COUNT";

    public static ISqsBatchHandler CreateSqsHandler(FunctionServices services) => new SqsBatchHandler(CreateProcessor(services));

    /// <summary>The <c>eventbridge</c> handler, counting Lambda's attempts of each event (by request id) in the storage.</summary>
    public static IEventBridgeHandler CreateEventBridgeHandler(FunctionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new EventBridgeHandler(CreateProcessor(services))
        {
            Attempts = services.DeliveryAttempts,
            Time = services.Time,
            Logger = services.LoggerFactory.CreateLogger<EventBridgeHandler>(),
        };
    }

    /// <summary>The event queue's URL: where the reconcile pass sends its per-account channel checks.</summary>
    public const string QueueUrlVariable = "ORGSYNC_QUEUE_URL";

    public static BatchProcessor CreateProcessor(FunctionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var maxReceiveCount = MaxReceiveCount(services.Environment);
        return new BatchProcessor(services.Targets, Ports(services, Clients(services)), Options(services) with { MaxReceiveCount = maxReceiveCount });
    }

    /// <summary>
    /// The scheduled pass (SPEC §6): the same ports as the batch functions, Config's sources status, and the channel
    /// checks sent to <c>ORGSYNC_QUEUE_URL</c> (without it, none are sent and the pass says how many it would send).
    /// </summary>
    public static ReconcileHandler CreateReconcileHandler(FunctionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var clients = Clients(services);
        var applierOptions = ApplierOptions(services);
        var queueUrl = services.Environment.Get(QueueUrlVariable);
        var region = services.Environment.Get("AWS_REGION") ?? "us-east-1";
        return new ReconcileHandler(new ReconcilePass(services.Targets, Ports(services, clients), Options(services))
        {
            SourceStatus = new AwsAggregatorSourceStatus(() => clients.Value, applierOptions),
            ChannelChecks = string.IsNullOrWhiteSpace(queueUrl) ? null : new SqsChannelChecks(() => clients.Value, queueUrl, region, applierOptions),
        });
    }

    /// <summary>AWS clients as the SDK conventions of the environment say, built on first use so init does no I/O.</summary>
    private static Lazy<AwsClientFactory> Clients(FunctionServices services) =>
        new(() => new AwsClientFactory(new AwsClientOptions { Environment = services.Environment.Get }, services.Time));

    private static ApplierOptions ApplierOptions(FunctionServices services) => new() { Time = services.Time, LoggerFactory = services.LoggerFactory };

    private static PipelinePorts Ports(FunctionServices services, Lazy<AwsClientFactory> clients)
    {
        var applierOptions = ApplierOptions(services);
        return new PipelinePorts(
            new AwsTargetAppliers(() => clients.Value, applierOptions, services.Targets.HomeAccountId, services.Targets.PrerequisiteRoleName),
            services.Ledger,
            services.Lease,
            new AwsOrganizationDirectory(() => clients.Value, applierOptions))
        {
            Journal = services.Journal,
            Notifier = services.Targets.Notifications is null ? null : new AwsNotificationPublisher(() => clients.Value, applierOptions),
            Announcements = services.Announcements,
        };
    }

    private static PipelineOptions Options(FunctionServices services) => new()
    {
        Time = services.Time,
        Metrics = services.Metrics,
        LoggerFactory = services.LoggerFactory,
    };

    private static int? MaxReceiveCount(FunctionEnvironment environment)
    {
        if (environment.Get(MaxReceiveCountVariable) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new FunctionInitException(
                $"{MaxReceiveCountVariable}='{text}' is not a positive whole number (the deliveries before the dead-letter queue).", "Runtime.InvalidConfiguration");
        }

        return count;
    }
}
