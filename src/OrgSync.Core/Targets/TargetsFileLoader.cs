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
/// (<c>awsRegions</c>, <c>regions</c> of a distribution, channel fields, the two optional account ids)
/// or where it reads as "none" (<c>scope</c>, <c>authorizationRegions</c>, <c>notifications</c>).
/// </remarks>
public static partial class TargetsFileLoader
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
            "aggregators", "distributions", "deliveryChannels",
            "verifyMembership", "allowedNonMembers", "reconcile", "notifications", "memberRoleName");
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
        var verifyMembership = members.Bool("verifyMembership", defaultValue: true);
        var allowedNonMembers = members.List("allowedNonMembers", ReadAccountId) ?? [];
        var reconcile = members.Present("reconcile", ReadReconcile) ?? ReconcileSettings.Default;
        var notifications = members.Optional("notifications", ReadNotifications);
        var memberRoleName = members.Present("memberRoleName", (value, path, errors) => Values.String(value, path, errors, RoleNameProblem));

        ReportDuplicates(aggregators, "region and name", errors);
        ReportDuplicates(distributions, "arn", errors);
        ReportOverlappingChannelRegions(deliveryChannels, errors);

        return new TargetsFile(
            home, trusted, customSources, removeOnLeave, excludeAccounts,
            [.. aggregators.Select(a => a.Value)],
            [.. distributions.Select(d => d.Value)],
            [.. deliveryChannels.Select(c => c.Value)])
        {
            VerifyMembership = verifyMembership,
            AllowedNonMembers = allowedNonMembers,
            Reconcile = reconcile,
            Notifications = notifications,
            MemberRoleName = memberRoleName,
        };
    }

    private static string? ReadAccountId(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            AccountId.IsValid(text) ? null : $"must be an AWS account id (12 ASCII digits), found {StrictJson.Quote(text)}");

    private static string? ReadCustomSource(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            text == Events.EventClassifier.ReconcileSource
                ? $"{StrictJson.Quote(text)} is OrgSync's own reconcile source; it cannot be a custom source"
                : EventSourceProblem(text));

    private static string? ReadRegion(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            AwsNames.IsRegion(text) ? null : $"must be an AWS Region code such as us-east-1, found {StrictJson.Quote(text)}");

    private static Keyed<AggregatorTarget>? ReadAggregator(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors,
            "name", "region", "createIfMissing", "allAwsRegions", "awsRegions", "scope", "authorizeSources", "authorizationRegions");
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
        var scope = members.Optional("scope", ReadScope);
        var authorizeSources = members.Bool("authorizeSources", defaultValue: true);
        var authorizationRegions = members.NullableList("authorizationRegions", ReadRegion, nonEmpty: true);

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

        var target = new AggregatorTarget(name, region, createIfMissing, allAwsRegions ?? !awsRegionsGiven, awsRegions)
        {
            OrganizationScope = scope,
            AuthorizeSources = authorizeSources,
            AuthorizationRegions = authorizationRegions,
        };
        return new Keyed<AggregatorTarget>(target.Key, path, target);
    }

    private static Keyed<DistributionTarget>? ReadDistribution(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "arn", "share", "regions", "scope", "requireCrossAccountRole");
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
        var scope = members.Optional("scope", ReadScope);
        var copies = share.Contains(ShareKind.TargetAccountIds);
        var requireCrossAccountRole = members.OptionalBool("requireCrossAccountRole");
        if (requireCrossAccountRole == true && !copies)
        {
            members.Require(
                "requireCrossAccountRole",
                $"true only applies when share holds \"{TargetAccountIds}\" (the role is needed to copy AMIs into an account); without it this would do nothing");
        }

        if (arn is null || members.Failed)
        {
            return null;
        }

        var target = new DistributionTarget(arn, share, regions)
        {
            OrganizationScope = scope,
            RequireCrossAccountRole = requireCrossAccountRole ?? copies,
        };
        return new Keyed<DistributionTarget>(target.Key, path, target);
    }

    private static string? ReadShareKind(JsonElement value, string path, Errors errors) =>
        Values.String(value, path, errors, text =>
            text is LaunchPermission or TargetAccountIds
                ? null
                : $"must be \"{LaunchPermission}\" or \"{TargetAccountIds}\", found {StrictJson.Quote(text)}");

    private static Keyed<DeliveryChannelTarget>? ReadDeliveryChannel(JsonElement value, string path, Errors errors)
    {
        var members = Members.Of(value, path, errors, "memberRoleName", "regions", "channel", "scope", "controlTowerManaged");
        if (members is null)
        {
            return null;
        }

        var roleName = members.RequiredString("memberRoleName", RoleNameProblem);
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
        var scope = members.Optional("scope", ReadScope);
        var controlTower = members.Present("controlTowerManaged", (value, path, errors) => Values.String(value, path, errors, text =>
            text is ControlTowerLeave or ControlTowerManage
                ? null
                : $"must be \"{ControlTowerLeave}\" or \"{ControlTowerManage}\", found {StrictJson.Quote(text)}"));
        if (roleName is null || regions is null || channel is null || members.Failed)
        {
            return null;
        }

        var target = new DeliveryChannelTarget(roleName, regions.Value, channel)
        {
            OrganizationScope = scope,
            ControlTowerManaged = controlTower == ControlTowerManage ? ControlTowerPolicy.Manage : ControlTowerPolicy.Leave,
        };
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
}
