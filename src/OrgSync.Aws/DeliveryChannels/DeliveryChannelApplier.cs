using System.Text.Json;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Aws.State;
using OrgSync.Core.Applying;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.DeliveryChannels;

/// <summary>
/// SPEC §3.3: gives a joining account the organization's delivery channel in each listed Region,
/// through <c>arn:aws:iam::&lt;account&gt;:role/&lt;memberRoleName&gt;</c> (cached assumed-role credentials):
/// <c>DescribeDeliveryChannels</c> → <see cref="DeliveryChannelPlanner"/> → <c>PutDeliveryChannel</c>
/// when needed. The put carries the whole channel planned from the read (keeping the existing name), so
/// its success is the confirmation: one read and at most one write per account and Region; another
/// read only after a failed attempt. Leaves change no channel. A channel Control Tower owns is left alone unless the
/// target says <c>controlTowerManaged: "manage"</c> (SPEC §3.5).
/// </summary>
/// <remarks>
/// Two failures end the attempt at once, for SQS to redeliver the message minutes later rather than
/// the invocation spending its time on them: no configuration recorder yet, and <c>AccessDenied</c>
/// from <c>sts:AssumeRole</c> (in a brand-new account the member role is deployed by StackSets some
/// minutes after the account exists). An access denial by an explicit deny in a service control policy
/// (Control Tower's on <c>config:PutDeliveryChannel</c>, on any call) is permanent: never retried, and its
/// reason names the SCP deny and the action.
/// </remarks>
public sealed class DeliveryChannelApplier
{
    private readonly AwsClientFactory _clients;
    private readonly AwsTargetStateReader _reader;
    private readonly Func<DeliveryChannel?, DeliveryChannelTarget, Plan<PutDeliveryChannelRequest>> _plan;
    private readonly ApplyLoop _loop;

    public DeliveryChannelApplier(AwsClientFactory clients, ApplierOptions? options = null)
        : this(clients, options, (current, target) => DeliveryChannelPlanner.Plan(current, target.Channel, target.ControlTowerManaged))
    {
    }

    /// <param name="plan">A stand-in planner, given the configured channel.</param>
    internal DeliveryChannelApplier(
        AwsClientFactory clients, ApplierOptions? options, Func<DeliveryChannel?, ChannelSettings, Plan<PutDeliveryChannelRequest>> plan)
        : this(clients, options, (current, target) => plan(current, target.Channel))
    {
    }

    private DeliveryChannelApplier(
        AwsClientFactory clients, ApplierOptions? options, Func<DeliveryChannel?, DeliveryChannelTarget, Plan<PutDeliveryChannelRequest>> plan)
    {
        _clients = clients;
        _reader = new AwsTargetStateReader(clients);
        _plan = plan;
        _loop = new ApplyLoop(options, typeof(DeliveryChannelApplier));
    }

    /// <summary>One account's channel in one Region: the unit a lease covers (<see cref="DeliveryChannelTarget.ResourceKey"/>).</summary>
    /// <param name="deadline">No attempt or backoff starts after this instant (the Lambda's remaining time minus a margin).</param>
    public Task<ApplyResult> ApplyAsync(
        DeliveryChannelTarget target, string accountId, string region, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken)
    {
        var roleArn = target.RoleArn(accountId, region);
        var steps = new ApplySteps<DeliveryChannel?, PutDeliveryChannelRequest>(
            DeliveryChannelTarget.ResourceKey(accountId, region),
            ct => _reader.ReadDeliveryChannelAsync(target, accountId, region, ct),
            current => _plan(current, target),
            async (request, ct) =>
            {
                await _clients.Config(region, _clients.AssumeRole(roleArn)).PutDeliveryChannelAsync(request, ct).ConfigureAwait(false);
                return WriteEcho<DeliveryChannel?>.Accepted;
            },
            request => new PlannedRequest(
                "config", "PutDeliveryChannel", region, accountId,
                JsonSerializer.SerializeToElement(request, CoreJsonContext.Wire.PutDeliveryChannelRequest)))
        {
            OnError = error =>
            {
                if (error.ErrorCode is "ExpiredTokenException" or "ExpiredToken")
                {
                    _clients.AssumedRoles.Invalidate(roleArn);
                }
            },
            // The conditions that wait for the account's baseline, or that no wait can change (an SCP deny, checked first:
            // an SCP-denied AssumeRole is no role still on its way): their reason is the same on every delivery and promises
            // no retry, because on the last delivery SQS dead-letters the message with this very reason.
            DescribeFailure = error => error switch
            {
                { IsServiceControlPolicyDeny: true } =>
                    MemberAccountReasons.ServiceControlPolicyDeny(accountId, error.DeniedAction, error.Describe(includeRequestId: false)),
                _ when error.ErrorCode == AwsFailureClassifier.NoAvailableConfigurationRecorder =>
                    $"account {accountId} has no configuration recorder in {region} yet (its baseline may still be provisioning): " +
                    error.Describe(includeRequestId: false),
                _ when AwsFailureClassifier.IsRoleNotAssumableYet(error.Service, error.Operation, error.ErrorCode) =>
                    MemberAccountReasons.RoleNotAssumable(roleArn, error.Describe(includeRequestId: false)),
                _ => error.Describe(),
            },
        };
        return _loop.RunAsync(steps, mode, deadline, fence, cancellationToken);
    }
}
