using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Aws.Distributions;
using OrgSync.Aws.State;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Pipeline.Planning;

public enum PlanStatus
{
    /// <summary>The request in <see cref="PlannedTarget.Request"/> would be sent.</summary>
    Write,

    /// <summary>Read, and nothing would be written.</summary>
    NoChange,

    /// <summary>The target would fail (e.g. missing, 1,536-id limit): its messages would be retried, then dead-lettered.</summary>
    Failure,

    /// <summary>The current state could not be read, so nothing could be planned.</summary>
    ReadFailed,

    /// <summary>No change of the events applies to the target (excluded accounts, leaves without removeOnLeave): not read.</summary>
    NothingToApply,
}

/// <summary>What <c>plan</c> found for one target (for delivery channels: one account in one Region).</summary>
/// <param name="Target">The target key, or the channel's resource key.</param>
/// <param name="Service">The AWS service the request goes to (<c>config</c>, <c>imagebuilder</c>).</param>
/// <param name="Operation">The API operation (<c>PutConfigurationAggregator</c>, …).</param>
/// <param name="Account">The account the resource lives in, when known.</param>
public sealed record PlannedTarget(
    string Target, TargetKind Kind, string Service, string Operation, string Region, string? Account, PlanStatus Status, string Reason)
{
    /// <summary>The exact request body that would be sent (wire member names), when <see cref="Status"/> is <see cref="PlanStatus.Write"/>.</summary>
    public JsonElement? Request { get; init; }

    public PlanDiff? Diff { get; init; }

    /// <summary>The changes the plan merged in.</summary>
    public MembershipDelta Delta { get; init; } = MembershipDelta.Empty;

    /// <summary>The planner's "unchanged, but not as asked" (e.g. an aggregator that would be left empty).</summary>
    public bool IsWarning { get; init; }
}

/// <summary>The plan for a set of events: per message its classification, per target what would be written.</summary>
public sealed record DryRun(ImmutableArray<MessageOutcome> Messages, ImmutableArray<PlannedTarget> Targets);

/// <summary>
/// <c>orgsync plan</c>: classify → collapse → per target read (<see cref="ITargetStateReader"/>) → plan (Core's
/// planners) → the requests that would be sent. Writes nothing, takes no lease and reads no ledger: every
/// newest change counts, as if no event had been applied before.
/// </summary>
/// <param name="homeAccountId">The account the aggregators live in when the targets file names none (e.g. the state file's).</param>
public sealed class DryRunPlanner(TargetsFile targets, ITargetStateReader reader, string? homeAccountId = null)
{
    private const int MaxConcurrentReads = 8;

    public async Task<DryRun> PlanAsync(IReadOnlyList<InboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var batch = ClassifiedBatch.Of(messages, targets.ClassifierOptions);
        var excluded = targets.ExcludeAccounts.ToHashSet(StringComparer.Ordinal);
        var delta = BatchChanges.ToDelta(batch.Winners, excluded, targets.RemoveOnLeave);
        var joins = BatchChanges.ToDelta(batch.Winners, excluded, removeOnLeave: false).Joins;

        var work = new List<Func<Task<PlannedTarget>>>();
        if (!batch.Winners.IsEmpty)
        {
            work.AddRange(targets.Aggregators.Select(target => (Func<Task<PlannedTarget>>)(() => PlanAggregatorAsync(target, delta, cancellationToken))));
            work.AddRange(targets.Distributions.Select(target => (Func<Task<PlannedTarget>>)(() => PlanDistributionAsync(target, delta, cancellationToken))));
            foreach (var channel in targets.DeliveryChannels)
            {
                foreach (var region in channel.Regions)
                {
                    work.AddRange(joins.Select(account => (Func<Task<PlannedTarget>>)(() => PlanChannelAsync(channel, account, region, cancellationToken))));
                }
            }
        }

        var planned = new PlannedTarget[work.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentReads, CancellationToken = cancellationToken },
            async (index, _) => planned[index] = await work[index]().ConfigureAwait(false)).ConfigureAwait(false);

