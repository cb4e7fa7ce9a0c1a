using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Notifications;
using OrgSync.Aws.Organizations;
using OrgSync.Aws.Sdk;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Inputs;
using OrgSync.Local.Queue;
using OrgSync.Local.Report;
using OrgSync.Local.Storage;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Local.Running;

/// <summary>What a run did.</summary>
/// <param name="StateBefore">The emulator's state before the run (state-file format).</param>
/// <param name="StateAfter">The emulator's final state: what <c>--out</c> writes.</param>
/// <param name="Messages">Every message, in input order, with its fate and last outcome.</param>
public sealed record LocalRunResult(
    RunSummary Summary,
    string StateBefore,
    string StateAfter,
    ImmutableArray<QueuedMessage> Messages,
    TimeSpan Elapsed);

/// <summary>
/// <c>orgsync local</c>: the embedded emulator seeded from the state, every input enqueued as an SQS
/// message, and <see cref="LocalRunOptions.Concurrency"/> consumers driving the real SQS handler the way
/// Lambda's event source mapping does — batches of visible messages as the Lambda SQS event JSON, a
/// deadline per batch, the partial batch response deciding what is deleted and what is redelivered.
/// </summary>
public static partial class LocalRunner
{
    private const string QueueRegion = "us-east-1";

    /// <exception cref="InputException">The <c>--ledger</c> folder cannot be used.</exception>
    public static async Task<LocalRunResult> RunAsync(LocalRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxReceiveCount, 1);

        var time = TimeProvider.System;
        var stopwatch = Stopwatch.StartNew();
        var logger = options.LoggerFactory.CreateLogger("OrgSync.Local");
        var state = options.State;
        var before = state.Export();

        using var storage = OpenStorage(options.LedgerFolder, time);
        await using var emulator = await AwsEmulator.StartAsync(
            state,
            new EmulatorOptions { Port = 0, Faults = options.Faults, Seed = options.Seed, Latency = options.Latency, TimeProvider = time },
            cancellationToken).ConfigureAwait(false);
        using var tap = new ApiErrorTap();
        using var clients = new AwsClientFactory(
            EmulatorClientOptions.For(emulator) with { HttpClientFactory = new HandlerHttpClientFactory(tap), RequestTimeout = TimeSpan.FromSeconds(10) },
            time);

        var applierOptions = new ApplierOptions
        {
            Time = time,
            LoggerFactory = options.LoggerFactory,
            Random = new Random(options.Seed),
            BaseDelay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
        };

        var processor = new BatchProcessor(
            options.Targets,
            new PipelinePorts(new AwsTargetAppliers(clients, applierOptions, options.Targets.HomeAccountId ?? state.AccountId, options.Targets.PrerequisiteRoleName), storage.Ledger, storage.Lease, new AwsOrganizationDirectory(clients, applierOptions))
            {
                Journal = storage.Journal,
                Notifier = new AwsNotificationPublisher(clients, applierOptions),
                Announcements = storage.Announcements,
            },
            new PipelineOptions
            {
                MaxReceiveCount = options.MaxReceiveCount,
                MaxConcurrentTargets = options.MaxConcurrentTargets ?? (options.Concurrency == 1 ? 1 : new PipelineOptions().MaxConcurrentTargets),
                Time = time,
                LoggerFactory = options.LoggerFactory,
                Random = new Random(unchecked(options.Seed * 31 + 7)),
            });
        var handler = new SqsBatchHandler(processor);

        var queue = new LocalQueue(options.MaxReceiveCount, time);
        foreach (var input in options.Inputs)
        {
            queue.Send(input.Name, input.Body);
        }

        var queueArn = $"arn:aws:sqs:{QueueRegion}:{state.AccountId}:orgsync-local-events";
        var targetLog = new TargetOutcomeLog();
        var batches = 0;
        var consumers = Enumerable.Range(0, options.Concurrency).Select(async consumer =>
        {
            while (true)
            {
                var deliveries = await queue.ReceiveAsync(options.BatchSize, cancellationToken).ConfigureAwait(false);
                if (deliveries.IsEmpty)
                {
                    return;
                }

                var number = Interlocked.Increment(ref batches);
                await InvokeAsync(handler, queue, deliveries, queueArn, number, options, time, logger, targetLog, cancellationToken).ConfigureAwait(false);
                options.Progress?.Report(new LocalRunProgress(
                    options.Inputs.Length,
                    queue.Finished,
                    queue.Messages.Count(m => m.Fate == MessageFate.DeadLettered),
                    queue.InFlight,
                    Volatile.Read(ref batches),
                    stopwatch.Elapsed));
            }
        }).ToList();
        await Task.WhenAll(consumers).ConfigureAwait(false);

