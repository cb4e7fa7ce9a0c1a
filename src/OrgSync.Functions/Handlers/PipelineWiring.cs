using System.Globalization;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Organizations;
using OrgSync.Functions.Hosting;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;

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
    /// <summary>The queue's <c>maxReceiveCount</c>, so a failure on the last delivery is logged and counted as a dead letter.</summary>
    public const string MaxReceiveCountVariable = "ORGSYNC_MAX_RECEIVE_COUNT";

    public static ISqsBatchHandler CreateSqsHandler(FunctionServices services) => new SqsBatchHandler(CreateProcessor(services));

    public static IEventBridgeHandler CreateEventBridgeHandler(FunctionServices services) => new EventBridgeHandler(CreateProcessor(services));

    public static BatchProcessor CreateProcessor(FunctionServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var maxReceiveCount = MaxReceiveCount(services.Environment);
        var environment = services.Environment;
        var clients = new Lazy<AwsClientFactory>(() => new AwsClientFactory(new AwsClientOptions { Environment = environment.Get }, services.Time));
        var applierOptions = new ApplierOptions { Time = services.Time, LoggerFactory = services.LoggerFactory };
        var ports = new PipelinePorts(
            new AwsTargetAppliers(() => clients.Value, applierOptions, services.Targets.HomeAccountId, services.Targets.PrerequisiteRoleName),
            services.Ledger,
            services.Lease,
            new AwsOrganizationDirectory(() => clients.Value, applierOptions))
        {
            Journal = services.Journal,
        };
        return new BatchProcessor(
            services.Targets,
            ports,
            new PipelineOptions
            {
                MaxReceiveCount = maxReceiveCount,
                Time = services.Time,
                Metrics = services.Metrics,
                LoggerFactory = services.LoggerFactory,
            });
    }

    private static int? MaxReceiveCount(FunctionEnvironment environment)
    {
        if (environment.Get(MaxReceiveCountVariable) is not { } text)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new FunctionInitException(
                $"{MaxReceiveCountVariable}='{text}' is not a positive whole number (the queue's maxReceiveCount).", "Runtime.InvalidConfiguration");
        }

        return count;
    }
}
