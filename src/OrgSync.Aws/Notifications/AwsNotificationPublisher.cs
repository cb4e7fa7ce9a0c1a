using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Events;
using OrgSync.Core.Notifications;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Notifications;

/// <summary>
/// Completion events and task callbacks behind Core's publisher port: EventBridge <c>PutEvents</c> (10 entries and
/// 256 KB a call at most) and Step Functions <c>SendTaskSuccess</c> / <c>SendTaskFailure</c>, retried by the one rule
/// (<see cref="CallRetry"/>, <see cref="RetryBudget"/>) within the deadline. An entry EventBridge failed on its own is
/// sent again if its error is throttling or transient — only it, never one that succeeded. Each result tells a send that
/// certainly did not happen from one that may have (a server error or no response, on any attempt): only the latter
/// may have put an event twice.
/// <para>
/// EventBridge accepts events for a bus that does not exist and drops them (an EventId, no error: aws/aws-cli#9186),
/// so before the first <c>PutEvents</c> to a bus this publisher asks <c>DescribeEventBus</c>, and once the bus exists
/// remembers that for its lifetime (a cold start: the functions build it once at init). A missing bus fails every
/// event, not sent, so the messages are retried and finally dead-lettered instead of announced into the void — and is
/// asked about again on the next publish, so a bus created meanwhile is used at once; any other failure of that check
/// is logged at debug and the events are put as before.
/// </para>
/// </summary>
public sealed partial class AwsNotificationPublisher : INotificationPublisher
{
    /// <summary>"The total entry size must be less than 256KB" (PutEvents), counted as EventBridge counts it.</summary>
    public const int MaxRequestEntriesBytes = 256 * 1024;

    private const string EventBusArnPrefix = ":event-bus/";

    /// <summary>Step Functions' answers for a token that takes no callback any more: answered, timed out, or never issued.</summary>
    private static readonly FrozenSet<string> ClosedTokenCodes = FrozenSet.ToFrozenSet(["TaskTimedOut", "InvalidToken", "TaskDoesNotExist"], StringComparer.Ordinal);

    private readonly Lazy<AwsClientFactory> _clients;
    private readonly ApplierOptions _options;
    private readonly CallRetry _retry;
    private readonly ILogger _logger;

    /// <summary>Per bus as configured (name or ARN), the check under way or found true; a missing bus or a check that told neither is not kept.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<bool?>>> _busExists = new(StringComparer.Ordinal);

    /// <param name="clients">Called on first use, so that a batch that announces nothing builds no client.</param>
    public AwsNotificationPublisher(Func<AwsClientFactory> clients, ApplierOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = new Lazy<AwsClientFactory>(clients);
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<AwsNotificationPublisher>();
        _retry = new CallRetry(options, _logger);
    }

    public AwsNotificationPublisher(AwsClientFactory clients, ApplierOptions options)
        : this(() => clients, options)
    {
    }

    public async Task<ImmutableArray<SendResult>> PublishAsync(
        NotificationSettings destination, IReadOnlyList<CompletionEvent> events, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(events);
        var results = new SendResult[events.Count];
        if (events.Count == 0)
        {
            return [];
        }

        var region = RegionOf(destination.EventBusName) ?? _clients.Value.HomeRegion;
        var client = _clients.Value.Events(region);
        if (await BusExistsAsync(client, destination.EventBusName, cancellationToken).ConfigureAwait(false) == false)
        {
            var missing = SendResult.NotSent(
                $"event bus '{destination.EventBusName}' does not exist in {region} (EventBridge would accept and drop the events): "
                + "create it or fix notifications.eventBusName");
            return [.. events.Select(_ => missing)];
        }

        var entries = events.Select(e => new PutEventsRequestEntry
        {
            Source = destination.Source,
            DetailType = e.DetailType,
            Detail = e.Detail,
            EventBusName = destination.EventBusName,
        }).ToList();
        foreach (var call in Calls(entries))
        {
            await PutAsync(client, entries, call, results, deadline, cancellationToken).ConfigureAwait(false);
        }

        return [.. results];
    }

