using System.Text.Json.Nodes;
using OrgSync.Emulator.Events;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.StepFunctions;

namespace OrgSync.Emulator.State;

/// <summary>
/// What EventBridge and Step Functions need: the custom event buses and issued task tokens a test
/// declares (read-only), and the logs of what was published, dropped (put to a bus that does not exist) and
/// called back (<c>publishedEvents</c>, <c>droppedEvents</c>, <c>taskResults</c>), appended in order to the
/// top-level arrays so entries from the file, unknown fields included, export unchanged before the new ones.
/// </summary>
public sealed partial class EmulatorState
{
    internal const string PublishedEventsMember = "publishedEvents";
    internal const string DroppedEventsMember = "droppedEvents";
    internal const string TaskResultsMember = "taskResults";

    private readonly HashSet<EventBusKey> _eventBuses = [];
    private readonly Dictionary<string, IssuedTaskToken> _taskTokens = new(StringComparer.Ordinal);

    // Guarded by _topLevel, as the taskResults array it mirrors.
    private readonly HashSet<string> _closedTaskTokens = new(StringComparer.Ordinal);

    /// <summary>The <c>default</c> bus exists in every account and Region; others only as state <c>eventBuses</c> lists them.</summary>
    internal bool HasEventBus(EventBusKey bus) => bus.Name == EventBusKey.DefaultName || _eventBuses.Contains(bus);

    /// <summary>
    /// Logs one PutEvents call's accepted entries: those on a bus that exists to <c>publishedEvents</c>, those
    /// EventBridge accepted and dropped (no such bus) to <c>droppedEvents</c>, which appears only once it has one.
    /// </summary>
    internal void RecordPublishedEvents(IReadOnlyCollection<JsonObject> published, IReadOnlyCollection<JsonObject> dropped)
    {
        lock (_topLevel)
        {
            var log = TopLevelLog(PublishedEventsMember);
            foreach (var entry in published)
            {
                log.Add(entry);
            }

            if (dropped.Count > 0)
            {
                var drops = TopLevelLog(DroppedEventsMember);
                foreach (var entry in dropped)
                {
                    drops.Add(entry);
                }
            }
        }
    }

    /// <summary>Closes the task token of <paramref name="result"/> and logs the result, once: a token has one outcome.</summary>
    internal TaskCallbackOutcome RecordTaskResult(string accountId, string region, JsonObject result)
    {
        var token = result.GetString("taskToken")!;
        lock (_topLevel)
        {
            if (!_taskTokens.TryGetValue(token, out var issued) || !issued.IsVisibleTo(accountId, region))
            {
                return TaskCallbackOutcome.UnknownToken;
            }

            if (!_closedTaskTokens.Add(token))
            {
                return TaskCallbackOutcome.AlreadyClosed;
            }

            TopLevelLog(TaskResultsMember).Add(result);
            return TaskCallbackOutcome.Recorded;
        }
    }

    private JsonArray TopLevelLog(string name)
    {
        if (_topLevel[name] is JsonArray log)
        {
            return log;
        }

        var created = new JsonArray();
        _topLevel[name] = created;
        return created;
    }

    private sealed partial class Loader
    {
        public void LoadPoliciesAndNotifications(JsonObject top)
        {
            LoadServiceControlDenies(top);
            LoadEventBuses(top);
            LoadTaskTokens(top);
            // A published or dropped event needs nothing beyond being an object: the logs are the emulator's output, read back as written.
            _ = Objects(top, PublishedEventsMember).Count();
            _ = Objects(top, DroppedEventsMember).Count();

            foreach (var (i, entry) in Objects(top, TaskResultsMember))
            {
                var path = $"$.{TaskResultsMember}[{i}]";
                var token = RequireString(source, entry, "taskToken", path);
                var status = RequireString(source, entry, "status", path);
                if (status is not ("SUCCESS" or "FAILURE"))
                {
                    throw new StateFileException(source, path + ".status", $"'{status}' is neither SUCCESS nor FAILURE");
                }

                // A result in the file closes its token, so a state written back and loaded again still refuses a second callback.
                state._closedTaskTokens.Add(token);
            }
        }

        private void LoadEventBuses(JsonObject top)
        {
            var nameShape = ServiceModels.Events.Shape("EventBusName");
            foreach (var (i, entry) in Objects(top, "eventBuses"))
            {
                var path = $"$.eventBuses[{i}]";
                var placement = Place(entry, path);
                var name = RequireString(source, entry, "Name", path);
                Check(nameShape, entry["Name"]!, path + ".Name");
                if (!state._eventBuses.Add(new EventBusKey(placement.AccountId, placement.Region, name)) || name == EventBusKey.DefaultName)
                {
                    throw new StateFileException(source, path + ".Name", $"the event bus '{name}' in {placement} is listed twice (the default bus always exists)");
                }
            }
        }

        private void LoadTaskTokens(JsonObject top)
        {
            var tokenShape = ServiceModels.StepFunctions.Shape("TaskToken");
            foreach (var (i, entry) in Objects(top, "taskTokens"))
            {
                var path = $"$.taskTokens[{i}]";
                var token = RequireString(source, entry, "taskToken", path);
                Check(tokenShape, entry["taskToken"]!, path + ".taskToken");
                var account = OptionalString(source, entry, "accountId", path);
                if (account is not null && !IsAccountId(account))
                {
                    throw new StateFileException(source, path + ".accountId", $"'{account}' is not an account id (exactly 12 digits)");
                }

                var region = OptionalString(source, entry, "region", path);
                if (region is not null && !RegionName().IsMatch(region))
                {
                    throw new StateFileException(source, path + ".region", $"'{region}' is not a Region name such as us-east-1");
                }

                if (!state._taskTokens.TryAdd(token, new IssuedTaskToken(token, account, region)))
                {
                    throw new StateFileException(source, path + ".taskToken", "this task token is listed twice");
                }
            }
        }

        private IEnumerable<(int Index, JsonObject Entry)> Objects(JsonObject top, string name)
        {
            var items = ArrayOf(source, top, name);
            for (var i = 0; i < items.Count; i++)
            {
                yield return (i, ResourceObject(items[i], $"$.{name}[{i}]"));
            }
        }
    }
}
