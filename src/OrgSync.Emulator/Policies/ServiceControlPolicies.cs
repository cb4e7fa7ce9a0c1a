using OrgSync.Emulator.Config;
using OrgSync.Emulator.Events;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Policies;

/// <summary>
/// Service control policies as the state file declares their explicit denies: a call whose IAM action
/// (<c>signing-name:Operation</c>, e.g. <c>config:PutDeliveryChannel</c>) is denied for the calling
/// account is refused before it runs, with the access-denied error of the service's protocol and IAM's
/// explicit-deny message (IAM User Guide, "Troubleshoot access denied error messages"; the policy ARN is
/// appended as AWS's enhanced messages do when the state names one).
/// </summary>
internal static class ServiceControlPolicies
{
    public static void Enforce(CallContext call)
    {
        var denies = call.State.ServiceControlDenies;
        if (denies.IsEmpty)
        {
            return;
        }

        var action = ServiceModels.For(call.Service).SigningName + ":" + call.Operation.Name;
        var deny = denies.FirstOrDefault(d => d.Denies(call.Caller.AccountId, action));
        if (deny is null)
        {
            return;
        }

        var message = $"User: {call.Caller.Arn} is not authorized to perform: {action} on resource: {ResourceOf(call)} with an explicit deny in a service control policy"
            + (deny.PolicyArn is { } policyArn ? ": " + policyArn : string.Empty);
        throw new AwsErrorException(AccessDenied(call.Service, message));
    }

    /// <summary>
    /// awsJson services answer <c>AccessDeniedException</c> with 400, restJson ones with the model's status
    /// (403), query ones (STS, IAM) <c>AccessDenied</c> with 403.
    /// </summary>
    internal static AwsError AccessDenied(AwsService service, string message)
    {
        var model = ServiceModels.For(service);
        return model.Protocol switch
        {
            "query" => new AwsError("AccessDenied", message, 403),
            "rest-json" => new AwsError("AccessDeniedException", message, model.HasShape("AccessDeniedException") ? model.ErrorStatus("AccessDeniedException") : 403),
            _ => new AwsError("AccessDeniedException", message, 400),
        };
    }

    /// <summary>
    /// The ARN the action is authorized on, as the message names it; <c>*</c> for actions without a
    /// resource type (Config's delivery channels and recorders, Step Functions task callbacks).
    /// </summary>
    private static string ResourceOf(CallContext call)
    {
        var input = call.Input;
        var account = call.Caller.AccountId;
        switch (call.Service, call.Operation.Name)
        {
            case (AwsService.Events, "PutEvents"):
                var firstBus = input.GetArray("Entries")?.OfType<System.Text.Json.Nodes.JsonObject>().FirstOrDefault()?.GetString("EventBusName");
                return EventsHandler.ResolveBus(firstBus, account, call.Region).Arn;
            case (AwsService.Events, "DescribeEventBus"):
                return EventsHandler.ResolveBus(input.GetString("Name"), account, call.Region).Arn;
            case (AwsService.Config, "PutAggregationAuthorization" or "DeleteAggregationAuthorization")
                when input.GetString("AuthorizedAccountId") is { } authorizedAccount && input.GetString("AuthorizedAwsRegion") is { } authorizedRegion:
                return EmulatorState.AggregationAuthorizationArn(account, call.Region, authorizedAccount, authorizedRegion);
            case (AwsService.Config, _) when input.GetString("ConfigurationAggregatorName") is { } aggregator:
                return ConfigHandler.AggregatorArnOf(call, aggregator);
            case (AwsService.ImageBuilder, _) when input.GetString("distributionConfigurationArn") is { } distribution:
                return distribution;
            case (AwsService.Sts, "AssumeRole") when input.GetString("RoleArn") is { } role:
                return role;
            default:
                return "*";
        }
    }
}
