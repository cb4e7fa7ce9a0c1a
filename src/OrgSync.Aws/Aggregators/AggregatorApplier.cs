using System.Text.Json;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.State;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Applying;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Aggregators;

/// <summary>
/// SPEC §3.1: brings one Config aggregator (its Region, home account) in line with a delta:
/// <c>DescribeConfigurationAggregators</c> → <see cref="AggregatorPlanner"/> →
/// <c>PutConfigurationAggregator</c> when needed. The write is confirmed from its response: Put returns
/// the aggregator as stored, and the planner must see nothing left to do in it. One read and at most one
/// write per apply; another read only after a failed attempt.
/// </summary>
public sealed class AggregatorApplier
{
    private readonly AwsClientFactory _clients;
    private readonly AwsTargetStateReader _reader;
    private readonly Func<ConfigurationAggregator?, MembershipDelta, AggregatorTarget, Plan<PutConfigurationAggregatorRequest>> _plan;
    private readonly ApplyLoop _loop;
    private readonly string? _homeAccountId;

    /// <param name="homeAccountId">The account the aggregators live in, when known: planned requests name it.</param>
    public AggregatorApplier(AwsClientFactory clients, ApplierOptions? options = null, string? homeAccountId = null)
        : this(clients, options, AggregatorPlanner.Plan)
    {
        _homeAccountId = homeAccountId;
    }

    internal AggregatorApplier(
        AwsClientFactory clients,
        ApplierOptions? options,
        Func<ConfigurationAggregator?, MembershipDelta, AggregatorTarget, Plan<PutConfigurationAggregatorRequest>> plan)
    {
        _clients = clients;
        _reader = new AwsTargetStateReader(clients);
        _plan = plan;
        _loop = new ApplyLoop(options, typeof(AggregatorApplier));
    }

    /// <param name="deadline">No attempt or backoff starts after this instant (the Lambda's remaining time minus a margin).</param>
    /// <param name="fence">Run right before each write with <see cref="AggregatorTarget.Key"/>; false abandons the write.</param>
    public Task<ApplyResult> ApplyAsync(
        AggregatorTarget target, MembershipDelta delta, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken)
    {
        var steps = new ApplySteps<ConfigurationAggregator?, PutConfigurationAggregatorRequest>(
            target.Key,
            ct => _reader.ReadAggregatorAsync(target, ct),
            current => _plan(current, delta, target),
            async (request, ct) =>
            {
                var response = await _clients.Config(target.Region).PutConfigurationAggregatorAsync(request, ct).ConfigureAwait(false);
                return response.ConfigurationAggregator is { } stored
                    ? WriteEcho<ConfigurationAggregator?>.Of(stored)
                    : WriteEcho<ConfigurationAggregator?>.Accepted; // the request replaced the whole source: success confirms it
            },
            request => new PlannedRequest(
                "config", "PutConfigurationAggregator", target.Region, _homeAccountId,
                JsonSerializer.SerializeToElement(request, CoreJsonContext.Wire.PutConfigurationAggregatorRequest)))
        {
            Lists = AggregatorAccounts.ListsOf,
        };
        return _loop.RunAsync(steps, mode, deadline, fence, cancellationToken);
    }
}