    public async Task<SendResult> SendTaskCallbackAsync(string taskToken, TaskCallback callback, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskToken);
        ArgumentNullException.ThrowIfNull(callback);
        var client = _clients.Value.StepFunctions(_clients.Value.HomeRegion);
        var ambiguous = false;
        var what = callback.Succeeded ? "states/SendTaskSuccess" : "states/SendTaskFailure";
        try
        {
            await _retry.RunAsync(
                what,
                async ct =>
                {
                    try
                    {
                        if (callback.Succeeded)
                        {
                            await client.SendTaskSuccessAsync(taskToken, callback.Output!, ct).ConfigureAwait(false);
                        }
                        else
                        {
                            await client.SendTaskFailureAsync(taskToken, callback.Error, callback.Cause, ct).ConfigureAwait(false);
                        }

                        return true;
                    }
                    catch (AwsServiceException error) when (MayHaveLanded(error))
                    {
                        ambiguous = true;
                        throw;
                    }
                },
                deadline,
                cancellationToken).ConfigureAwait(false);
            return SendResult.Sent;
        }
        catch (AwsServiceException error) when (ClosedTokenCodes.Contains(error.ErrorCode))
        {
            // Right after an attempt that may have landed, a closed token is that attempt's doing.
            return ambiguous ? SendResult.Sent : SendResult.TokenClosed(error.Describe(includeRequestId: false));
        }
        catch (AwsServiceException error)
        {
            return ambiguous || MayHaveLanded(error) ? SendResult.Unknown(error.Describe()) : SendResult.NotSent(error.Describe());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SendResult.Unknown("the invocation is about to time out; the callback may or may not have been sent");
        }
    }

    /// <summary>A failure after which the request may have been applied: a server error, no response, or an unreadable one.</summary>
    public static bool MayHaveLanded(AwsServiceException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = (int)error.StatusCode;
        return status == 0 || status >= 500 || error.ErrorCode == ErrorCodes.UnreadableResponse;
    }

    /// <summary>The Region of a bus ARN; null for a bus name (the home Region's bus).</summary>
    public static string? RegionOf(string eventBusNameOrArn)
    {
        ArgumentNullException.ThrowIfNull(eventBusNameOrArn);
        var parts = eventBusNameOrArn.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && eventBusNameOrArn.Contains(EventBusArnPrefix, StringComparison.Ordinal) ? parts[3] : null;
    }

    /// <summary>The size EventBridge counts for an entry (the user guide's "Calculating PutEvents event entry size").</summary>
    public static int EntrySize(PutEventsRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (entry.Time is null ? 0 : 14)
            + Utf8(entry.Source) + Utf8(entry.DetailType) + Utf8(entry.Detail)
            + (entry.Resources ?? []).Sum(Utf8);

        static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
    }

    /// <summary>Whether the bus exists, asked until it does (then once per bus for this publisher's lifetime); null when the check could not tell.</summary>
    private async Task<bool?> BusExistsAsync(EventBridgeClient client, string bus, CancellationToken cancellationToken)
    {
        var check = _busExists.GetOrAdd(bus, name => new Lazy<Task<bool?>>(() => DescribeBusAsync(client, name, cancellationToken)));
        var exists = await check.Value.ConfigureAwait(false);
        if (exists is not true)
        {
            // Only this check is forgotten: a later publish asks again (the bus may have been created meanwhile).
            _busExists.TryRemove(KeyValuePair.Create(bus, check));
        }

        return exists;
    }

    private async Task<bool?> DescribeBusAsync(EventBridgeClient client, string bus, CancellationToken cancellationToken)
    {
        try
        {
            await client.DescribeEventBusAsync(bus, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AwsServiceException error) when (error.ErrorCode == EventBridgeClient.ResourceNotFound)
        {
            return false;
        }
        catch (AwsServiceException error)
        {
            LogBusCheckFailed(_logger, bus, error.ErrorCode, error.Message);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "events/DescribeEventBus: could not check that the event bus '{Bus}' exists ({ErrorCode}: {ErrorMessage}); putting the events anyway")]
    private static partial void LogBusCheckFailed(ILogger logger, string bus, string errorCode, string errorMessage);

    /// <summary>The entries split into calls: at most 10 entries and 256 KB each, in order.</summary>
    private static IEnumerable<List<int>> Calls(List<PutEventsRequestEntry> entries)
    {
        var call = new List<int>();
        var size = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entrySize = EntrySize(entries[i]);
            if (call.Count == EventBridgeClient.MaxEntriesPerCall || (call.Count > 0 && size + entrySize > MaxRequestEntriesBytes))
            {
                yield return call;
                (call, size) = ([], 0);
            }

            call.Add(i);
            size += entrySize;
        }

        yield return call;
    }

    /// <summary>One call's entries until each succeeded, failed for good, or ran out of retries; failed entries alone go again.</summary>
    private async Task PutAsync(
        EventBridgeClient client, List<PutEventsRequestEntry> entries, List<int> call, SendResult[] results, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var ambiguous = new HashSet<int>();
        var budget = new RetryBudget(_options, deadline);
        var pending = call;
        while (pending.Count > 0)
        {
            PutEventsOutcome outcome;
            try
            {
                var sending = pending;
                outcome = await _retry.RunAsync(
                    "events/PutEvents",
                    async ct =>
                    {
                        try
                        {
                            return await client.PutEntriesAsync([.. sending.Select(i => entries[i])], ct).ConfigureAwait(false);
                        }
                        catch (AwsServiceException error) when (MayHaveLanded(error))
                        {
                            ambiguous.UnionWith(sending);
                            throw;
                        }
                    },
                    deadline,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error)
            {
                foreach (var i in pending)
                {
                    results[i] = ambiguous.Contains(i) || MayHaveLanded(error) ? SendResult.Unknown(error.Describe()) : SendResult.NotSent(error.Describe());
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                foreach (var i in pending)
                {
                    results[i] = SendResult.Unknown("the invocation is about to time out; the event may or may not have been put");
                }

                return;
            }

            var retry = new List<int>();
            AwsServiceException? retryable = null;
            foreach (var (i, entry) in pending.Zip(outcome.Entries))
            {
                if (entry.Succeeded)
                {
                    results[i] = SendResult.Sent;
                    continue;
                }

                var error = EntryError(entry);
                results[i] = ambiguous.Contains(i) ? SendResult.Unknown(error.Describe(includeRequestId: false)) : SendResult.NotSent(error.Describe(includeRequestId: false));
                if (error.RetryWithinInvocation)
                {
                    retry.Add(i);
                    retryable ??= error;
                }
            }

            if (retryable is null || budget.Next(retryable, out _) is not { } delay)
            {
                return;
            }

            try
            {
                await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // the failed entries keep their results
            }

            pending = retry;
        }
    }

    /// <summary>A failed entry as the failure it is (its code classified by the one table), for its result and the retry rule.</summary>
    private static AwsServiceException EntryError(PutEventsEntryOutcome entry) =>
        new("events", "PutEvents", string.IsNullOrEmpty(entry.Result.ErrorCode) ? ErrorCodes.UnreadableResponse : entry.Result.ErrorCode, entry.Result.ErrorMessage ?? "the entry failed", HttpStatusCode.OK, requestId: null);
}
