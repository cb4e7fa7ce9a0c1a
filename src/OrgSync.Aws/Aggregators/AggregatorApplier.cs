using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Prerequisites;
using OrgSync.Aws.State;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Applying;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Aggregators;

/// <summary>
/// SPEC §3.1: brings one Config aggregator (its Region, home account) in line with a delta:
/// <c>DescribeConfigurationAggregators</c> → <see cref="AggregatorPlanner"/> →
/// <c>PutConfigurationAggregator</c> when needed. The write is confirmed from its response: Put returns
/// the aggregator as stored, and the planner must see nothing left to do in it. One read and at most one
/// write per apply; another read only after a failed attempt. With <see cref="AggregatorTarget.AuthorizeSources"/>, each
/// account the write adds first authorizes the aggregator in every source Region (SPEC §3.5) through the member role; an
/// account that cannot is withheld from <c>AccountIds</c> and the rest is written. Each account the write removes withdraws
/// its authorizations afterwards, best effort.
/// </summary>
public sealed class AggregatorApplier
{
    private readonly AwsClientFactory _clients;
    private readonly AwsTargetStateReader _reader;
    private readonly Func<ConfigurationAggregator?, MembershipDelta, AggregatorTarget, Plan<PutConfigurationAggregatorRequest>> _plan;
    private readonly ApplyLoop _loop;
    private readonly PrerequisiteRunner _prerequisites;
    private readonly string? _homeAccountId;

    /// <param name="homeAccountId">
    /// The account the aggregators live in, when known: planned requests name it, and sources authorize it. Unknown, the
    /// account of the aggregator's ARN as read is authorized (a new aggregator's sources cannot be, with a warning).
    /// </param>
    /// <param name="prerequisiteRoleName">The role assumed in a source account to authorize the aggregator (<see cref="TargetsFile.PrerequisiteRoleName"/>).</param>
    public AggregatorApplier(
        AwsClientFactory clients, ApplierOptions? options = null, string? homeAccountId = null, string prerequisiteRoleName = TargetsFile.DefaultMemberRoleName)
        : this(clients, options, AggregatorPlanner.Plan, homeAccountId, prerequisiteRoleName)
    {
    }

    internal AggregatorApplier(
        AwsClientFactory clients,
        ApplierOptions? options,
        Func<ConfigurationAggregator?, MembershipDelta, AggregatorTarget, Plan<PutConfigurationAggregatorRequest>> plan,
        string? homeAccountId = null,
        string prerequisiteRoleName = TargetsFile.DefaultMemberRoleName)
    {
        options ??= new ApplierOptions();
        _clients = clients;
        _reader = new AwsTargetStateReader(clients);
        _plan = plan;
        _loop = new ApplyLoop(options, typeof(AggregatorApplier));
        _prerequisites = new PrerequisiteRunner(clients, prerequisiteRoleName, options, options.LoggerFactory.CreateLogger<AggregatorApplier>());
        _homeAccountId = homeAccountId;
    }

    /// <param name="deadline">No attempt or backoff starts after this instant (the Lambda's remaining time minus a margin).</param>
    /// <param name="fence">Run right before each write with <see cref="AggregatorTarget.Key"/>; false abandons the write.</param>
    public Task<ApplyResult> ApplyAsync(
        AggregatorTarget target, MembershipDelta delta, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken) =>
        ApplyAsync(new TargetWork.Aggregator(target, delta), mode, deadline, fence, cancellationToken);

    /// <param name="work">The aggregator, its delta, and whether removals withdraw their authorizations.</param>
    /// <param name="deadline">No attempt or backoff starts after this instant (the Lambda's remaining time minus a margin).</param>
    /// <param name="fence">Run right before each write with <see cref="AggregatorTarget.Key"/>; false abandons the write.</param>
    public Task<ApplyResult> ApplyAsync(TargetWork.Aggregator work, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (target, delta) = (work.Target, work.Delta);
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
            Prerequisites = target.AuthorizeSources
                ? new PrerequisiteHooks<ConfigurationAggregator?, PutConfigurationAggregatorRequest>(
                    _prerequisites,
                    (current, write) => PrerequisitePlanner.ForAggregator(target, write.Request, write.Diff, _homeAccountId ?? AccountOf(current), work.WithdrawAuthorizations),
                    (current, withheld) => _plan(current, delta.WithoutJoins(withheld), target))
                : null,
        };
        return _loop.RunAsync(steps, mode, deadline, fence, cancellationToken);
    }

    /// <summary>The account of the aggregator's ARN (<c>arn:aws:config:REGION:ACCOUNT:config-aggregator/…</c>), when it was read.</summary>
    private static string? AccountOf(ConfigurationAggregator? aggregator) =>
        aggregator?.ConfigurationAggregatorArn?.Split(':') is { Length: > 4 } parts && parts[4].Length > 0 ? parts[4] : null;
}
