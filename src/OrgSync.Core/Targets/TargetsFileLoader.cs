using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Accounts;
using OrgSync.Core.Json;

namespace OrgSync.Core.Targets;

/// <summary>Reads and validates a targets file (SPEC §2); every problem is reported with its JSON path.</summary>
/// <remarks>
/// Validation does not stop at the first problem: a platform engineer fixing a file wants the whole
/// list. Paths read like the file: <c>aggregators[1].region</c>; problems with the document itself
/// are at <c>$</c>. Explicit <c>null</c> is accepted only where the SPEC gives it a meaning
/// (<c>awsRegions</c>, <c>regions</c> of a distribution, channel fields, the two optional account ids).
/// </remarks>
public static class TargetsFileLoader
{
    private const string LaunchPermission = "launchPermission";
    private const string TargetAccountIds = "targetAccountIds";

    /// <exception cref="TargetsFileException">with every error found, each naming its JSON path.</exception>
    public static TargetsFile Parse(string json)
    {
        if (!StrictJson.TryParseLocated(json, out var document, out var syntax))
        {
            throw new TargetsFileException([new TargetsFileError(Paths.FromJsonPath(syntax.Path), syntax.Reason)]);
        }

        using (document)
        {
            var errors = new Errors();
            var file = ReadFile(document.RootElement, errors);
            if (errors.Count > 0 || file is null)
            {
                throw new TargetsFileException(errors.ToImmutable());
            }

            return file;
        }
    }

    private static TargetsFile? ReadFile(JsonElement root, Errors errors)
    {
        var members = Members.Of(root, Paths.Root, errors,
            "homeAccountId", "trustedManagementAccountId", "customSources", "removeOnLeave", "excludeAccounts",
            "aggregators", "distributions", "deliveryChannels");
        if (members is null)
        {
            return null;
        }

        var home = members.Optional("homeAccountId", ReadAccountId);
        var trusted = members.Optional("trustedManagementAccountId", ReadAccountId);
        var customSources = members.List("customSources", ReadCustomSource) ?? [];
        var removeOnLeave = members.Bool("removeOnLeave", defaultValue: true);
        var excludeAccounts = members.List("excludeAccounts", ReadAccountId) ?? [];
        var aggregators = members.List("aggregators", ReadAggregator, distinct: false) ?? [];
        var distributions = members.List("distributions", ReadDistribution, distinct: false) ?? [];
        var deliveryChannels = members.List("deliveryChannels", ReadDeliveryChannel, distinct: false) ?? [];

        ReportDuplicates(aggregators, "region and name", errors);
        ReportDuplicates(distributions, "arn", errors);
        ReportOverlappingChannelRegions(deliveryChannels, errors);

        return new TargetsFile(
            home, trusted, customSources, removeOnLeave, excludeAccounts,
            [.. aggregators.Select(a => a.Value)],
            [.. distributions.Select(d => d.Value)],
            [.. deliveryChannels.Select(c => c.Value)]);
    }

    private static string? ReadAccountId(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            AccountId.IsValid(text) ? null : $"must be an AWS account id (12 ASCII digits), found {StrictJson.Quote(text)}");

    private static string? ReadCustomSource(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            text.Length == 0 ? "must not be empty"
            : text.StartsWith("aws.", StringComparison.Ordinal) ? $"{StrictJson.Quote(text)} starts with \"aws.\", which EventBridge reserves for AWS services"
            : null);

    private static string? ReadRegion(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            AwsNames.IsRegion(text) ? null : $"must be an AWS Region code such as us-east-1, found {StrictJson.Quote(text)}");

    private static Keyed<AggregatorTarget>? ReadAggregator(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "name", "region", "createIfMissing", "allAwsRegions", "awsRegions");
        if (members is null)
        {
            return null;
        }

        var name = members.RequiredString("name", text =>
            AwsNames.IsAggregatorName(text)
                ? null
                : $"must be 1–{AwsNames.AggregatorNameMaxLength} characters from A-Z a-z 0-9 _ - (Config ConfigurationAggregatorName), found {StrictJson.Quote(text)}");
        var region = members.Required("region", ReadRegion);
        var createIfMissing = members.Bool("createIfMissing", defaultValue: false);
        var allAwsRegions = members.OptionalBool("allAwsRegions");
        var awsRegionsGiven = members.IsPresentAndNotNull("awsRegions");
        var awsRegions = members.NullableList("awsRegions", ReadRegion, nonEmpty: true);

