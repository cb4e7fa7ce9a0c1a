using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Emulator.Iam;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Organizations;

namespace OrgSync.Emulator.State;

/// <summary>A state file that cannot be used: where (a JSON path) and why.</summary>
public sealed class StateFileException(string source, string path, string problem)
    : Exception($"state file {source}: {path}: {problem}")
{
    public string StateSource { get; } = source;

    public string JsonPath { get; } = path;

    public string Problem { get; } = problem;
}

/// <summary>
/// Everything the emulator holds: the home account and its long-term key, the Config and Image
/// Builder resources of every account and Region, and the read-only organization and IAM roles (SPEC
/// §5.1). Loaded from and exported to the state-file format (SPEC §5); unknown fields, at the top level
/// or inside a resource, are kept and written back unchanged.
/// </summary>
public sealed partial class EmulatorState
{
    public const string DefaultAccessKeyId = "AKIAORGSYNCEMULATOR1";
    public const string DefaultSecretAccessKey = "orgsync-emulator-secret-access-key-do-not-use";

    private static readonly string[] ResourceArrays = ["configurationAggregators", "distributionConfigurations", "configurationRecorders", "deliveryChannels", "aggregationAuthorizations"];

    private readonly ConcurrentDictionary<Placement, RegionState> _regions = new();
    private readonly JsonObject _topLevel;
    private long _sequence;

    private EmulatorState(JsonObject topLevel, string accountId, string accessKeyId, string secretAccessKey)
    {
        _topLevel = topLevel;
        AccountId = accountId;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
    }

    /// <summary>The home account: what the state file's own key acts on.</summary>
    public string AccountId { get; }

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>The state file's <c>organization</c> (null: the accounts belong to none); read-only, so it is exported as loaded.</summary>
    internal Organization? Organization { get; private init; }

    /// <summary>The state file's <c>roles</c>; read-only, so they are exported as loaded.</summary>
    internal RoleDirectory Roles { get; private init; } = RoleDirectory.Empty;

    /// <summary>An empty state for <paramref name="accountId"/>.</summary>
    public static EmulatorState CreateEmpty(string accountId, string accessKeyId = DefaultAccessKeyId, string secretAccessKey = DefaultSecretAccessKey)
    {
        if (!IsAccountId(accountId))
        {
            throw new ArgumentException("an account id is exactly 12 digits", nameof(accountId));
        }

        var top = new JsonObject { ["accountId"] = accountId, ["accessKeyId"] = accessKeyId, ["secretAccessKey"] = secretAccessKey };
        return new EmulatorState(top, accountId, accessKeyId, secretAccessKey);
    }

