using System.Text.Json.Nodes;

namespace OrgSync.Emulator.State;

internal enum ResourceKind
{
    ConfigurationAggregator,
    DistributionConfiguration,
    ConfigurationRecorder,
    DeliveryChannel,
    AggregationAuthorization,
}

/// <summary>
/// One resource as the state file holds it: the wire fields, the placement fields and any unknown
/// fields, all in one JSON object that is exported back as it is (unknown fields untouched). The
/// sequence keeps the state file's order on export; new resources go last.
/// </summary>
internal sealed class StoredResource(long sequence, ResourceKind kind, JsonObject document)
{
    public long Sequence { get; } = sequence;

    public ResourceKind Kind { get; } = kind;

    public JsonObject Document { get; } = document;
}

/// <summary>A successful idempotent call, remembered by its client token.</summary>
internal sealed record IdempotentCall(string Operation, JsonNode Request, JsonObject Response);

internal readonly record struct Placement(string AccountId, string Region)
{
    public override string ToString() => $"{AccountId}/{Region}";
}

/// <summary>The resources of one account in one Region. Every read and write holds <see cref="Gate"/>.</summary>
internal sealed class RegionState(Placement placement)
{
    public Placement Placement { get; } = placement;

    public Lock Gate { get; } = new();

    public SortedDictionary<string, StoredResource> Aggregators { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, StoredResource> Recorders { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, StoredResource> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>By ARN.</summary>
    public SortedDictionary<string, StoredResource> Distributions { get; } = new(StringComparer.Ordinal);

    /// <summary>Config aggregation authorizations this account grants from this Region, by <c>AUTHORIZEDACCOUNT/AUTHORIZEDREGION</c>.</summary>
    public SortedDictionary<string, StoredResource> AggregationAuthorizations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IdempotentCall> ClientTokens { get; } = new(StringComparer.Ordinal);

    public IEnumerable<StoredResource> All() =>
        Aggregators.Values.Concat(Recorders.Values).Concat(Channels.Values).Concat(Distributions.Values).Concat(AggregationAuthorizations.Values);
}