        var after = emulator.ExportState();
        var messages = queue.Messages.ToImmutableArray();
        var announced = NotificationLog.Read(before, after, options.Inputs, options.Targets.ClassifierOptions);
        var summary = new RunSummary(
            messages.Length,
            messages.Count(m => m.Fate == MessageFate.Deleted),
            [.. messages.Where(m => m.Fate == MessageFate.DeadLettered).Select(m => new InputReason(m.Name, m.LastOutcome?.Reason ?? "failed"))],
            [.. messages.Where(m => m.LastOutcome?.Status == MessageStatus.Ignored).Select(m => new InputReason(m.Name, m.LastOutcome!.Reason))],
            emulator.CallCounts)
        {
            Deliveries = queue.Receives,
            Batches = batches,
            ApiErrors = tap.Errors,
            Notifications = announced.Notifications,
            TaskCallbacks = announced.TaskCallbacks,
            Prerequisites = targetLog.Prerequisites,
            Blocked = targetLog.Blocked,
            LeftAlone = targetLog.LeftAlone,
        };
        return new LocalRunResult(summary, before, after, messages, stopwatch.Elapsed);
    }

    /// <exception cref="InputException">The <c>--ledger</c> folder cannot be used: in use by another run, not writable, not a ledger.</exception>
    private static EmbeddedStorage OpenStorage(string? ledgerFolder, TimeProvider time)
    {
        try
        {
            return EmbeddedStorage.Open(ledgerFolder, time);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new InputException($"--ledger {ledgerFolder}: {exception.Message}", exception);
        }
    }

    /// <summary>One function invocation: the batch as Lambda's SQS event JSON in, the partial batch response out.</summary>
    private static async Task InvokeAsync(
        SqsBatchHandler handler,
        LocalQueue queue,
        ImmutableArray<Delivery> deliveries,
        string queueArn,
        int number,
        LocalRunOptions options,
        TimeProvider time,
        ILogger logger,
        TargetOutcomeLog targetLog,
        CancellationToken cancellationToken)
    {
        // Through the same bytes Lambda would send and read back: the event JSON in, the response JSON out.
        var payload = JsonSerializer.SerializeToUtf8Bytes(SqsEventOf(deliveries, queueArn, time), LambdaJsonContext.Default.SqsEvent);
        var batch = JsonSerializer.Deserialize(payload, LambdaJsonContext.Default.SqsEvent)!;
        var invocation = new LambdaInvocation(
            $"local-{number:D6}-{Guid.NewGuid():N}",
            time.GetUtcNow() + options.BatchTimeout,
            $"arn:aws:lambda:{QueueRegion}:000000000000:function:orgsync-local-sqs",
            null);

        // Like the runtime loop: the handler's token fires shortly before the deadline.
        using var deadline = new CancellationTokenSource(options.BatchTimeout - Margin(options.BatchTimeout), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        HashSet<string> failed;
        ImmutableDictionary<string, MessageOutcome> outcomes;
        try
        {
            var result = await handler.ProcessAsync(batch, invocation, linked.Token).ConfigureAwait(false);
            var responseBytes = JsonSerializer.SerializeToUtf8Bytes(result.Response, LambdaJsonContext.Default.SqsBatchResponse);
            var response = JsonSerializer.Deserialize(responseBytes, LambdaJsonContext.Default.SqsBatchResponse)!;
            failed = [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
            outcomes = result.Outcome.Messages.ToImmutableDictionary(m => m.MessageId, StringComparer.Ordinal);
            targetLog.Add(result.Outcome.Targets);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A function error: Lambda returns the whole batch to the queue.
            LogInvocationFailed(logger, exception, number);
            failed = [.. deliveries.Select(d => d.Message.MessageId)];
            var reason = $"the invocation failed: {exception.GetType().Name}: {exception.Message}";
            outcomes = deliveries.ToImmutableDictionary(
                d => d.Message.MessageId,
                d => new MessageOutcome(d.Message.MessageId, null, MessageStatus.Failed, [reason]),
                StringComparer.Ordinal);
        }

        foreach (var delivery in deliveries)
        {
            var id = delivery.Message.MessageId;
            queue.Complete(delivery, !failed.Contains(id), outcomes.GetValueOrDefault(id));
        }
    }

    private static TimeSpan Margin(TimeSpan timeout) => timeout / 10 < TimeSpan.FromSeconds(1) ? timeout / 10 : TimeSpan.FromSeconds(1);

    /// <summary>The event Lambda's SQS event source mapping builds for a batch.</summary>
    internal static SqsEvent SqsEventOf(ImmutableArray<Delivery> deliveries, string queueArn, TimeProvider time) => new()
    {
        Records =
        [
            .. deliveries.Select(delivery => new SqsMessage
            {
                MessageId = delivery.Message.MessageId,
                ReceiptHandle = delivery.ReceiptHandle,
                Body = delivery.Message.Body,
                Attributes = new SqsSystemAttributes
                {
                    ApproximateReceiveCount = delivery.ReceiveCount.ToString(CultureInfo.InvariantCulture),
                    SentTimestamp = EpochMilliseconds(delivery.Message.SentAt),
                    SenderId = "AROAORGSYNCLOCAL:orgsync-local",
                    ApproximateFirstReceiveTimestamp = EpochMilliseconds(delivery.Message.FirstReceivedAt ?? time.GetUtcNow()),
                },
                Md5OfBody = Md5Hex(delivery.Message.Body),
                EventSource = "aws:sqs",
                EventSourceArn = queueArn,
                AwsRegion = QueueRegion,
            }),
        ],
    };

    private static string EpochMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

#pragma warning disable CA5351 // SQS defines md5OfBody as the MD5 of the body; a checksum, not security.
    private static string Md5Hex(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {Number}: the invocation failed; every message of the batch returns to the queue")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, int number);
}
