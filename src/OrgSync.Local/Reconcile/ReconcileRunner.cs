using System.Collections.Immutable;
using System.Diagnostics;
using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Inputs;
using OrgSync.Local.Running;
using OrgSync.Local.Storage;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Local.Reconcile;

/// <summary>
/// <c>orgsync reconcile</c> (SPEC §4, §6): one <see cref="ReconcilePass"/> on the functions' own appliers, against the
/// embedded emulator seeded from a state file, an AWS-compatible endpoint, or AWS. There is no queue between the pass
/// and the pipeline here, so an applied pass runs its channel checks inline (<see cref="InlineChannelChecks"/>: a
/// <see cref="BatchProcessor"/> on the same ports, in batches of ten, as the SQS function would take them).
/// </summary>
public static class ReconcileRunner
{
    /// <summary>
    /// Tries of Config's sources status per aggregator: it is a report, not a write, so a pass does not spend the
    /// appliers' whole retry budget on it (an endpoint without the operation — moto answers 500 — costs a second, not half a minute).
    /// </summary>
    public const int SourceStatusAttempts = 3;

    /// <exception cref="InputException">The ledger folder cannot be used.</exception>
    public static async Task<ReconcileRunResult> RunAsync(ReconcileRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.State is not null && options.Endpoint is not null)
        {
            throw new ArgumentException("a state and an endpoint are alternatives", nameof(options));
        }

        var stopwatch = Stopwatch.StartNew();
        using var storage = LocalRunner.OpenStorage(options.LedgerFolder, options.Time);
        if (options.State is not { } state)
        {
            // AWS or an endpoint: the SDK's conventions (default credential chain, AWS_REGION, AWS_ENDPOINT_URL…) and the SDK's retry pacing.
            using var clients = new AwsClientFactory(new AwsClientOptions { EndpointUrl = options.Endpoint }, options.Time);
            var applierOptions = new ApplierOptions { Time = options.Time, LoggerFactory = options.LoggerFactory };
            var (outcome, checks) = await PassAsync(options, clients, applierOptions, storage, options.Targets.HomeAccountId, cancellationToken).ConfigureAwait(false);
            return new ReconcileRunResult(outcome, null, null, checks, stopwatch.Elapsed);
        }

        await using var emulator = await AwsEmulator.StartAsync(state, new EmulatorOptions { Port = 0, TimeProvider = options.Time }, cancellationToken).ConfigureAwait(false);
        using (var clients = new AwsClientFactory(EmulatorClientOptions.For(emulator), options.Time))
        {
            // The emulator never throttles unless told to: short backoffs, as in `local`.
            var applierOptions = new ApplierOptions
            {
                Time = options.Time,
                LoggerFactory = options.LoggerFactory,
                BaseDelay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(1),
            };
            var homeAccountId = options.Targets.HomeAccountId ?? state.AccountId;
            var (outcome, checks) = await PassAsync(options, clients, applierOptions, storage, homeAccountId, cancellationToken).ConfigureAwait(false);
            return new ReconcileRunResult(outcome, emulator.ExportState(), emulator.CallCounts, checks, stopwatch.Elapsed);
        }
    }

    private static async Task<(ReconcileOutcome Outcome, ImmutableArray<MessageOutcome> ChannelChecks)> PassAsync(
        ReconcileRunOptions options,
        AwsClientFactory clients,
        ApplierOptions applierOptions,
        EmbeddedStorage storage,
        string? homeAccountId,
        CancellationToken cancellationToken)
    {
        var ports = LocalPorts.Create(options.Targets, clients, applierOptions, storage, homeAccountId);
        var pipelineOptions = new PipelineOptions { Time = options.Time, LoggerFactory = options.LoggerFactory };
        var channelChecks = options.Apply
            ? new InlineChannelChecks(new BatchProcessor(options.Targets, ports, pipelineOptions), options.Time, options.ChannelBatchTimeout)
            : null;
        var pass = new ReconcilePass(options.Targets, ports, pipelineOptions)
        {
            ChannelChecks = channelChecks,
            SourceStatus = new AwsAggregatorSourceStatus(() => clients, applierOptions with { MaxAttempts = ReconcileRunner.SourceStatusAttempts }),
        };

        var outcome = await pass.RunAsync(options.Apply, "orgsync-reconcile", options.Time.GetUtcNow() + options.Timeout, cancellationToken).ConfigureAwait(false);
        if (channelChecks is null)
        {
            return (outcome, []);
        }

        // Inline, a check that fails is one account's outcome, like a dead letter of `local`: listed with its
        // reason (the next pass checks it again), not a failure of the pass — an SCP that denies the channel in one
        // account must not fail every pass.
        var checks = channelChecks.Batches.SelectMany(batch => batch.Messages).ToImmutableArray();
        outcome = outcome with
        {
            FailedChannelChecks = [.. checks.Where(check => check.IsFailure).Select(check => new FailedChannelCheck(AccountOf(check), check.Reason))],
        };
        return (outcome, checks);
    }

    /// <summary>The account a channel check was for.</summary>
    public static string AccountOf(MessageOutcome check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Changes.IsDefaultOrEmpty ? check.EventId?.Split('/')[^1] ?? check.MessageId : check.Changes[0].AccountId;
    }
}