        switch (allAwsRegions)
        {
            case true when awsRegionsGiven:
                errors.Add(Paths.Member(path, "awsRegions"), "must be null or absent when allAwsRegions is true");
                break;
            case false when !awsRegionsGiven:
                errors.Add(Paths.Member(path, "awsRegions"), "required (a non-empty list) when allAwsRegions is false");
                break;
        }

        if (name is null || region is null || members.Failed)
        {
            return null;
        }

        var target = new AggregatorTarget(name, region, createIfMissing, allAwsRegions ?? !awsRegionsGiven, awsRegions);
        return new Keyed<AggregatorTarget>(target.Key, path, target);
    }

    private static Keyed<DistributionTarget>? ReadDistribution(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "arn", "share", "regions");
        if (members is null)
        {
            return null;
        }

        var arn = members.RequiredString("arn", text =>
        {
            if (!AwsNames.IsDistributionConfigurationArn(text))
            {
                return $"must be an Image Builder distribution configuration ARN (arn:aws:imagebuilder:<region>:<account>:distribution-configuration/<name>, name in lowercase), found {StrictJson.Quote(text)}";
            }

            var parts = text.Split(':');
            if (!AwsNames.IsRegion(parts[3]))
            {
                return $"the ARN's Region {StrictJson.Quote(parts[3])} is not an AWS Region code such as us-east-1";
            }

            return parts[4] == "aws"
                ? "an AWS-managed distribution configuration (account \"aws\") cannot be updated; use one in your account"
                : null;
        });

        var share = members.List("share", ReadShareKind, nonEmpty: true) is { } shareNames
            ? [.. shareNames.Select(n => n == LaunchPermission ? ShareKind.LaunchPermission : ShareKind.TargetAccountIds)]
            : ImmutableArray.Create(ShareKind.LaunchPermission);

        var regions = members.NullableList("regions", ReadRegion, nonEmpty: true);
        if (arn is null || members.Failed)
        {
            return null;
        }

        var target = new DistributionTarget(arn, share, regions);
        return new Keyed<DistributionTarget>(target.Key, path, target);
    }

    private static string? ReadShareKind(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            text is LaunchPermission or TargetAccountIds
                ? null
                : $"must be \"{LaunchPermission}\" or \"{TargetAccountIds}\", found {StrictJson.Quote(text)}");

    private static Keyed<DeliveryChannelTarget>? ReadDeliveryChannel(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "memberRoleName", "regions", "channel");
        if (members is null)
        {
            return null;
        }

        var roleName = members.RequiredString("memberRoleName", text =>
            AwsNames.IsRoleName(text)
                ? null
                : $"must be an IAM role name: 1–{AwsNames.RoleNameMaxLength} characters from A-Z a-z 0-9 + = , . @ _ -, found {StrictJson.Quote(text)}");
        ImmutableArray<string>? regions = null;
        if (members.IsPresentAndNotNull("regions"))
        {
            regions = members.List("regions", ReadRegion, nonEmpty: true);
        }
        else
        {
            members.Require("regions", "required: a non-empty list of Regions");
        }

        var channel = members.Required("channel", ReadChannel);
        if (roleName is null || regions is null || channel is null || members.Failed)
        {
            return null;
        }

        var target = new DeliveryChannelTarget(roleName, regions.Value, channel);
        return new Keyed<DeliveryChannelTarget>(roleName, path, target);
    }

    private static ChannelSettings? ReadChannel(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors,
            "name", "s3BucketName", "s3KeyPrefix", "snsTopicARN", "s3KmsKeyArn", "configSnapshotDeliveryProperties");
        if (members is null)
        {
            return null;
        }

        var name = members.OptionalString("name", text =>
            text.Length is >= 1 and <= AwsNames.ChannelNameMaxLength ? null : $"must be 1–{AwsNames.ChannelNameMaxLength} characters") ?? AwsNames.DefaultChannelName;
        string? bucket = null;
        if (members.IsPresentAndNotNull("s3BucketName"))
        {
            bucket = members.OptionalString("s3BucketName", NonEmpty);
        }
        else
        {
            members.Require("s3BucketName", "required: a delivery channel cannot be created without an S3 bucket");
        }

        var keyPrefix = members.OptionalString("s3KeyPrefix", NonEmpty);
        var topic = members.OptionalString("snsTopicARN", NonEmpty);
        var kmsKey = members.OptionalString("s3KmsKeyArn", NonEmpty);
        var frequency = members.Optional("configSnapshotDeliveryProperties", ReadDeliveryProperties);

        if (bucket is null || members.Failed)
        {
            return null;
        }

        return new ChannelSettings(name, bucket, keyPrefix, topic, kmsKey, frequency);
    }

    private static string? ReadDeliveryProperties(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "deliveryFrequency");
        return members?.RequiredString("deliveryFrequency", text =>
            AwsNames.DeliveryFrequencies.Contains(text)
                ? null
                : $"must be one of {string.Join(", ", AwsNames.DeliveryFrequencies)}, found {StrictJson.Quote(text)}");
    }

    private static string? NonEmpty(string text) => text.Length == 0 ? "must be null or a non-empty string" : null;

    private static void ReportDuplicates<T>(ImmutableArray<Keyed<T>> items, string what, Errors errors)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!first.TryAdd(item.Key, item.Path))
            {
                errors.Add(item.Path, $"duplicate target: same {what} as {first[item.Key]}");
            }
        }
    }

    /// <summary>One delivery channel per account and Region: two entries for the same Region would fight.</summary>
    private static void ReportOverlappingChannelRegions(ImmutableArray<Keyed<DeliveryChannelTarget>> channels, Errors errors)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            for (var i = 0; i < channel.Value.Regions.Length; i++)
            {
                var region = channel.Value.Regions[i];
                if (!owner.TryAdd(region, channel.Path))
                {
                    errors.Add(
                        Paths.Index(Paths.Member(channel.Path, "regions"), i),
                        $"Region {region} is already configured by {owner[region]} (an account has one delivery channel per Region)");
                }
            }
        }
    }

    /// <summary>A parsed list item with its identity and where it came from, for duplicate reports.</summary>
    private sealed record Keyed<T>(string Key, string Path, T Value);

    /// <summary>JSON paths as the file reads: <c>aggregators[1].region</c>, the document itself is <c>$</c>.</summary>
    private static class Paths
    {
        public const string Root = "$";

        public static string Member(string parent, string name)
        {
            var path = new System.Text.StringBuilder(parent == Root ? string.Empty : parent);
            StrictJson.AppendMember(path, name);
            return path[0] == '.' ? path.ToString(1, path.Length - 1) : path.ToString();
        }

        public static string Index(string parent, int index) => $"{parent}[{index}]";

        /// <summary><c>$.aggregators[0].name</c> → <c>aggregators[0].name</c>, <c>$["a b"]</c> → <c>["a b"]</c>; <c>$</c> and <c>$[1]</c> stay.</summary>
        public static string FromJsonPath(string jsonPath) =>
            jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..]
            : jsonPath.StartsWith("$[\"", StringComparison.Ordinal) ? jsonPath[1..]
            : jsonPath;
    }

    private sealed class Errors
    {
        private readonly List<TargetsFileError> _items = [];

        public int Count => _items.Count;

        public void Add(string path, string problem) => _items.Add(new TargetsFileError(path, problem));

        public ImmutableArray<TargetsFileError> ToImmutable() => [.. _items];
    }

    private static class Values
    {
        /// <summary>
        /// The string, or null after reporting that the value is of another type or the problem
        /// <paramref name="check"/> finds with it (<paramref name="check"/> returns null when there is none).
        /// </summary>
        public static string? String(JsonElement value, string path, Errors errors, Func<string, string?> check)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(path, Expected("string", value));
                return null;
            }

            var text = value.GetString()!;
            if (check(text) is { } problem)
            {
                errors.Add(path, problem);
                return null;
            }

            return text;
        }

        public static string Expected(string type, JsonElement found) =>
            $"expected {type}, found {StrictJson.TypeName(found.ValueKind)}";
    }

    /// <summary>The members of one object, read with every problem recorded at its path.</summary>
    private sealed class Members
    {
        private readonly JsonElement _object;
        private readonly string _path;
        private readonly Errors _errors;
        private readonly int _errorsBefore;

        private Members(JsonElement obj, string path, Errors errors)
        {
            _object = obj;
            _path = path;
            _errors = errors;
            _errorsBefore = errors.Count;
        }

        /// <summary>True when any problem was reported inside this object.</summary>
        public bool Failed => _errors.Count > _errorsBefore;

        /// <summary>The object's members, after reporting unknown keys; null when it is not an object.</summary>
        public static Members? Of(JsonElement value, string path, Errors errors, params string[] known)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, Values.Expected("object", value));
                return null;
            }

            foreach (var property in value.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(Paths.Member(path, property.Name), $"unknown key (allowed: {string.Join(", ", known)})");
                }
            }

            return new Members(value, path, errors);
        }

        private bool TryGet(string name, out JsonElement value, out string path)
        {
            path = Paths.Member(_path, name);
            return _object.TryGetProperty(name, out value);
        }

        public bool IsPresentAndNotNull(string name) =>
            _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

        public void Require(string name, string problem) => _errors.Add(Paths.Member(_path, name), problem);

        public T? Required<T>(string name, Func<JsonElement, string, Errors, T?> read)
            where T : class
        {
            if (!TryGet(name, out var value, out var path))
            {
                _errors.Add(path, "required");
                return null;
            }

            return read(value, path, _errors);
        }

        /// <summary>A required string; <paramref name="check"/> returns the problem with a value, or null.</summary>
        public string? RequiredString(string name, Func<string, string?> check) =>
            Required(name, (value, path, errors) => Values.String(value, path, errors, check));

        /// <summary>An optional member: absent or null gives null.</summary>
        public T? Optional<T>(string name, Func<JsonElement, string, Errors, T?> read)
            where T : class =>
            TryGet(name, out var value, out var path) && value.ValueKind != JsonValueKind.Null
                ? read(value, path, _errors)
                : null;

        /// <summary>An optional string: absent or null gives null.</summary>
        public string? OptionalString(string name, Func<string, string?> check) =>
            Optional(name, (value, path, errors) => Values.String(value, path, errors, check));

        public bool Bool(string name, bool defaultValue) => OptionalBool(name) ?? defaultValue;

        public bool? OptionalBool(string name)
        {
            if (!TryGet(name, out var value, out var path))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    _errors.Add(path, Values.Expected("boolean", value));
                    return null;
            }
        }

        /// <summary>A list that may be null (or absent); when given, as <see cref="List{T}"/>.</summary>
        public ImmutableArray<T>? NullableList<T>(string name, Func<JsonElement, string, Errors, T?> read, bool nonEmpty)
            where T : class
        {
            if (!IsPresentAndNotNull(name))
            {
                return null;
            }

            return List(name, read, nonEmpty);
        }

        /// <summary>
        /// An optional list (absent → null, no error). Items that fail are reported and dropped;
        /// with <paramref name="distinct"/>, a repeated item is reported at its index.
        /// </summary>
        public ImmutableArray<T>? List<T>(
            string name, Func<JsonElement, string, Errors, T?> read, bool nonEmpty = false, bool distinct = true)
            where T : class
        {
            if (!TryGet(name, out var value, out var path))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                _errors.Add(path, Values.Expected("array", value));
                return null;
            }

            if (nonEmpty && value.GetArrayLength() == 0)
            {
                _errors.Add(path, "must not be empty");
                return null;
            }

            var items = ImmutableArray.CreateBuilder<T>();
            var firstIndex = new Dictionary<T, int>();
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                var itemPath = Paths.Index(path, index);
                var item = read(element, itemPath, _errors);
                if (item is not null)
                {
                    if (distinct && !firstIndex.TryAdd(item, index))
                    {
                        _errors.Add(itemPath, $"duplicate of {Paths.Index(path, firstIndex[item])}");
                    }
                    else
                    {
                        items.Add(item);
                    }
                }

                index++;
            }

            return items.ToImmutable();
        }
    }
}
