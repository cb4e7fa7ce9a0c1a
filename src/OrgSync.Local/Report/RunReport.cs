using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Targets;

namespace OrgSync.Local.Report;

/// <summary>One maintained account list, before and after a run.</summary>
/// <param name="Target">What it is: <c>org-aggregator (us-east-1)</c>, <c>golden · us-east-1 launchPermission.userIds</c>.</param>
/// <param name="Before">Accounts before; null when the list (or the resource) did not exist.</param>
/// <param name="After">Accounts after; null when it does not exist.</param>
/// <param name="Note">Why it was left alone, or that it was created or is missing.</param>
public sealed record AccountListChange(string Target, ImmutableArray<string>? Before, ImmutableArray<string>? After, string? Note)
{
    public ImmutableArray<string> Added => [.. (After ?? []).Except(Before ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public ImmutableArray<string> Removed => [.. (Before ?? []).Except(After ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>A delivery channel the run created or changed.</summary>
/// <param name="Changes">One entry per field that changed (<c>s3BucketName: old-bucket → org-config-logs</c>).</param>
public sealed record ChannelChange(string AccountId, string Region, string Name, bool Created, ImmutableArray<string> Changes);

/// <summary>The before/after picture of a run, read from the emulator's state before and after.</summary>
public sealed record RunReport(
    ImmutableArray<AccountListChange> Aggregators,
    ImmutableArray<AccountListChange> Distributions,
    ImmutableArray<ChannelChange> Channels)
{
    private static readonly string[] ChannelFields = ["s3BucketName", "s3KeyPrefix", "snsTopicARN", "s3KmsKeyArn"];

    /// <summary>Compares the two states for every target of <paramref name="targets"/>, and every delivery channel.</summary>
    public static RunReport Compare(TargetsFile targets, string stateBefore, string stateAfter)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var before = JsonNode.Parse(stateBefore)!.AsObject();
        var after = JsonNode.Parse(stateAfter)!.AsObject();
        var home = targets.HomeAccountId ?? before["accountId"]?.GetValue<string>();

        var aggregators = targets.Aggregators.Select(target =>
        {
            var old = FindAggregator(before, home, target);
            var now = FindAggregator(after, home, target);
            var title = $"{target.Name} ({target.Region})";
            if (now?["OrganizationAggregationSource"] is not null)
            {
                return new AccountListChange(title, null, null, "organization source: covers members, left alone");
            }

            var note = (old, now) switch
            {
                (null, null) => target.CreateIfMissing ? "does not exist (no joining account to create it with)" : "does not exist (createIfMissing is false)",
                (null, _) => "created",
                _ => null,
            };
            return new AccountListChange(title, AccountIdsOf(old), AccountIdsOf(now), note);
        });

        var distributions = targets.Distributions.SelectMany(target => DistributionLists(target, Find(before, "distributionConfigurations", target.Arn), Find(after, "distributionConfigurations", target.Arn)));

        return new RunReport([.. aggregators], [.. distributions], ChannelChanges(before, after));
    }

    private static IEnumerable<AccountListChange> DistributionLists(DistributionTarget target, JsonObject? before, JsonObject? after)
    {
        var name = after?["name"]?.GetValue<string>() ?? target.Arn.Split('/')[^1];
        if (after is null)
        {
            yield return new AccountListChange(name, null, null, $"does not exist in {target.Region}");
            yield break;
        }

        var entries = after["distributions"]?.AsArray() ?? [];
        var oldEntries = before?["distributions"]?.AsArray() ?? [];
        for (var index = 0; index < entries.Count; index++)
        {
            var region = entries[index]?["region"]?.GetValue<string>() ?? "?";
            if (target.Regions is { } regions && !regions.Contains(region))
            {
                continue;
            }

            var ami = entries[index]?["amiDistributionConfiguration"]?.AsObject();
            if (ami is null)
            {
                continue;
            }

            var oldAmi = oldEntries.Count > index ? oldEntries[index]?["amiDistributionConfiguration"]?.AsObject() : null;
            if (target.Share.Contains(ShareKind.LaunchPermission))
            {
                var title = $"{name} · {region} launchPermission.userIds";
                if (ami["launchPermission"]?["organizationArns"] is JsonArray { Count: > 0 })
                {
                    yield return new AccountListChange(title, null, null, "organization share: covers members, left alone");
                }
                else
                {
                    yield return new AccountListChange(title, Strings(oldAmi?["launchPermission"]?["userIds"]) ?? [], Strings(ami["launchPermission"]?["userIds"]) ?? [], null);
                }
            }

            if (target.Share.Contains(ShareKind.TargetAccountIds))
            {
                yield return new AccountListChange($"{name} · {region} targetAccountIds", Strings(oldAmi?["targetAccountIds"]) ?? [], Strings(ami["targetAccountIds"]) ?? [], null);
            }
        }
    }

    private static ImmutableArray<ChannelChange> ChannelChanges(JsonObject before, JsonObject after)
    {
        var old = ChannelsIn(before);
        var changes = ImmutableArray.CreateBuilder<ChannelChange>();
        foreach (var ((account, region), channel) in ChannelsIn(after).OrderBy(c => c.Key.Account, StringComparer.Ordinal).ThenBy(c => c.Key.Region, StringComparer.Ordinal))
        {
            var name = channel["name"]?.GetValue<string>() ?? "default";
            if (!old.TryGetValue((account, region), out var previous))
            {
                changes.Add(new ChannelChange(account, region, name, true, [.. Describe(null, channel)]));
            }
            else if (!JsonNode.DeepEquals(previous, channel))
            {
                changes.Add(new ChannelChange(account, region, name, false, [.. Describe(previous, channel)]));
            }
        }

        return changes.ToImmutable();
    }

    private static IEnumerable<string> Describe(JsonObject? before, JsonObject after)
    {
        foreach (var field in ChannelFields)
        {
            var was = before?[field]?.GetValue<string>();
            var now = after[field]?.GetValue<string>();
            if (was != now)
            {
                yield return before is null ? $"{field}: {now}" : $"{field}: {was ?? "(none)"} → {now ?? "(none)"}";
            }
        }

        var frequency = after["configSnapshotDeliveryProperties"]?["deliveryFrequency"]?.GetValue<string>();
        var oldFrequency = before?["configSnapshotDeliveryProperties"]?["deliveryFrequency"]?.GetValue<string>();
        if (frequency != oldFrequency)
        {
            yield return before is null ? $"deliveryFrequency: {frequency}" : $"deliveryFrequency: {oldFrequency ?? "(none)"} → {frequency ?? "(none)"}";
        }
    }

    private static Dictionary<(string Account, string Region), JsonObject> ChannelsIn(JsonObject state)
    {
        var channels = new Dictionary<(string, string), JsonObject>();
        foreach (var item in state["deliveryChannels"]?.AsArray() ?? [])
        {
            if (item is JsonObject channel && channel["accountId"]?.GetValue<string>() is { } account && channel["region"]?.GetValue<string>() is { } region)
            {
                channels[(account, region)] = channel;
            }
        }

        return channels;
    }

    private static JsonObject? FindAggregator(JsonObject state, string? home, AggregatorTarget target) =>
        (state["configurationAggregators"]?.AsArray() ?? []).OfType<JsonObject>().FirstOrDefault(a =>
            a["region"]?.GetValue<string>() == target.Region
            && a["ConfigurationAggregatorName"]?.GetValue<string>() == target.Name
            && (home is null || a["accountId"]?.GetValue<string>() == home));

    private static JsonObject? Find(JsonObject state, string collection, string arn) =>
        (state[collection]?.AsArray() ?? []).OfType<JsonObject>().FirstOrDefault(d => d["arn"]?.GetValue<string>() == arn);

    private static ImmutableArray<string>? AccountIdsOf(JsonObject? aggregator) =>
        aggregator is null ? null : Strings(aggregator["AccountAggregationSources"]?[0]?["AccountIds"]) ?? [];

    private static ImmutableArray<string>? Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(item => item?.GetValue<string>()).OfType<string>()] : null;
}
