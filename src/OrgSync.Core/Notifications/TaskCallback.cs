using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrgSync.Core.Notifications;

/// <summary>
/// The one Step Functions callback of a custom request with <c>detail.taskToken</c> (SPEC §7): <c>SendTaskSuccess</c>
/// when every account of the request completed, else <c>SendTaskFailure</c> with <see cref="AccountSyncNotice.TaskFailureError"/>
/// and the reasons as cause.
/// </summary>
/// <param name="Output">Success only: the JSON output (the detail of a one-account request).</param>
/// <param name="Error">Failure only: the error code a <c>Catch</c> matches.</param>
/// <param name="Cause">Failure only: the targets not in place and why.</param>
public sealed record TaskCallback(bool Succeeded, string? Output, string? Error, string? Cause)
{
    /// <summary>Step Functions' limit on <c>output</c>: 256 KiB of UTF-8.</summary>
    public const int MaxOutputBytes = 262_144;

    /// <summary>Step Functions' limit on <c>cause</c>, in characters.</summary>
    public const int MaxCauseLength = 32_768;

    private const string SuccessStatus = "SUCCESS";
    private const string FailureStatus = "FAILURE";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The callback of a request whose accounts all reached a final outcome, from their announced details (in the
    /// request's account order). One account: the output is its detail, exactly. Several: <c>{"eventId",
    /// "requestId", "accounts": [detail, …]}</c>; when that exceeds <see cref="MaxOutputBytes"/>, each account is
    /// shortened to <c>{"notificationId", "accountId", "detailType"}</c>, and the list cut (with <c>"truncated":
    /// true</c>) if even that does not fit.
    /// </summary>
    public static TaskCallback For(string eventId, string? requestId, IReadOnlyList<CompletionEvent> accounts)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(accounts);
        if (accounts.Count == 0)
        {
            throw new ArgumentException("a request has at least one account", nameof(accounts));
        }

        var failed = accounts.Where(a => a.DetailType != AccountSyncNotice.CompletedDetailType).ToList();
        if (failed.Count > 0)
        {
            var causes = failed.Select(account => (Account: account.AccountId, Cause: AccountSyncNotice.FromDetailJson(account.Detail).FailureCause));
            var cause = accounts.Count == 1
                ? causes.Single().Cause
                : string.Join("; ", causes.Select(c => $"account {c.Account}: {c.Cause}"));
            return new TaskCallback(false, null, AccountSyncNotice.TaskFailureError, Truncate(cause, MaxCauseLength));
        }

        return new TaskCallback(true, accounts.Count == 1 ? accounts[0].Detail : SeveralAccounts(eventId, requestId, accounts), null, null);
    }

    /// <summary>The announcement id of the callback of input <paramref name="eventId"/>: one per input, whatever its accounts.</summary>
    public static string IdFor(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("task-callback\n" + eventId));
        return "t-" + Convert.ToHexStringLower(digest, 0, 16);
    }

    /// <summary>
    /// The callback as the announcement ledger stores it, in the emulator's <c>taskResults</c> shape without the
    /// token: <c>{"status": "SUCCESS", "output"}</c> or <c>{"status": "FAILURE", "error", "cause"}</c>.
    /// </summary>
    public string ToPayload() => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("status", Succeeded ? SuccessStatus : FailureStatus);
        if (Output is not null)
        {
            writer.WriteString("output", Output);
        }

        if (Error is not null)
        {
            writer.WriteString("error", Error);
        }

        if (Cause is not null)
        {
            writer.WriteString("cause", Cause);
        }

        writer.WriteEndObject();
    });

    /// <exception cref="FormatException">Not a payload <see cref="ToPayload"/> wrote.</exception>
    public static TaskCallback FromPayload(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            string? Optional(string name) => root.TryGetProperty(name, out var value) ? value.GetString() : null;
            return root.GetProperty("status").GetString() switch
            {
                SuccessStatus => new TaskCallback(true, Optional("output") ?? throw new FormatException("a success without output"), null, null),
                FailureStatus => new TaskCallback(false, null, Optional("error"), Optional("cause")),
                var other => throw new FormatException($"status '{other}' is neither {SuccessStatus} nor {FailureStatus}"),
            };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a task callback payload: {exception.Message}", exception);
        }
    }

    private static string SeveralAccounts(string eventId, string? requestId, IReadOnlyList<CompletionEvent> accounts)
    {
        var full = Several(eventId, requestId, accounts, (writer, account) => writer.WriteRawValue(account.Detail, skipInputValidation: true), truncated: false);
        if (Encoding.UTF8.GetByteCount(full) <= MaxOutputBytes)
        {
            return full;
        }

        void Short(Utf8JsonWriter writer, CompletionEvent account)
        {
            writer.WriteStartObject();
            writer.WriteString("notificationId", account.NotificationId);
            writer.WriteString("accountId", account.AccountId);
            writer.WriteString("detailType", account.DetailType);
            writer.WriteEndObject();
        }

        // Binary search for the longest prefix that fits (the list may hold thousands of accounts).
        var (low, high) = (0, accounts.Count);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var candidate = Several(eventId, requestId, accounts.Take(middle).ToList(), Short, truncated: middle < accounts.Count);
            (low, high) = Encoding.UTF8.GetByteCount(candidate) <= MaxOutputBytes ? (middle, high) : (low, middle - 1);
        }

        return Several(eventId, requestId, accounts.Take(low).ToList(), Short, truncated: low < accounts.Count);
    }

    private static string Several(
        string eventId, string? requestId, IReadOnlyList<CompletionEvent> accounts, Action<Utf8JsonWriter, CompletionEvent> writeAccount, bool truncated) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("eventId", eventId);
            if (requestId is null)
            {
                writer.WriteNull("requestId");
            }
            else
            {
                writer.WriteString("requestId", requestId);
            }

            writer.WriteStartArray("accounts");
            foreach (var account in accounts)
            {
                writeAccount(writer, account);
            }

            writer.WriteEndArray();
            if (truncated)
            {
                writer.WriteBoolean("truncated", true);
            }

            writer.WriteEndObject();
        });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Truncate(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1; // never half a surrogate pair
        return text[..cut] + "…";
    }
}
