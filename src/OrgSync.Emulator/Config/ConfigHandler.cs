using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Config;

/// <summary>
/// AWS Config (awsJson1_1): aggregators, delivery channels and configuration recorders, per account and
/// Region, with the checks and messages AWS (and moto, FACTS §6) apply after model validation.
/// </summary>
internal static partial class ConfigHandler
{
    public const int MaxAggregatorsPerRegion = 50;

    public static readonly FrozenSet<string> Supported = new[]
    {
        "DescribeConfigurationAggregators", "PutConfigurationAggregator", "DeleteConfigurationAggregator",
        "DescribeDeliveryChannels", "PutDeliveryChannel", "DescribeConfigurationRecorders", "PutConfigurationRecorder",
        "PutAggregationAuthorization", "DeleteAggregationAuthorization", "DescribeAggregationAuthorizations",
        "DescribeConfigurationAggregatorSourcesStatus",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Writes = new[]
    {
        "PutConfigurationAggregator", "DeleteConfigurationAggregator", "PutDeliveryChannel", "PutConfigurationRecorder",
        "PutAggregationAuthorization", "DeleteAggregationAuthorization",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static ServiceModel Model => ServiceModels.Config;

    /// <summary>Runs the operation; null means a 200 with an empty body.</summary>
    public static JsonObject? Execute(CallContext call)
    {
        if (call.Operation.Name == "DescribeConfigurationAggregatorSourcesStatus")
        {
            // Reads other accounts' Regions, each under its own lock: never while holding this one.
            return DescribeSourcesStatus(call);
        }

        var home = call.Home;
        lock (home.Gate)
        {
            return call.Operation.Name switch
            {
                "PutConfigurationAggregator" => PutAggregator(call, home),
                "DescribeConfigurationAggregators" => DescribeAggregators(call, home),
                "DeleteConfigurationAggregator" => DeleteAggregator(call, home),
                "PutDeliveryChannel" => PutDeliveryChannel(call, home),
                "DescribeDeliveryChannels" => DescribeDeliveryChannels(call, home),
                "PutConfigurationRecorder" => PutRecorder(call, home),
                "DescribeConfigurationRecorders" => DescribeRecorders(call, home),
                "PutAggregationAuthorization" => PutAggregationAuthorization(call, home),
                "DeleteAggregationAuthorization" => DeleteAggregationAuthorization(call, home),
                "DescribeAggregationAuthorizations" => DescribeAggregationAuthorizations(call, home),
                var other => throw new InvalidOperationException("not dispatched: " + other),
            };
        }
    }

    private static JsonObject PutAggregator(CallContext call, RegionState home)
    {
        var input = call.Input;
        var name = input.GetString("ConfigurationAggregatorName")!;
        var accountSources = input.GetArray("AccountAggregationSources");
        var organizationSource = input.GetObject("OrganizationAggregationSource");
        var hasAccounts = accountSources is { Count: > 0 };
        if (hasAccounts && organizationSource is not null)
        {
            throw CallContext.Error("InvalidParameterValueException", "The configuration aggregator cannot be created because your request contains both the AccountAggregationSource and the OrganizationAggregationSource. Include only one aggregation source and try again.");
        }

        if (!hasAccounts && organizationSource is null)
        {
            throw CallContext.Error("InvalidParameterValueException", "The configuration aggregator cannot be created because your request is missing either the AccountAggregationSource or the OrganizationAggregationSource. Include the appropriate aggregation source and try again.");
        }

        var sources = hasAccounts ? accountSources!.OfType<JsonObject>().ToList() : [organizationSource!];
        foreach (var source in sources)
        {
            var regions = source.GetArray("AwsRegions");
            var all = source.GetBool("AllAwsRegions");
            if (regions is { Count: > 0 } && all)
            {
                throw CallContext.Error("InvalidParameterValueException", "Your configuration aggregator contains a list of regions and also specifies the use of all regions. You must choose one of these options.");
            }

            if (regions is not { Count: > 0 } && !all)
            {
                throw CallContext.Error("InvalidParameterValueException", "Your request does not specify any regions. Select AWS Config-supported regions and try again.");
            }
        }

        JsonObject document;
        if (home.Aggregators.TryGetValue(name, out var existing))
        {
            document = existing.Document;
        }
        else
        {
            if (home.Aggregators.Count >= MaxAggregatorsPerRegion)
            {
                throw CallContext.Error("LimitExceededException", $"You have reached the limit ({MaxAggregatorsPerRegion}) of configuration aggregators in this account and Region.");
            }

            document = new JsonObject
            {
                ["accountId"] = call.Caller.AccountId,
                ["region"] = call.Region,
                ["ConfigurationAggregatorName"] = name,
                ["ConfigurationAggregatorArn"] = EmulatorState.AggregatorArn(call.Caller.AccountId, call.Region, name),
                ["CreationTime"] = EpochSeconds(call.Now),
            };
            home.Aggregators[name] = new StoredResource(call.State.NextSequence(), ResourceKind.ConfigurationAggregator, document);

            // "Tags are added at creation and cannot be updated with this operation": a later put's tags are ignored.
            if (input.GetArray("Tags") is { } tags)
            {
                document["Tags"] = tags.DeepClone();
            }
        }

        // A put replaces the sources and filters; the ARN, CreationTime and tags stay.
        SetOrRemove(document, "AccountAggregationSources", hasAccounts ? accountSources : null);
        SetOrRemove(document, "OrganizationAggregationSource", hasAccounts ? null : organizationSource);
        SetOrRemove(document, "AggregatorFilters", input.GetObject("AggregatorFilters"));

        document["LastUpdatedTime"] = EpochSeconds(call.Now);
        return new JsonObject { ["ConfigurationAggregator"] = AggregatorOutput(document) };
    }

    private static JsonObject DescribeAggregators(CallContext call, RegionState home)
    {
        var input = call.Input;
        var names = input.GetArray("ConfigurationAggregatorNames").Strings().Distinct(StringComparer.Ordinal).ToList();
        var limit = input.GetLong("Limit") is { } l and > 0 ? (int)l : 100;
        if (names.Any(name => !home.Aggregators.ContainsKey(name)))
        {
            throw CallContext.Error("NoSuchConfigurationAggregatorException", names.Count == 1
                ? "The configuration aggregator does not exist. Check the configuration aggregator name and try again."
                : "At least one of the configuration aggregators does not exist. Check the configuration aggregator names and try again.");
        }

        var (page, nextToken) = Paging.Page(
            names.Count > 0 ? names.Order(StringComparer.Ordinal).ToList() : home.Aggregators.Keys.ToList(),
            name => name,
            "aggregator",
            input.GetString("NextToken"),
            limit,
            () => CallContext.Error("InvalidNextTokenException", "The nextToken provided is invalid"));
        var result = new JsonObject
        {
            ["ConfigurationAggregators"] = new JsonArray(page.Select(n => (JsonNode)AggregatorOutput(home.Aggregators[n].Document)).ToArray()),
        };
        if (nextToken is not null)
        {
            result["NextToken"] = nextToken;
        }

        return result;
    }

    private static JsonObject? DeleteAggregator(CallContext call, RegionState home)
    {
        var name = call.Input.GetString("ConfigurationAggregatorName")!;
        if (!home.Aggregators.Remove(name))
        {
            throw CallContext.Error("NoSuchConfigurationAggregatorException", "The configuration aggregator does not exist. Check the configuration aggregator name and try again.");
        }

        return null;
    }

    private static JsonObject? PutDeliveryChannel(CallContext call, RegionState home)
    {
        var channel = call.Input.GetObject("DeliveryChannel")!;
        if (home.Recorders.Count == 0)
        {
            throw CallContext.Error("NoAvailableConfigurationRecorderException", "Configuration recorder is not available to put delivery channel.");
        }

        // AWS documents that a channel created without a name is named "default".
        var name = channel.GetString("name") ?? "default";
        if (string.IsNullOrWhiteSpace(name))
        {
            throw CallContext.Error("InvalidDeliveryChannelNameException", $"The delivery channel name '{name}' is not valid, blank string.");
        }

        if (string.IsNullOrEmpty(channel.GetString("s3BucketName")))
        {
            throw CallContext.Error("NoSuchBucketException", "Cannot find a S3 bucket with an empty bucket name.");
        }

        if (channel.GetString("s3KeyPrefix") is { } prefix && (prefix.Length == 0 || prefix.Contains("AWSLogs", StringComparison.Ordinal)))
        {
            throw CallContext.Error("InvalidS3KeyPrefixException", prefix.Length == 0
                ? "The s3 key prefix '' is not valid, empty s3 key prefix."
                : $"The s3 key prefix '{prefix}' is not valid, the prefix cannot contain AWSLogs.");
        }

        if (channel.GetString("snsTopicARN") is { } topic && !SnsTopicArn().IsMatch(topic))
        {
            throw CallContext.Error("InvalidSNSTopicARNException", $"The sns topic arn '{topic}' is not valid.");
        }

        if (channel.GetString("s3KmsKeyArn") is { } kms && !KmsKeyArn().IsMatch(kms))
        {
            throw CallContext.Error("InvalidS3KmsKeyArnException", $"The arn '{kms}' is not a valid kms key or alias arn.");
        }

        // One channel per account and Region, and a channel cannot be renamed.
        PutSingleton(call, home.Channels, ResourceKind.DeliveryChannel, "DeliveryChannel", channel, name, () => CallContext.Error(
            "MaxNumberOfDeliveryChannelsExceededException", $"Failed to put delivery channel '{name}' because the maximum number of delivery channels: 1 is reached."));
        return null;
    }

    private static JsonObject DescribeDeliveryChannels(CallContext call, RegionState home)
    {
        var selected = Named(home.Channels, call.Input.GetArray("DeliveryChannelNames"), name => CallContext.Error(
            "NoSuchDeliveryChannelException", $"Cannot find delivery channel with specified name '{name}'."));
        return new JsonObject { ["DeliveryChannels"] = Project("DeliveryChannel", selected) };
    }

    private static JsonObject? PutRecorder(CallContext call, RegionState home)
    {
        var recorder = call.Input.GetObject("ConfigurationRecorder")!;
        var name = recorder.GetString("name") ?? "default";
        if (string.IsNullOrWhiteSpace(name))
        {
            throw CallContext.Error("InvalidConfigurationRecorderNameException", $"The configuration recorder name '{name}' is not valid, blank string.");
        }

        if (string.IsNullOrEmpty(recorder.GetString("roleARN")))
        {
            throw CallContext.Error("InvalidRoleException", "You have provided a null or empty Amazon Resource Name (ARN) for the IAM role assumed by Config and used by the customer managed configuration recorder.");
        }

        if (recorder.GetObject("recordingGroup") is { } group && !IsValidRecordingGroup(group))
        {
            throw CallContext.Error("InvalidRecordingGroupException", "The recording group provided is not valid");
        }

        // The recorder keeps its ARN across puts (a put that names none replaces every other field).
        var arn = home.Recorders.Values.FirstOrDefault()?.Document.GetString("arn");
        PutSingleton(call, home.Recorders, ResourceKind.ConfigurationRecorder, "ConfigurationRecorder", recorder, name, () => CallContext.Error(
            "MaxNumberOfConfigurationRecordersExceededException", $"Failed to put configuration recorder '{name}' because the maximum number of configuration recorders: 1 is reached."));
        if (arn is not null && recorder.GetString("arn") is null)
        {
            home.Recorders[name].Document["arn"] = arn;
        }

        return null;
    }

    private static JsonObject DescribeRecorders(CallContext call, RegionState home)
    {
        var selected = Named(home.Recorders, call.Input.GetArray("ConfigurationRecorderNames"), name => CallContext.Error(
            "NoSuchConfigurationRecorderException", $"Cannot find configuration recorder with the specified name '{name}'."));
        if (call.Input.GetString("ServicePrincipal") is { } principal)
        {
            selected = selected.Where(r => r.Document.GetString("servicePrincipal") == principal);
        }

        if (call.Input.GetString("Arn") is { } arn)
        {
            selected = selected.Where(r => r.Document.GetString("arn") == arn);
        }

        return new JsonObject { ["ConfigurationRecorders"] = new JsonArray(selected.Select(r => (JsonNode)RecorderView.Describe(r.Document)).ToArray()) };
    }

    /// <summary>
    /// Config keeps one configuration recorder and one delivery channel per account and Region: a put names
    /// the existing one or fails with <paramref name="secondOne"/>. It sets every modeled field from the
    /// request and removes those the request omits; placement and unknown state-file fields stay.
    /// </summary>
    private static void PutSingleton(
        CallContext call,
        SortedDictionary<string, StoredResource> table,
        ResourceKind kind,
        string shapeName,
        JsonObject request,
        string name,
        Func<AwsErrorException> secondOne)
    {
        var existing = table.Values.FirstOrDefault();
        if (existing is not null && existing.Document.GetString("name") != name)
        {
            throw secondOne();
        }

        var fields = (JsonObject)request.DeepClone();
        fields["name"] = name;
        var document = existing?.Document ?? new JsonObject { ["accountId"] = call.Caller.AccountId, ["region"] = call.Region };
        foreach (var member in Model.Shape(shapeName).OrderedMembers)
        {
            if (fields.TryGetPropertyValue(member.Name, out var value) && value is not null)
            {
                document[member.Name] = value.DeepClone();
            }
            else
            {
                document.Remove(member.Name);
            }
        }

        if (existing is null)
        {
            table[name] = new StoredResource(call.State.NextSequence(), kind, document);
        }
    }

    /// <summary>The resources a Describe names (every one when it names none); an unknown name fails with <paramref name="noSuch"/>.</summary>
    private static IEnumerable<StoredResource> Named(SortedDictionary<string, StoredResource> table, JsonArray? requested, Func<string, AwsErrorException> noSuch)
    {
        var names = requested.Strings().Distinct(StringComparer.Ordinal).ToList();
        if (names.FirstOrDefault(name => !table.ContainsKey(name)) is { } missing)
        {
            throw noSuch(missing);
        }

        return names.Count > 0 ? names.Select(name => table[name]) : table.Values;
    }

    /// <summary>Stored resources as the API returns them: the model's members only.</summary>
    private static JsonArray Project(string shapeName, IEnumerable<StoredResource> resources)
    {
        var shape = Model.Shape(shapeName);
        return new JsonArray(resources.Select(resource => ModelProjection.Project(shape, resource.Document)).ToArray());
    }

    private static bool IsValidRecordingGroup(JsonObject group)
    {
        if (group.Count == 0)
        {
            return false;
        }

        var allSupported = group.GetBool("allSupported");
        var hasTypes = group.GetArray("resourceTypes") is { Count: > 0 };
        var hasExclusions = group.GetObject("exclusionByResourceTypes")?.GetArray("resourceTypes") is { Count: > 0 };
        var strategy = group.GetObject("recordingStrategy")?.GetString("useOnly");
        if (allSupported && (hasTypes || hasExclusions || (strategy is not null && strategy != "ALL_SUPPORTED_RESOURCE_TYPES")))
        {
            return false;
        }

        return !hasExclusions || strategy == "EXCLUSION_BY_RESOURCE_TYPES";
    }

    /// <summary>The aggregator as the API returns it: model members only, AllAwsRegions always present.</summary>
    private static JsonObject AggregatorOutput(JsonObject document)
    {
        var output = (JsonObject)ModelProjection.Project(Model.Shape("ConfigurationAggregator"), document)!;
        var sources = output.GetArray("AccountAggregationSources")?.OfType<JsonObject>() ?? [];
        foreach (var source in sources.Append(output.GetObject("OrganizationAggregationSource")).OfType<JsonObject>())
        {
            if (!source.ContainsKey("AllAwsRegions"))
            {
                source["AllAwsRegions"] = false;
            }
        }

        return output;
    }

    private static void SetOrRemove(JsonObject document, string name, JsonNode? value)
    {
        if (value is null)
        {
            document.Remove(name);
        }
        else
        {
            document[name] = value.DeepClone();
        }
    }

    /// <summary>Config timestamps on the wire: epoch seconds as a JSON number, with milliseconds.</summary>
    internal static JsonNode EpochSeconds(DateTimeOffset time) => JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000.0)!;


    [GeneratedRegex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?\\z")]
    private static partial Regex SnsTopicArn();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/.+\\z")]
    private static partial Regex KmsKeyArn();
}