        return new DryRun([.. Enumerable.Range(0, batch.Messages.Length).Select(index => batch.OutcomeOf(index))], [.. planned]);
    }

    private async Task<PlannedTarget> PlanAggregatorAsync(AggregatorTarget target, MembershipDelta delta, CancellationToken cancellationToken)
    {
        var planned = new PlannedTarget(target.Key, TargetKind.Aggregator, "config", "PutConfigurationAggregator", target.Region, targets.HomeAccountId ?? homeAccountId, PlanStatus.NothingToApply, "no change applies to this target")
        {
            Delta = delta,
        };
        if (delta.IsEmpty)
        {
            return planned;
        }

        return await ReadAsync(planned, async () =>
        {
            var current = await reader.ReadAggregatorAsync(target, cancellationToken).ConfigureAwait(false);
            return From(planned, AggregatorPlanner.Plan(current, delta, target), CoreJsonContext.Wire.PutConfigurationAggregatorRequest);
        }).ConfigureAwait(false);
    }

    private async Task<PlannedTarget> PlanDistributionAsync(DistributionTarget target, MembershipDelta delta, CancellationToken cancellationToken)
    {
        var planned = new PlannedTarget(target.Key, TargetKind.Distribution, "imagebuilder", "UpdateDistributionConfiguration", target.Region, target.AccountId, PlanStatus.NothingToApply, "no change applies to this target")
        {
            Delta = delta,
        };
        if (delta.IsEmpty)
        {
            return planned;
        }

        return await ReadAsync(planned, async () =>
        {
            var current = await reader.ReadDistributionAsync(target, cancellationToken).ConfigureAwait(false);
            var plan = current is null ? DistributionApplier.Missing(target) : DistributionPlanner.Plan(current, delta, target);
            return From(planned, plan, CoreJsonContext.Wire.UpdateDistributionConfigurationRequest);
        }).ConfigureAwait(false);
    }

    private async Task<PlannedTarget> PlanChannelAsync(DeliveryChannelTarget target, string accountId, string region, CancellationToken cancellationToken)
    {
        var joins = MembershipDelta.Empty with { Joins = MembershipDelta.Empty.Joins.Add(accountId) };
        var planned = new PlannedTarget(
            DeliveryChannelTarget.ResourceKey(accountId, region), TargetKind.DeliveryChannel, "config", "PutDeliveryChannel", region, accountId, PlanStatus.NothingToApply, string.Empty)
        {
            Delta = joins,
        };
        return await ReadAsync(planned, async () =>
        {
            var current = await reader.ReadDeliveryChannelAsync(target, accountId, region, cancellationToken).ConfigureAwait(false);
            return From(planned, DeliveryChannelPlanner.Plan(current, target.Channel), CoreJsonContext.Wire.PutDeliveryChannelRequest);
        }).ConfigureAwait(false);
    }

    private static async Task<PlannedTarget> ReadAsync(PlannedTarget planned, Func<Task<PlannedTarget>> read)
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var message = exception is Aws.Errors.AwsServiceException aws ? aws.Describe() : $"{exception.GetType().Name}: {exception.Message}";
            return planned with { Status = PlanStatus.ReadFailed, Reason = "could not read the current state: " + message };
        }
    }

    private static PlannedTarget From<TRequest>(PlannedTarget planned, Plan<TRequest> plan, System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRequest> requestType)
        where TRequest : class => plan switch
        {
            Plan<TRequest>.Write write => planned with
            {
                Status = PlanStatus.Write,
                Reason = string.Join("; ", write.Diff.Describe()),
                Request = JsonSerializer.SerializeToElement(write.Request, requestType),
                Diff = write.Diff,
            },
            Plan<TRequest>.NoChange noChange => planned with { Status = PlanStatus.NoChange, Reason = noChange.Reason, IsWarning = noChange.IsWarning },
            Plan<TRequest>.Failure failure => planned with { Status = PlanStatus.Failure, Reason = failure.Reason },
            _ => throw new InvalidOperationException("unknown plan"),
        };
}
