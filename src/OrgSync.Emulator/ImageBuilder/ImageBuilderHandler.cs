using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.ImageBuilder;

/// <summary>
/// EC2 Image Builder (restJson1) distribution configurations, per account and Region, with client-token
/// idempotency on the writes. Error statuses come from the model's <c>error.httpStatusCode</c>.
/// </summary>
internal static partial class ImageBuilderHandler
{
    /// <summary>Image Builder's default when a configuration is created without one.</summary>
    public const int DefaultTimeoutMinutes = 720;

    public const int DefaultMaxResults = 25;

    public static readonly FrozenSet<string> Supported = new[]
    {
        "GetDistributionConfiguration", "UpdateDistributionConfiguration", "CreateDistributionConfiguration", "ListDistributionConfigurations",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Writes = new[]
    {
        "UpdateDistributionConfiguration", "CreateDistributionConfiguration",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static ServiceModel Model => ServiceModels.ImageBuilder;

    public static JsonObject Execute(CallContext call)
    {
        var home = call.Home;
        lock (home.Gate)
        {
            var output = call.Operation.Name switch
            {
                "GetDistributionConfiguration" => Get(call, home),
                "UpdateDistributionConfiguration" => Idempotent(call, home, Update),
                "CreateDistributionConfiguration" => Idempotent(call, home, Create),
                "ListDistributionConfigurations" => List(call, home),
                var other => throw new InvalidOperationException("not dispatched: " + other),
            };

            var response = new JsonObject { ["requestId"] = call.RequestId };
            foreach (var (key, value) in output)
            {
                response[key] = value?.DeepClone();
            }

            return response;
        }
    }

    public static AwsErrorException Error(string code, string message) => CommonErrors.Fail(CommonErrors.ImageBuilderError(code, message));

    /// <summary>The busy-configuration answer (the <c>in-use</c> fault), in the model's words for the shape.</summary>
    public static AwsErrorException InUse() => Error("ResourceInUseException",
        "The resource that you are trying to operate on is currently in use. Review the message details and retry later.");

    private static JsonObject Get(CallContext call, RegionState home)
    {
        var arn = call.Input.GetString("distributionConfigurationArn")!;
        var stored = Find(call, home, arn);
        var output = (JsonObject)ModelProjection.Project(Model.Shape("DistributionConfiguration"), stored.Document)!;
        if (!output.ContainsKey("timeoutMinutes"))
        {
            output["timeoutMinutes"] = DefaultTimeoutMinutes;
        }

        return new JsonObject { ["distributionConfiguration"] = output };
    }

    /// <summary>
    /// Same token and same request: the remembered answer, the write not applied again. Same token and a
    /// different request: IdempotentParameterMismatchException. Tokens live per account and Region.
    /// </summary>
    private static JsonObject Idempotent(CallContext call, RegionState home, Func<CallContext, RegionState, JsonObject> write)
    {
        var token = call.Input.GetString("clientToken")!;
        if (home.ClientTokens.TryGetValue(token, out var previous))
        {
            if (previous.Operation == call.Operation.Name && JsonNode.DeepEquals(previous.Request, call.Input))
            {
                return previous.Response;
            }

            throw Error("IdempotentParameterMismatchException", $"The client token '{token}' has already been used with a different request; use a new client token for a different request.");
        }

        var response = write(call, home);
        home.ClientTokens[token] = new IdempotentCall(call.Operation.Name, call.Input.DeepClone(), response);
        return response;
    }

    private static JsonObject Update(CallContext call, RegionState home)
    {
        var input = call.Input;
        var arn = input.GetString("distributionConfigurationArn")!;
        var stored = Find(call, home, arn);
        var distributions = input.GetArray("distributions")!;
        CheckDistributions(distributions);

        // Update replaces description and distributions; name, tags, timeoutMinutes and dateCreated stay.
        var document = stored.Document;
        if (input.GetString("description") is { } description)
        {
            document["description"] = description;
        }
        else
        {
            document.Remove("description");
        }

        document["distributions"] = distributions.DeepClone();
        document["dateUpdated"] = DateText(call.Now);
        return new JsonObject { ["clientToken"] = input.GetString("clientToken"), ["distributionConfigurationArn"] = arn };
    }

    private static JsonObject Create(CallContext call, RegionState home)
    {
        var input = call.Input;
        var name = input.GetString("name")!;
        var arn = $"arn:aws:imagebuilder:{call.Region}:{call.Caller.AccountId}:distribution-configuration/{name.ToLowerInvariant().Replace(' ', '-')}";
        if (home.Distributions.ContainsKey(arn) || home.Distributions.Values.Any(d => d.Document.GetString("name") == name))
        {
            throw Error("ResourceAlreadyExistsException", $"The resource ARN '{arn}' already exists.");
        }

        var distributions = input.GetArray("distributions")!;
        CheckDistributions(distributions);
        var document = new JsonObject { ["arn"] = arn, ["name"] = name };
        if (input.GetString("description") is { } description)
        {
            document["description"] = description;
        }

        document["distributions"] = distributions.DeepClone();
        document["timeoutMinutes"] = DefaultTimeoutMinutes;
        document["dateCreated"] = DateText(call.Now);
        if (input.GetObject("tags") is { } tags)
        {
            document["tags"] = tags.DeepClone();
        }

        home.Distributions[arn] = new StoredResource(call.State.NextSequence(), ResourceKind.DistributionConfiguration, document);
        return new JsonObject { ["clientToken"] = input.GetString("clientToken"), ["distributionConfigurationArn"] = arn };
    }

    private static JsonObject List(CallContext call, RegionState home)
    {
        var input = call.Input;
        IEnumerable<StoredResource> selected = home.Distributions.Values;
        foreach (var filter in input.GetArray("filters")?.OfType<JsonObject>() ?? [])
        {
            var filterName = filter.GetString("name");
            if (filterName != "name")
            {
                throw Error("InvalidRequestException", $"The filter name '{filterName}' is not supported for distribution configurations. Supported filter names: name.");
            }

            var values = filter.GetArray("values").Strings().ToHashSet(StringComparer.Ordinal);
            selected = selected.Where(d => d.Document.GetString("name") is { } n && values.Contains(n));
        }

        var (page, nextToken) = Paging.Page(
            selected.ToList(),
            distribution => distribution.Document.GetString("arn")!,
            "distribution",
            input.GetString("nextToken"),
            (int)(input.GetLong("maxResults") ?? DefaultMaxResults),
            () => Error("InvalidPaginationTokenException", "The pagination token provided is not valid."));
        var summaryShape = Model.Shape("DistributionConfigurationSummary");
        var summaries = new JsonArray();
        foreach (var item in page)
        {
            var summary = (JsonObject)ModelProjection.Project(summaryShape, item.Document)!;
            summary["regions"] = new JsonArray(item.Document.GetArray("distributions")?.OfType<JsonObject>()
                .Select(d => d.GetString("region")).OfType<string>().Select(r => (JsonNode)JsonValue.Create(r)!).ToArray() ?? []);
            summaries.Add(summary);
        }

        var result = new JsonObject { ["distributionConfigurationSummaryList"] = summaries };
        if (nextToken is not null)
        {
            result["nextToken"] = nextToken;
        }

        return result;
    }

    /// <summary>
    /// Resolves an ARN the caller named. Decided here where AWS's documentation is silent: an ARN for
    /// another Region than the request's is an InvalidParameterValueException (the resource can only live
    /// in its own Region); an ARN in another account than the caller's is a ForbiddenException (403).
    /// </summary>
    private static StoredResource Find(CallContext call, RegionState home, string arn)
    {
        if (!EmulatorState.TryParseDistributionArn(arn, out var arnRegion, out var arnAccount))
        {
            throw Error("ResourceNotFoundException", $"The resource ARN '{arn}' cannot be found.");
        }

        if (arnRegion != call.Region)
        {
            throw Error("InvalidParameterValueException",
                $"The value supplied for parameter 'distributionConfigurationArn' is not valid. The ARN is in Region '{arnRegion}', but the request was sent to Region '{call.Region}'.");
        }

        if (arnAccount != call.Caller.AccountId)
        {
            throw Error("ForbiddenException",
                $"User: {call.Caller.Arn} is not authorized to perform: imagebuilder:{call.Operation.Name} on resource: {arn} (the resource belongs to account {arnAccount}).");
        }

        return home.Distributions.TryGetValue(arn, out var stored)
            ? stored
            : throw Error("ResourceNotFoundException", $"The resource ARN '{arn}' cannot be found.");
    }

    private static void CheckDistributions(JsonArray distributions)
    {
        var regions = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < distributions.Count; i++)
        {
            if (distributions[i] is not JsonObject distribution)
            {
                continue;
            }

            if (!distribution.Any(p => p.Key != "region" && p.Value is not null))
            {
                throw Error("InvalidParameterValueException", $"The value supplied for parameter 'distributions[{i}]' is not valid. One or more outputs should be provided for each region in a distribution configuration.");
            }

            if (distribution.GetString("region") is { } region && !regions.Add(region))
            {
                throw Error("InvalidParameterValueException", $"The value supplied for parameter 'distributions[{i}]' is not valid. The Region '{region}' appears in more than one distribution; each Region can be listed once.");
            }

            // Each build names a new AMI, so the name must carry the build date (Image Builder's own wording).
            if (distribution.GetObject("amiDistributionConfiguration")?.GetString("name") is { } amiName && !BuildDate().IsMatch(amiName))
            {
                throw Error("InvalidParameterValueException", $"The value supplied for parameter 'distributions[{i}].amiDistributionConfiguration.name' is not valid. The EC2 AMI name must contain '{{{{ imagebuilder:buildDate }}}}' to ensure that the name will be unique.");
            }
        }
    }

    [GeneratedRegex(@"\{\{ *imagebuilder:buildDate *\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex BuildDate();

    /// <summary>Image Builder dates are plain strings on the wire.</summary>
    internal static string DateText(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
