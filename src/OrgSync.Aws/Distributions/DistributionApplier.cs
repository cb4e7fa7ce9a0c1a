using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Prerequisites;
using OrgSync.Aws.State;
using OrgSync.Core.Applying;
using OrgSync.Core.Distributions;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Distributions;

/// <summary>
/// SPEC §3.2: brings one Image Builder distribution configuration (in the Region of its ARN) in line
/// with a delta: <c>GetDistributionConfiguration</c> → <see cref="DistributionPlanner"/> →
/// <c>UpdateDistributionConfiguration</c> (with the planner's deterministic client token) when
/// needed. The request replaces description and every distribution with what was planned from the
/// read, so its success is the confirmation: one read and at most one write per apply; another read
/// only after a failed attempt (a lost response re-reads and, if it was applied, plans nothing). With
/// <see cref="DistributionTarget.RequireCrossAccountRole"/>, each account the write adds to <c>targetAccountIds</c> must first
/// have <see cref="AwsNames.ImageBuilderCrossAccountRoleName"/> (<c>iam:GetRole</c> through the member role; SPEC §3.5): one
/// without it is withheld from <c>targetAccountIds</c> only — it still gains launch permission — and the rest is written.
/// </summary>
public sealed class DistributionApplier
{
    private readonly AwsClientFactory _clients;
    private readonly AwsTargetStateReader _reader;
    private readonly Func<DistributionConfiguration, MembershipDelta, DistributionTarget, IReadOnlySet<string>, Plan<UpdateDistributionConfigurationRequest>> _plan;
    private readonly ApplyLoop _loop;
    private readonly PrerequisiteRunner _prerequisites;

    /// <param name="prerequisiteRoleName">The role assumed in a target account to check for the cross-account role (<see cref="TargetsFile.PrerequisiteRoleName"/>).</param>
    public DistributionApplier(AwsClientFactory clients, ApplierOptions? options = null, string prerequisiteRoleName = TargetsFile.DefaultMemberRoleName)
        : this(clients, options, DistributionPlanner.Plan, prerequisiteRoleName)
    {
    }

    /// <param name="plan">A stand-in planner (it ignores accounts withheld from <c>targetAccountIds</c>).</param>
    internal DistributionApplier(
        AwsClientFactory clients,
        ApplierOptions? options,
        Func<DistributionConfiguration, MembershipDelta, DistributionTarget, Plan<UpdateDistributionConfigurationRequest>> plan)
        : this(clients, options, (current, delta, target, _) => plan(current, delta, target), TargetsFile.DefaultMemberRoleName)
    {
    }

    private DistributionApplier(
        AwsClientFactory clients,
        ApplierOptions? options,
        Func<DistributionConfiguration, MembershipDelta, DistributionTarget, IReadOnlySet<string>, Plan<UpdateDistributionConfigurationRequest>> plan,
        string prerequisiteRoleName)
    {
        options ??= new ApplierOptions();
        _clients = clients;
        _reader = new AwsTargetStateReader(clients);
        _plan = plan;
        _loop = new ApplyLoop(options, typeof(DistributionApplier));
        _prerequisites = new PrerequisiteRunner(clients, prerequisiteRoleName, options, options.LoggerFactory.CreateLogger<DistributionApplier>());
    }

    /// <param name="deadline">No attempt or backoff starts after this instant (the Lambda's remaining time minus a margin).</param>
    /// <param name="fence">Run right before each write with <see cref="DistributionTarget.Key"/>; false abandons the write.</param>
    public Task<ApplyResult> ApplyAsync(
        DistributionTarget target, MembershipDelta delta, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken)
    {
        var steps = new ApplySteps<DistributionConfiguration?, UpdateDistributionConfigurationRequest>(
            target.Key,
            ct => _reader.ReadDistributionAsync(target, ct),
            current => current is null ? Missing(target) : _plan(current, delta, target, ImmutableHashSet<string>.Empty),
            async (request, ct) =>
            {
                await _clients.Imagebuilder(target.Region).UpdateDistributionConfigurationAsync(request, ct).ConfigureAwait(false);
                return WriteEcho<DistributionConfiguration?>.Accepted;
            },
            request => new PlannedRequest(
                "imagebuilder", "UpdateDistributionConfiguration", target.Region, target.AccountId,
                JsonSerializer.SerializeToElement(request, CoreJsonContext.Wire.UpdateDistributionConfigurationRequest)))
        {
            Lists = current => DistributionAccounts.ListsOf(current, target),
            Prerequisites = target.RequireCrossAccountRole
                ? new PrerequisiteHooks<DistributionConfiguration?, UpdateDistributionConfigurationRequest>(
                    _prerequisites,
                    (current, write) => PrerequisitePlanner.ForDistribution(target, current!, write.Request),
                    (current, withheld) => current is null ? Missing(target) : _plan(current, delta, target, withheld))
                : null,
        };
        return _loop.RunAsync(steps, mode, deadline, fence, cancellationToken);
    }

    /// <summary>The plan when the configuration does not exist: OrgSync never creates one, so the target fails.</summary>
    public static Plan<UpdateDistributionConfigurationRequest> Missing(DistributionTarget target) =>
        new Plan<UpdateDistributionConfigurationRequest>.Failure($"distribution configuration {target.Arn} does not exist in {target.Region}");
}
