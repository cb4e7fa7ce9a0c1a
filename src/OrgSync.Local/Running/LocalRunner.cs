using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Sdk;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Inputs;
using OrgSync.Local.Queue;
using OrgSync.Local.Reconcile;
using OrgSync.Local.Report;
using OrgSync.Local.Storage;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Reconcile;
using OrgSync.Pipeline.Units;

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
public static class LocalRunner
{
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
            MaxConcurrentPrerequisites = options.Concurrency == 1 ? 1 : new ApplierOptions().MaxConcurrentPrerequisites,
        };

        var ports = LocalPorts.Create(options.Targets, clients, applierOptions, storage, options.Targets.HomeAccountId ?? state.AccountId);
        var pipelineOptions = new PipelineOptions
        {
            MaxReceiveCount = options.MaxReceiveCount,
            MaxConcurrentTargets = options.MaxConcurrentTargets ?? (options.Concurrency == 1 ? 1 : new PipelineOptions().MaxConcurrentTargets),
            Time = time,
            LoggerFactory = options.LoggerFactory,
            Random = new Random(unchecked(options.Seed * 31 + 7)),
        };
        var processor = new BatchProcessor(options.Targets, ports, pipelineOptions);
        var handler = new SqsBatchHandler(processor);

        var queue = new LocalQueue(options.MaxReceiveCount, time);
        foreach (var input in options.Inputs)
        {
            queue.Send(input.Name, input.Body);
        }

        var run = new QueueRun(handler, queue, $"arn:aws:sqs:{QueueRun.Region}:{state.AccountId}:orgsync-local-events", options, time, logger, stopwatch);
        await run.DrainAsync(cancellationToken).ConfigureAwait(false);
        var reconcile = options.Reconcile
            ? await ReconcileAsync(options, ports, pipelineOptions, applierOptions, clients, emulator, queue, run, cancellationToken).ConfigureAwait(false)
            : null;

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
            Batches = run.Batches,
            ApiErrors = tap.Errors,
            Notifications = announced.Notifications,
            TaskCallbacks = announced.TaskCallbacks,
            Prerequisites = run.TargetLog.Prerequisites,
            Blocked = run.TargetLog.Blocked,
            LeftAlone = run.TargetLog.LeftAlone,
            Reconcile = reconcile,
        };
        return new LocalRunResult(summary, before, after, messages, stopwatch.Elapsed);
    }

    /// <exception cref="InputException">The <c>--ledger</c> folder cannot be used: in use by another run, not writable, not a ledger.</exception>
    internal static EmbeddedStorage OpenStorage(string? ledgerFolder, TimeProvider time)
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

    /// <summary>
    /// SPEC §4 <c>local --reconcile</c>: once the queue has drained, one applied pass on the same ports (ledger, lease,
    /// journal), its channel checks sent onto the queue like the scheduled pass sends them onto the OrgSync queue, and
    /// the queue drained again. The section's API calls are those the pass and its checks made.
    /// </summary>
    private static async Task<ReconcileSection> ReconcileAsync(
        LocalRunOptions options,
        PipelinePorts ports,
        PipelineOptions pipelineOptions,
        ApplierOptions applierOptions,
        AwsClientFactory clients,
        AwsEmulator emulator,
        LocalQueue queue,
        QueueRun run,
        CancellationToken cancellationToken)
    {
        var callsBefore = emulator.CallCounts;
        var pass = new ReconcilePass(options.Targets, ports, pipelineOptions)
        {
            ChannelChecks = new QueueChannelChecks(queue),
            SourceStatus = new AwsAggregatorSourceStatus(() => clients, applierOptions with { MaxAttempts = ReconcileRunner.SourceStatusAttempts }),
        };
        var deadline = pipelineOptions.Time.GetUtcNow() + options.ReconcileTimeout;
        var outcome = await pass.RunAsync(apply: true, "local-reconcile", deadline, cancellationToken).ConfigureAwait(false);
        run.TargetLog.Add(outcome.Targets.Select(target => target.Run).OfType<TargetOutcome>());
        await run.DrainAsync(cancellationToken).ConfigureAwait(false);

        var calls = emulator.CallCounts
            .Select(pair => (pair.Key, Count: pair.Value - callsBefore.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Count > 0)
            .ToImmutableSortedDictionary(pair => pair.Key, pair => pair.Count, StringComparer.Ordinal);
        return new ReconcileSection(outcome, calls);
    }
}
