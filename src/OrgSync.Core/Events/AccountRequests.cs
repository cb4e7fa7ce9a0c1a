using System.Text.Json;
using OrgSync.Core.Json;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Events;

/// <summary>
/// Requests that come from people's pipelines or from OrgSync itself rather than from AWS: a custom
/// source's <see cref="EventClassifier.AccountChangeRequest"/> (SPEC §1, §7) and the reconcile pass's
/// <see cref="EventClassifier.ReconcileAccount"/> (SPEC §6).
/// </summary>
internal static class AccountRequests
{
    /// <summary>
    /// <c>detail.action</c> join|leave for <c>detail.accountIds</c>, with the optional <c>detail.requestId</c>
    /// and <c>detail.taskToken</c> that the completion notification answers.
    /// </summary>
    public static Classification ClassifyAccountChange(Envelope envelope)
    {
        var what = $"{envelope.Source} {EventClassifier.AccountChangeRequest}";
        if (envelope.DetailType != EventClassifier.AccountChangeRequest)
        {
            return new Classification.Ignored(
                envelope.EventId,
                $"{envelope.Source}: detail-type {StrictJson.Quote(envelope.DetailType)} is not \"{EventClassifier.AccountChangeRequest}\"");
        }

        ChangeKind kind;
        if (!envelope.Detail.TryGetProperty("action", out var action))
        {
            return new Classification.Invalid($"{what}: detail.action is missing (expected \"join\" or \"leave\")");
        }
        else if (Detail.IsString(action, "join"))
        {
            kind = ChangeKind.Join;
        }
        else if (Detail.IsString(action, "leave"))
        {
            kind = ChangeKind.Leave;
        }
        else
        {
            return new Classification.Invalid($"{what}: detail.action must be \"join\" or \"leave\", found {Detail.Describe(action)}");
        }

        if (!envelope.Detail.TryGetProperty("accountIds", out var accountIds))
        {
            return new Classification.Invalid($"{what}: detail.accountIds is missing");
        }

        if (accountIds.ValueKind != JsonValueKind.Array)
        {
            return new Classification.Invalid($"{what}: detail.accountIds must be an array of account ids, found {Detail.Describe(accountIds)}");
        }

        if (accountIds.GetArrayLength() == 0)
        {
            return new Classification.Invalid($"{what}: detail.accountIds is empty");
        }

        // In first-seen order; the set keeps a 256 KiB body of ~17,000 ids linear rather than quadratic.
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in accountIds.EnumerateArray())
        {
            var located = LifecycleEvents.AccountIdFrom(item, $"accountIds[{index++}]");
            if (located.AccountId is not { } accountId)
            {
                return new Classification.Invalid($"{what}: {located.Why}");
            }

            if (seen.Add(accountId))
            {
                ids.Add(accountId);
            }
        }

        if (OptionalString(envelope.Detail, "requestId", out var requestId) is { } badRequestId)
        {
            return new Classification.Invalid($"{what}: detail.requestId must be a string, found {badRequestId}");
        }

        if (OptionalString(envelope.Detail, "taskToken", out var taskToken) is { } badTaskToken)
        {
            return new Classification.Invalid($"{what}: detail.taskToken must be a Step Functions task token (a string), found {badTaskToken}");
        }

        if (taskToken is { Length: < 1 or > AwsNames.TaskTokenMaxLength })
        {
            // The token itself is not quoted: whoever holds it can complete the task.
            return new Classification.Invalid(
                $"{what}: detail.taskToken must be 1–{AwsNames.TaskTokenMaxLength} characters (Step Functions TaskToken), found {taskToken.Length}");
        }

        return EventClassifier.Changes(envelope, ids, kind) with { RequestId = requestId, TaskToken = taskToken };
    }

    /// <summary>
    /// The reconcile pass's fan-out (SPEC §6): check <c>detail.accountId</c>'s delivery channels. A join
    /// that reaches delivery-channel targets only, so that a forged or replayed request can never add an
    /// account to an aggregator or a distribution.
    /// </summary>
    public static Classification ClassifyReconcile(Envelope envelope)
    {
        var what = $"{EventClassifier.ReconcileSource} {EventClassifier.ReconcileAccount}";
        if (envelope.DetailType != EventClassifier.ReconcileAccount)
        {
            return new Classification.Ignored(
                envelope.EventId,
                $"{EventClassifier.ReconcileSource}: detail-type {StrictJson.Quote(envelope.DetailType)} is not \"{EventClassifier.ReconcileAccount}\"");
        }

        if (!envelope.Detail.TryGetProperty("accountId", out var value))
        {
            return new Classification.Invalid($"{what}: detail.accountId is missing");
        }

        var located = LifecycleEvents.AccountIdFrom(value, "accountId");
        if (located.AccountId is not { } accountId)
        {
            return new Classification.Invalid($"{what}: {located.Why}");
        }

        return EventClassifier.Changes(envelope, [accountId], ChangeKind.Join, ChangeReach.DeliveryChannels);
    }

    /// <summary>
    /// An optional string member: absent or JSON null gives null (what serializers write for an unset
    /// field). Returns a description of any other value, which makes the request invalid.
    /// </summary>
    private static string? OptionalString(JsonElement detail, string name, out string? value)
    {
        value = null;
        if (!detail.TryGetProperty(name, out var member) || member.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (member.ValueKind != JsonValueKind.String)
        {
            return Detail.Describe(member);
        }

        value = member.GetString();
        return null;
    }
}
