using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrgSync.Core.Notifications;

/// <summary>
/// One completion event (SPEC §7): for one account of one input, where it stands on every target it concerns.
/// <c>Account Sync Completed</c> when every target is in place, <c>Account Sync Failed</c> otherwise.
/// </summary>
/// <param name="Action">The input's change: <c>join</c>, <c>leave</c> or <c>move</c>.</param>
/// <param name="EventId">The input's envelope id.</param>
/// <param name="RequestId">A custom request's <c>detail.requestId</c>, else null.</param>
public sealed record AccountSyncNotice(
    string AccountId,
    string Action,
    string EventId,
    string? RequestId,
    DateTimeOffset EventTime,
    ImmutableArray<TargetSyncReport> Targets)
{
    public const string CompletedDetailType = "Account Sync Completed";
    public const string FailedDetailType = "Account Sync Failed";

    /// <summary>The Step Functions error of a failure callback.</summary>
    public const string TaskFailureError = "OrgSync.AccountSyncFailed";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Derived from the envelope id and the account: the same on every delivery and every send, for consumers to deduplicate on.</summary>
    public string NotificationId => IdFor(EventId, AccountId);

    public bool IsCompleted => Targets.All(target => target.IsInPlace);

    public string DetailType => IsCompleted ? CompletedDetailType : FailedDetailType;

    /// <summary>The targets not in place and why, in one line: a failure callback's cause.</summary>
    public string FailureCause => string.Join("; ", Targets.Where(t => !t.IsInPlace).Select(t => $"{t.Target}: {t.OutcomeName}: {t.Reason}"));

    /// <summary>Every target's outcome is final: it may be announced now (else only on the message's last delivery).</summary>
    public bool IsFinal => Targets.All(target => target.IsFinal);

    /// <summary>
    /// The notification id of (envelope id, account): <c>n-</c> and 32 hex digits of SHA-256 over both, so it is
    /// stable, opaque and within every length limit an id meets downstream.
    /// </summary>
    public static string IdFor(string eventId, string accountId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(accountId);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(eventId + "\n" + accountId));
        return "n-" + Convert.ToHexStringLower(digest, 0, 16);
    }

    /// <summary>
    /// A notice read back from its <c>detail</c> (<see cref="ToDetailJson"/>), as the announcement ledger stored it:
    /// every outcome is final (it was announced, or about to be).
    /// </summary>
    /// <exception cref="FormatException">The text is not a detail this type wrote.</exception>
    public static AccountSyncNotice FromDetailJson(string detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        try
        {
            using var document = JsonDocument.Parse(detail);
            var root = document.RootElement;
            var targets = root.GetProperty("targets").EnumerateArray()
                .Select(target => new TargetSyncReport(
                    target.GetProperty("target").GetString()!,
                    TargetSyncReport.ParseOutcome(target.GetProperty("outcome").GetString()!),
                    target.GetProperty("reason").GetString()!,
                    IsFinal: true))
                .ToImmutableArray();
            var notice = new AccountSyncNotice(
                root.GetProperty("accountId").GetString()!,
                root.GetProperty("action").GetString()!,
                root.GetProperty("eventId").GetString()!,
                root.GetProperty("requestId").GetString(),
                DateTimeOffset.Parse(root.GetProperty("eventTime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                targets);
            return notice.NotificationId == root.GetProperty("notificationId").GetString()
                ? notice
                : throw new FormatException($"the detail's notificationId is not the one of event {notice.EventId} and account {notice.AccountId}");
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a completion event detail: {exception.Message}", exception);
        }
    }

    /// <summary>The event's <c>detail</c>, member order fixed, so equal notices give equal bytes.</summary>
    public string ToDetailJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("notificationId", NotificationId);
            writer.WriteString("accountId", AccountId);
            writer.WriteString("action", Action);
            writer.WriteString("eventId", EventId);
            if (RequestId is null)
            {
                writer.WriteNull("requestId");
            }
            else
            {
                writer.WriteString("requestId", RequestId);
            }

            writer.WriteString("eventTime", EventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartArray("targets");
            foreach (var target in Targets)
            {
                writer.WriteStartObject();
                writer.WriteString("target", target.Target);
                writer.WriteString("outcome", target.OutcomeName);
                writer.WriteString("reason", target.Reason);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
