using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Events;

/// <summary>The Amazon EventBridge client config: service id <c>EventBridge</c>, signing name <c>events</c>, API 2015-10-07.</summary>
public sealed class EventBridgeConfig() : OrgSyncClientConfig(ServiceEndpoint.EventBridge, "2015-10-07");

/// <summary>
/// Amazon EventBridge (awsJson1_1, <c>X-Amz-Target: AWSEvents.PutEvents</c>, <c>AWSEvents.DescribeEventBus</c>), regional. Every failure
/// of the call is an <see cref="AwsServiceException"/>; failures of single entries are results, not exceptions.
/// </summary>
public sealed class EventBridgeClient : OrgSyncServiceClient
{
    /// <summary>The most entries one <c>PutEvents</c> call takes.</summary>
    public const int MaxEntriesPerCall = 10;

    /// <summary>The error code of <c>DescribeEventBus</c> for a bus that does not exist.</summary>
    public const string ResourceNotFound = "ResourceNotFoundException";

    private const string Service = "events";
    private const string TargetPrefix = "AWSEvents";

    private static readonly OperationUnmarshaller<PutEventsResponse> PutEvents =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "PutEvents"), AwsWireJsonContext.Default.PutEventsResponse);

    private static readonly OperationUnmarshaller<DescribeEventBusResponse> DescribeEventBus =
        new(ServiceOperation.AwsJson11(Service, TargetPrefix, "DescribeEventBus"), AwsWireJsonContext.Default.DescribeEventBusResponse);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public EventBridgeClient(AWSCredentials? credentials, EventBridgeConfig config)
        : base(credentials, config)
    {
    }

    /// <summary><c>PutEvents</c> as the API has it: check <see cref="PutEventsResponse.FailedEntryCount"/>, or use <see cref="PutEntriesAsync"/>.</summary>
    public async Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Entries.IsDefaultOrEmpty || request.Entries.Length > MaxEntriesPerCall)
        {
            throw new ArgumentException($"PutEvents takes 1 to {MaxEntriesPerCall} entries, not {(request.Entries.IsDefault ? 0 : request.Entries.Length)}", nameof(request));
        }

        var body = Serialize(request, AwsWireJsonContext.Default.PutEventsRequest);
        return await SendAsync(PutEvents, new(PutEvents.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new PutEventsResponse();
    }

    /// <summary>
    /// <c>DescribeEventBus</c>: the bus <paramref name="nameOrArn"/> names (null: the default bus).
    /// <c>ResourceNotFoundException</c> (<see cref="ResourceNotFound"/>) when it does not exist — which
    /// <c>PutEvents</c> never says: it accepts and drops events for a missing bus.
    /// </summary>
    public async Task<DescribeEventBusResponse> DescribeEventBusAsync(string? nameOrArn, CancellationToken cancellationToken)
    {
        var body = Serialize(new DescribeEventBusRequest { Name = nameOrArn }, AwsWireJsonContext.Default.DescribeEventBusRequest);
        return await SendAsync(DescribeEventBus, new(DescribeEventBus.Operation) { Body = body }, cancellationToken).ConfigureAwait(false)
            ?? new DescribeEventBusResponse();
    }

    /// <summary>
    /// Puts 1–10 entries and pairs each with its result, so the caller can send again only the failed
    /// ones. A response whose result count differs from the request's is unreadable (transient).
    /// </summary>
    public async Task<PutEventsOutcome> PutEntriesAsync(IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var request = new PutEventsRequest { Entries = [.. entries] };
        var response = await PutEventsAsync(request, cancellationToken).ConfigureAwait(false);
        var results = response.Entries ?? [];
        if (results.Length != request.Entries.Length)
        {
            throw new AwsServiceException(
                Service,
                PutEvents.Operation.Name,
                ErrorCodes.UnreadableResponse,
                string.Create(CultureInfo.InvariantCulture, $"{request.Entries.Length} entries were sent but {results.Length} results came back"),
                HttpStatusCode.OK,
                requestId: null);
        }

        return new PutEventsOutcome([.. request.Entries.Zip(results, (entry, result) => new PutEventsEntryOutcome(entry, result))]);
    }
}