    public static EmulatorState Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateFileException(path, "$", "cannot be read: " + ex.Message);
        }

        return Parse(text, path);
    }

    /// <summary>Parses state-file JSON; <paramref name="source"/> names it in errors.</summary>
    public static EmulatorState Parse(string json, string source = "(inline)")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, nodeOptions: null, documentOptions: new JsonDocumentOptions
            {
                AllowDuplicateProperties = false,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                MaxDepth = 64,
            });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $" (line {l + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new StateFileException(source, ex.Path is { Length: > 0 } p ? p : "$", "not valid JSON" + line + ": " + ex.Message.Split(" Path:")[0]);
        }

        if (root is not JsonObject top)
        {
            throw new StateFileException(source, "$", "must be a JSON object");
        }

        var accountId = RequireString(source, top, "accountId", "$");
        if (!IsAccountId(accountId))
        {
            throw new StateFileException(source, "$.accountId", $"'{accountId}' is not an account id (exactly 12 digits)");
        }

        var accessKeyId = OptionalString(source, top, "accessKeyId", "$") ?? DefaultAccessKeyId;
        var secret = OptionalString(source, top, "secretAccessKey", "$") ?? DefaultSecretAccessKey;
        if (accessKeyId.Length == 0 || secret.Length == 0)
        {
            throw new StateFileException(source, "$", "accessKeyId and secretAccessKey must not be empty");
        }

        var state = new EmulatorState(top, accountId, accessKeyId, secret)
        {
            Organization = OrganizationLoader.Load(source, top["organization"]),
            Roles = RoleDirectory.Load(source, ArrayOf(source, top, "roles"), accountId),
        };
        var loader = new Loader(state, source);
        loader.LoadAggregators(ArrayOf(source, top, "configurationAggregators"));
        loader.LoadDistributions(ArrayOf(source, top, "distributionConfigurations"));
        loader.LoadRecorders(ArrayOf(source, top, "configurationRecorders"));
        loader.LoadChannels(ArrayOf(source, top, "deliveryChannels"));
        loader.LoadAggregationAuthorizations(ArrayOf(source, top, "aggregationAuthorizations"));
        loader.LoadPoliciesAndNotifications(top);

        // The resources now belong to their regions; the file's arrays keep only their place among the top-level
        // fields (an export fills them again), so the state holds each resource once and never shares one.
        foreach (var name in ResourceArrays)
        {
            (top[name] as JsonArray)?.Clear();
        }

        return state;
    }

    /// <summary>The state in the state-file format, as indented JSON.</summary>
    public string Export()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            ExportNode().WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A deep copy of the state in the state-file format.</summary>
    public JsonObject ExportNode()
    {
        var resources = new List<StoredResource>();
        foreach (var region in _regions.Values)
        {
            lock (region.Gate)
            {
                resources.AddRange(region.All().Select(r => new StoredResource(r.Sequence, r.Kind, (JsonObject)r.Document.DeepClone())));
            }
        }

        JsonObject top;
        lock (_topLevel)
        {
            top = (JsonObject)_topLevel.DeepClone();
        }

        var byKind = resources.OrderBy(r => r.Sequence).ToLookup(r => r.Kind);
        SetArray(top, "configurationAggregators", byKind[ResourceKind.ConfigurationAggregator]);
        SetArray(top, "distributionConfigurations", byKind[ResourceKind.DistributionConfiguration]);
        SetArray(top, "configurationRecorders", byKind[ResourceKind.ConfigurationRecorder]);
        SetArray(top, "deliveryChannels", byKind[ResourceKind.DeliveryChannel]);
        SetArray(top, "aggregationAuthorizations", byKind[ResourceKind.AggregationAuthorization]);
        return top;
    }

    public void WriteTo(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, Export());
        File.Move(temp, full, overwrite: true);
    }

    internal RegionState Region(string accountId, string region) =>
        _regions.GetOrAdd(new Placement(accountId, region), static p => new RegionState(p));

    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    internal static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    /// <summary>
    /// The aggregator id AWS would assign at random; derived here from the aggregator's identity so a
    /// run with the same inputs yields the same ARNs.
    /// </summary>
    internal static string AggregatorArn(string accountId, string region, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{accountId}/{region}/{name}"));
        var suffix = new string(hash.Take(8).Select(b => (char)('a' + (b % 26))).ToArray());
        return $"arn:aws:config:{region}:{accountId}:config-aggregator/config-aggregator-{suffix}";
    }

    private static void SetArray(JsonObject top, string name, IEnumerable<StoredResource> resources)
    {
        var array = new JsonArray(resources.Select(r => (JsonNode)r.Document).ToArray());
        if (array.Count > 0 || top.ContainsKey(name))
        {
            top[name] = array;
        }
    }

    internal static JsonArray ArrayOf(string source, JsonObject top, string name)
    {
        if (!top.TryGetPropertyValue(name, out var node) || node is null)
        {
            return [];
        }

        return node as JsonArray ?? throw new StateFileException(source, "$." + name, "must be a list, found " + ModelValidator.Describe(node));
    }

    internal static string RequireString(string source, JsonObject obj, string name, string path) =>
        OptionalString(source, obj, name, path) ?? throw new StateFileException(source, $"{path}.{name}", "is required");

    internal static string? OptionalString(string source, JsonObject obj, string name, string path)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        throw new StateFileException(source, $"{path}.{name}", "must be a string, found " + ModelValidator.Describe(node));
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+\\z")]
    private static partial Regex RegionName();

    [GeneratedRegex("^arn:aws[^:]*:imagebuilder:([^:]+):([0-9]{12}):distribution-configuration/[a-z0-9-_]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DistributionArn();

    internal static bool TryParseDistributionArn(string arn, out string region, out string accountId)
    {
        var match = DistributionArn().Match(arn);
        region = match.Success ? match.Groups[1].Value : string.Empty;
        accountId = match.Success ? match.Groups[2].Value : string.Empty;
        return match.Success;
    }

    private sealed partial class Loader(EmulatorState state, string source)
    {
        public void LoadAggregators(JsonArray items)
        {
            var shape = ServiceModels.Config.Shape("ConfigurationAggregator");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.configurationAggregators[{i}]";
                var doc = ResourceObject(items[i], path);
                var placement = Place(doc, path);
                Check(shape, doc, path);
                var name = RequireString(source, doc, "ConfigurationAggregatorName", path);
                var region = state.Region(placement.AccountId, placement.Region);
                if (region.Aggregators.ContainsKey(name))
                {
                    throw new StateFileException(source, path, $"a second configuration aggregator named '{name}' in {placement}");
                }

                if (!doc.ContainsKey("ConfigurationAggregatorArn"))
                {
                    doc["ConfigurationAggregatorArn"] = AggregatorArn(placement.AccountId, placement.Region, name);
                }

                region.Aggregators[name] = new StoredResource(state.NextSequence(), ResourceKind.ConfigurationAggregator, doc);
            }
        }

        public void LoadDistributions(JsonArray items)
        {
            var shape = ServiceModels.ImageBuilder.Shape("DistributionConfiguration");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.distributionConfigurations[{i}]";
                var doc = ResourceObject(items[i], path);
                var arn = RequireString(source, doc, "arn", path);
                if (!TryParseDistributionArn(arn, out var arnRegion, out var arnAccount))
                {
                    throw new StateFileException(source, path + ".arn", $"'{arn}' is not a distribution configuration ARN (arn:aws:imagebuilder:<region>:<12-digit account>:distribution-configuration/<lowercase id>)");
                }

                if (OptionalString(source, doc, "accountId", path) is { } account && account != arnAccount)
                {
                    throw new StateFileException(source, path + ".accountId", $"'{account}' differs from the account in the ARN ({arnAccount})");
                }

                if (OptionalString(source, doc, "region", path) is { } regionName && regionName != arnRegion)
                {
                    throw new StateFileException(source, path + ".region", $"'{regionName}' differs from the Region in the ARN ({arnRegion})");
                }

                Check(shape, doc, path);
                RequireString(source, doc, "name", path);
                var region = state.Region(arnAccount, arnRegion);
                if (region.Distributions.ContainsKey(arn))
                {
                    throw new StateFileException(source, path, $"a second distribution configuration with ARN '{arn}'");
                }

                region.Distributions[arn] = new StoredResource(state.NextSequence(), ResourceKind.DistributionConfiguration, doc);
            }
        }

        public void LoadRecorders(JsonArray items) =>
            LoadSingletons(items, "configurationRecorders", "ConfigurationRecorder", ResourceKind.ConfigurationRecorder, r => r.Recorders, "configuration recorder");

        public void LoadChannels(JsonArray items) =>
            LoadSingletons(items, "deliveryChannels", "DeliveryChannel", ResourceKind.DeliveryChannel, r => r.Channels, "delivery channel");

        // Config allows one customer-managed recorder and one delivery channel per account and Region.
        private void LoadSingletons(JsonArray items, string arrayName, string shapeName, ResourceKind kind, Func<RegionState, SortedDictionary<string, StoredResource>> table, string noun)
        {
            var shape = ServiceModels.Config.Shape(shapeName);
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.{arrayName}[{i}]";
                var doc = ResourceObject(items[i], path);
                var placement = Place(doc, path);
                Check(shape, doc, path);
                var name = RequireString(source, doc, "name", path);
                var resources = table(state.Region(placement.AccountId, placement.Region));
                if (resources.Count > 0)
                {
                    throw new StateFileException(source, path, $"a second {noun} ('{name}') in {placement}; AWS Config allows one per account and Region");
                }

                resources[name] = new StoredResource(state.NextSequence(), kind, doc);
            }
        }

        private JsonObject ResourceObject(JsonNode? node, string path) =>
            node as JsonObject ?? throw new StateFileException(source, path, "must be an object, found " + ModelValidator.Describe(node));

        private Placement Place(JsonObject doc, string path)
        {
            var account = OptionalString(source, doc, "accountId", path) ?? state.AccountId;
            if (!IsAccountId(account))
            {
                throw new StateFileException(source, path + ".accountId", $"'{account}' is not an account id (exactly 12 digits)");
            }

            var region = RequireString(source, doc, "region", path);
            if (!RegionName().IsMatch(region))
            {
                throw new StateFileException(source, path + ".region", $"'{region}' is not a Region name such as us-east-1");
            }

            return new Placement(account, region);
        }

        private void Check(ShapeModel shape, JsonNode doc, string path) => CheckAgainstModel(source, shape, doc, path);
    }

    /// <summary>
    /// Checks a state-file document as the API returns it: the model's types and constraints for its members,
    /// unknown members allowed (they are kept), required members left to the caller. The first problem fails
    /// with its JSON path under <paramref name="path"/>.
    /// </summary>
    internal static void CheckAgainstModel(string source, ShapeModel shape, JsonNode doc, string path)
    {
        var report = ModelValidator.Validate(shape, doc, ValidationOptions.StateDocument with { EnforceRequired = false });
        if (report.TypeMismatches.Count > 0)
        {
            var m = report.TypeMismatches[0];
            throw new StateFileException(source, m.Path.ToJsonPath(path), $"must be {m.Expected}, found {m.Found}");
        }

        if (report.Violations.Count > 0)
        {
            var v = report.Violations[0];
            throw new StateFileException(source, v.Path.ToJsonPath(path), (v.RenderedValue is null ? "null" : $"'{v.RenderedValue}'") + ": " + v.Constraint);
        }
    }
}
