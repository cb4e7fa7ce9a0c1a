using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Local.Reconcile;
using OrgSync.Local.Report;

namespace OrgSync.Local.Running;

/// <summary>An input and why it ended where it did.</summary>
public sealed record InputReason(
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>
/// The <c>--summary</c> file (SPEC §4). <see cref="Messages"/> = <see cref="Succeeded"/> + dead-lettered:
/// every message is finally either deleted (applied, nothing to do, or ignored) or dead-lettered.
/// </summary>
public sealed record RunSummary(
    [property: JsonPropertyName("messages")] int Messages,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("deadLettered")] ImmutableArray<InputReason> DeadLettered,
    [property: JsonPropertyName("ignored")] ImmutableArray<InputReason> Ignored,
    [property: JsonPropertyName("apiCalls")] ImmutableSortedDictionary<string, long> ApiCalls)
{
    /// <summary>Receives: one per message per batch it was in (redeliveries included).</summary>
    [JsonPropertyName("deliveries")]
    public int Deliveries { get; init; }

    /// <summary>Batches handed to the SQS handler (function invocations).</summary>
    [JsonPropertyName("batches")]
    public int Batches { get; init; }

    /// <summary>Error responses the clients received, by <c>service.ErrorCode</c> (injected faults included).</summary>
    [JsonPropertyName("apiErrors")]
    public ImmutableSortedDictionary<string, long> ApiErrors { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    /// <summary>The completion events the run put on the bus (SPEC §7), once per notification id.</summary>
    [JsonPropertyName("notifications")]
    public ImmutableArray<PublishedNotification> Notifications { get; init; } = [];

    /// <summary>The Step Functions task callbacks the run made (SPEC §7).</summary>
    [JsonPropertyName("taskCallbacks")]
    public ImmutableArray<TaskCallbackRecord> TaskCallbacks { get; init; } = [];

    /// <summary>Prerequisite steps sent in member accounts (SPEC §3.5), each once per target, account, Region, operation and outcome.</summary>
    [JsonPropertyName("prerequisites")]
    public ImmutableArray<PrerequisiteEntry> Prerequisites { get; init; } = [];

    /// <summary>Accounts a prerequisite kept out of a list, once per target, account and list, with the last reason.</summary>
    [JsonPropertyName("blocked")]
    public ImmutableArray<BlockedEntry> Blocked { get; init; } = [];

    /// <summary>Resources left alone because someone else manages them (Control Tower channels).</summary>
    [JsonPropertyName("leftAlone")]
    public ImmutableArray<LeftAloneEntry> LeftAlone { get; init; } = [];

    /// <summary>The reconcile pass after the queue drained (<c>--reconcile</c>), in <c>orgsync reconcile</c>'s summary shape; null: none ran.</summary>
    [JsonPropertyName("reconcile")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReconcileSection? Reconcile { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, LocalJsonContext.Readable.RunSummary);
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RunSummary))]
internal sealed partial class LocalJsonContext : JsonSerializerContext
{
    private static readonly JsonSerializerOptions Relaxed = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Readable output: reasons keep their quotes and apostrophes unescaped.</summary>
    public static LocalJsonContext Readable { get; } = new(Relaxed);
}
