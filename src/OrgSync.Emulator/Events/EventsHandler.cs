using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Events;

/// <summary>
/// Amazon EventBridge (awsJson1_1, <c>AWSEvents.PutEvents</c>, <c>AWSEvents.DescribeEventBus</c>): each PutEvents
/// entry is checked on its own and either accepted (an EventId; appended to state <c>publishedEvents</c>) or failed
/// with EventBridge's per-entry ErrorCode and ErrorMessage. An entry for a bus that does not exist is accepted and
/// dropped, as AWS does (aws/aws-cli#9186): it gets an EventId and goes to state <c>droppedEvents</c> instead.
/// </summary>
internal static partial class EventsHandler
{
    /// <summary>"The total entry size must be less than 256KB" (PutEvents API reference), counted as the user guide's "Calculating PutEvents event entry size" does.</summary>
    public const int MaxRequestEntriesBytes = 256 * 1024;

    public static readonly FrozenSet<string> Supported = new[] { "PutEvents", "DescribeEventBus" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Writes = new[] { "PutEvents" }.ToFrozenSet(StringComparer.Ordinal);

    public static JsonObject Execute(CallContext call) => call.Operation.Name switch
    {
        "PutEvents" => PutEvents(call),
        "DescribeEventBus" => DescribeEventBus(call),
        var other => throw new InvalidOperationException("not dispatched: " + other),
    };

    /// <summary>The bus an entry names (a name or an ARN; none is the default bus) for a caller in <paramref name="accountId"/> and <paramref name="region"/>.</summary>
    public static EventBusKey ResolveBus(string? nameOrArn, string accountId, string region)
    {
        if (nameOrArn is null)
        {
            return new EventBusKey(accountId, region, EventBusKey.DefaultName);
        }

        var arn = BusArn().Match(nameOrArn);
        return arn.Success
            ? new EventBusKey(arn.Groups["account"].Value, arn.Groups["region"].Value, arn.Groups["name"].Value)
            : new EventBusKey(accountId, region, nameOrArn);
    }

    private static JsonObject PutEvents(CallContext call)
    {
        var entries = call.Input.GetArray("Entries")!.OfType<JsonObject>().ToList();
        if (entries.Sum(EntrySize) > MaxRequestEntriesBytes)
        {
            throw CommonErrors.Fail(CommonErrors.Validation(call.Service, "Total size of the entries in the request is over the limit."));
        }

        var results = new JsonArray();
        var published = new List<JsonObject>();
        var dropped = new List<JsonObject>();
        var failed = 0;
        foreach (var entry in entries)
        {
            var bus = ResolveBus(entry.GetString("EventBusName"), call.Caller.AccountId, call.Region);
            if (Problem(entry) is { } problem)
            {
                failed++;
                results.Add(new JsonObject { ["ErrorCode"] = problem.Code, ["ErrorMessage"] = problem.Message });
                continue;
            }

            var eventId = Guid.NewGuid().ToString();
            results.Add(new JsonObject { ["EventId"] = eventId });
            var record = new JsonObject
            {
                ["accountId"] = bus.AccountId,
                ["region"] = bus.Region,
                ["EventBusName"] = bus.Name,
                ["Source"] = entry.GetString("Source"),
                ["DetailType"] = entry.GetString("DetailType"),
                ["Detail"] = entry.GetString("Detail"),
                // "If no time stamp is provided, the time stamp of the PutEvents call is used."
                ["Time"] = entry["Time"]?.DeepClone() ?? JsonValue.Create(call.Now.ToUnixTimeSeconds()),
            };
            if (entry.GetArray("Resources") is { } resources)
            {
                record["Resources"] = resources.DeepClone();
            }

            record["EventId"] = eventId;
            // AWS accepts an entry for a bus that does not exist and drops it (aws/aws-cli#9186, aws/aws-sdk#186):
            // the caller sees an EventId; only the state's droppedEvents tells.
            (call.State.HasEventBus(bus) ? published : dropped).Add(record);
        }

        call.State.RecordPublishedEvents(published, dropped);
        return new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results };
    }

    /// <summary>
    /// <c>DescribeEventBus</c>: the bus <c>Name</c> names (a name or an ARN; none is the default bus), with its
    /// <c>Name</c> and <c>Arn</c>; <c>ResourceNotFoundException</c> "Event bus NAME does not exist." when there is none.
    /// </summary>
    private static JsonObject DescribeEventBus(CallContext call)
    {
        var bus = ResolveBus(call.Input.GetString("Name"), call.Caller.AccountId, call.Region);
        if (!call.State.HasEventBus(bus))
        {
            throw CommonErrors.Fail(ServiceModels.Events.Error("ResourceNotFoundException", $"Event bus {bus.Name} does not exist."));
        }

        return new JsonObject { ["Name"] = bus.Name, ["Arn"] = bus.Arn };
    }

    /// <summary>
    /// Why an entry fails, checked in the order EventBridge reports them (as moto and LocalStack, which test
    /// against AWS, do): Source, DetailType and Detail are required (an empty text counts as missing), the
    /// Detail must be a JSON object. A bus that does not exist is no failure (see <see cref="PutEvents"/>).
    /// </summary>
    private static (string Code, string Message)? Problem(JsonObject entry)
    {
        foreach (var member in (ReadOnlySpan<string>)["Source", "DetailType", "Detail"])
        {
            if (string.IsNullOrEmpty(entry.GetString(member)))
            {
                return ("InvalidArgument", $"Parameter {member} is not valid. Reason: {member} is a required argument.");
            }
        }

        return WireJson.KindOf(entry.GetString("Detail")!) == JsonValueKind.Object ? null : ("MalformedDetail", "Detail is malformed.");
    }

    /// <summary>The EventBridge user guide's entry size: 14 bytes for a Time, then the UTF-8 bytes of Source, DetailType, Detail and each resource.</summary>
    private static int EntrySize(JsonObject entry)
    {
        var size = entry.ContainsKey("Time") ? 14 : 0;
        foreach (var member in (ReadOnlySpan<string>)["Source", "DetailType", "Detail"])
        {
            size += Encoding.UTF8.GetByteCount(entry.GetString(member) ?? string.Empty);
        }

        return size + entry.GetArray("Resources").Strings().Sum(Encoding.UTF8.GetByteCount);
    }

    [GeneratedRegex("^arn:aws[\\w-]*:events:(?<region>[a-z]+-[a-z]+-[\\w-]+):(?<account>[0-9]{12}):event-bus/(?<name>.+)\\z")]
    private static partial Regex BusArn();
}
