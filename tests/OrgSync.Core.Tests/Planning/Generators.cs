using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Planning;

/// <summary>
/// FsCheck generators for the planners' inputs. Distribution values satisfy the Image Builder
/// model (patterns, enums, lengths, list sizes; checked by <c>GeneratedDistributionsTests</c>) and
/// carry unknown members at every level, as a newer service model would send them.
/// </summary>
internal static class Generators
{
    public const string DistributionArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    /// <summary>Few enough that lists read, joins and leaves overlap often.</summary>
    public static readonly string[] AccountPool = [.. Enumerable.Range(1, 30).Select(TestData.Account)];

    public static readonly string[] RegionPool = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "sa-east-1"];

    /// <summary>Text that is hard to round-trip: quotes, backslashes, HTML, non-ASCII, a surrogate pair, controls.</summary>
    private static readonly string[] TextTokens = ["a", "Z", "9", " ", "-", "\"", "\\", "/", "<", ">", "&", "'", "é", "日本", "😀", "\n", "\t", "{", "}", ":", "+"];

    private static readonly string[] UnknownMemberNames = ["futureMember", "newSetting", "x-amz-extra", "ünïcode", "$meta", "nested_1"];

    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";

    public static Gen<string> Account => Gen.Elements(AccountPool);

    /// <summary>As read from AWS: any order, possibly with duplicates, 1–8 entries.</summary>
    public static Gen<ImmutableArray<string>> AccountList => ListOf(Account, 1, 8);

    public static Gen<MembershipDelta> Delta =>
        from kinds in Gen.ArrayOf(Gen.Elements(0, 0, 0, 1, 2), AccountPool.Length)
        select TestData.Delta(
            AccountPool.Where((_, i) => kinds[i] == 1),
            AccountPool.Where((_, i) => kinds[i] == 2));

    /// <summary>A batch with repeats, ties in time, every kind and reach, and duplicate deliveries.</summary>
    public static Gen<AccountChange[]> Changes =>
        Gen.ArrayOf(
            from account in Gen.Elements(AccountPool.Take(12))
            from kind in Gen.Elements(ChangeKind.Join, ChangeKind.Leave, ChangeKind.Move)
            from reach in Gen.Frequency((4, Gen.Constant(ChangeReach.AllTargets)), (1, Gen.Constant(ChangeReach.DeliveryChannels)))
            from minute in Gen.Choose(0, 4)
            from eventId in Gen.Elements("evt-a", "evt-b", "evt-c")
            select new AccountChange(account, kind, TestData.Time(minute), eventId) { Reach = kind == ChangeKind.Join ? reach : ChangeReach.AllTargets });

    public static Gen<IReadOnlySet<string>> Exclusions =>
        Gen.SubListOf(AccountPool.Take(4)).Select(IReadOnlySet<string> (l) => l.ToHashSet(StringComparer.Ordinal));

    // ---- primitives --------------------------------------------------------------------------

    public static Gen<string> Chars(string alphabet, int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)
        select new string(chars);

    public static Gen<string> Text(int minTokens, int maxTokens) =>
        from count in Gen.Choose(minTokens, maxTokens)
        from tokens in Gen.ArrayOf(Gen.Elements(TextTokens), count)
        select string.Concat(tokens);

    private static Gen<string> NonEmptyText => Text(1, 12);

    private static Gen<string> AccountId => Chars(Digits, 12, 12);

    private static Gen<ImmutableArray<T>> ListOf<T>(Gen<T> item, int min, int max) =>
        from count in Gen.Choose(min, max)
        from items in Gen.ArrayOf(item, count)
        select ImmutableArray.Create(items);

    private static Gen<T?> Maybe<T>(Gen<T> gen, int presentWeight = 2)
        where T : class =>
        Gen.Frequency((1, Gen.Constant<T?>(null)), (presentWeight, gen.Select(T? (v) => v)));

    private static Gen<ImmutableArray<T>?> MaybeList<T>(Gen<T> item, int min, int max, int presentWeight = 2) =>
        Gen.Frequency(
            (1, Gen.Constant<ImmutableArray<T>?>(null)),
            (presentWeight, ListOf(item, min, max).Select(ImmutableArray<T>? (l) => l)));

    private static Gen<bool?> MaybeBool => Gen.Elements<bool?>(null, true, false);

    private static Gen<int?> MaybeInt(int min, int max) =>
        Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(min, max).Select(int? (i) => i)));

    private static Gen<string> Partition => Gen.Elements("aws", "aws-us-gov", "aws-cn");

    // ---- unknown members ---------------------------------------------------------------------

    /// <summary>JSON text of any kind, numbers in forms that must survive verbatim (1.50, 1e3, -0).</summary>
    private static Gen<string> JsonText(int depth)
    {
        var leaf = Gen.OneOf(
            Gen.Elements("null", "true", "false", "0", "-0", "1.50", "1e3", "-12", "12345678901234567890"),
            Text(0, 6).Select(s => JsonSerializer.Serialize(s)));
        if (depth == 0)
        {
            return leaf;
        }

        var array = ListOf(JsonText(depth - 1), 0, 3).Select(items => "[" + string.Join(",", items) + "]");
        var obj =
            from names in Gen.SubListOf(UnknownMemberNames)
            from values in Gen.ArrayOf(JsonText(depth - 1), names.Count)
            select "{" + string.Join(",", names.Select((n, i) => JsonSerializer.Serialize(n) + ":" + values[i])) + "}";
        return Gen.Frequency((3, leaf), (1, array), (1, obj));
    }

    /// <summary>Members unknown to the model, kept in <c>ExtensionData</c> (absent half the time).</summary>
    private static Gen<Dictionary<string, JsonElement>?> Unknown =>
        Maybe(
            from names in Gen.SubListOf(UnknownMemberNames).Where(n => n.Count > 0)
            from values in Gen.ArrayOf(JsonText(2), names.Count)
            select names.Select((n, i) => (n, TestData.Element(values[i]))).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal),
            presentWeight: 1);

    // ---- Image Builder shapes (imagebuilder.service-2.json) ---------------------------------

    private static Gen<string> AmiName =>
        from first in Chars("-_Az09{", 1, 1)
        from middle in Gen.OneOf(Chars("-_AZaz09 :{}.", 1, 20), Gen.Constant("-{{ imagebuilder:buildDate }}-"))
        from last in Chars("-_Az09}", 1, 1)
        select first + middle + last;

    /// <summary>Pattern <c>^(?!aws:)[a-zA-Z0-9\s_.:/=+\-@]*$</c>, 1–128 ('w' left out so no key starts with "aws:").</summary>
    private static Gen<string> TagKey => Chars("abcXYZ09 _.:/=+-@", 1, 20);

    private static Gen<IReadOnlyDictionary<string, string>> TagMap =>
        from keys in ListOf(TagKey, 1, 5)
        from values in Gen.ArrayOf(Text(0, 8), keys.Length)
        select (IReadOnlyDictionary<string, string>)keys.Select((k, i) => (k, values[i]))
            .DistinctBy(p => p.k, StringComparer.Ordinal)
            .ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal);

    private static Gen<string> OrganizationArn =>
        from partition in Partition
        from account in AccountId
        from org in Chars(Lower + Digits, 10, 32)
        select $"arn:{partition}:organizations::{account}:organization/o-{org}";

    private static Gen<string> OrganizationalUnitArn =>
        from partition in Partition
        from account in AccountId
        from org in Chars(Lower + Digits, 10, 32)
        from root in Chars(Digits + Lower, 4, 32)
        from unit in Chars(Digits + Lower, 8, 32)
        select $"arn:{partition}:organizations::{account}:ou/o-{org}/ou-{root}-{unit}";

    private static Gen<string> LicenseConfigurationArn =>
        from partition in Partition
        from region in Gen.Elements(RegionPool)
        from account in AccountId
        from id in Chars(Lower + Digits + "-_", 32, 32)
        select $"arn:{partition}:license-manager:{region}:{account}:license-configuration:lic-{id}";

    private static Gen<string> LaunchTemplateId => Chars(Lower + Digits + "-_", 17, 17).Select(s => "lt-" + s);

    private static Gen<LaunchPermissionConfiguration> LaunchPermission =>
        from userIds in MaybeList(Account, 1, 8, presentWeight: 4)
        from userGroups in MaybeList(Gen.OneOf(Gen.Constant("all"), NonEmptyText), 1, 2, presentWeight: 1)
        from organizationArns in MaybeList(OrganizationArn, 1, 2, presentWeight: 1)
        from unitArns in MaybeList(OrganizationalUnitArn, 1, 3, presentWeight: 1)
        from unknown in Unknown
        select new LaunchPermissionConfiguration
        {
            UserIds = userIds, UserGroups = userGroups, OrganizationArns = organizationArns, OrganizationalUnitArns = unitArns, ExtensionData = unknown,
        };

    private static Gen<AmiDistributionConfiguration> Ami =>
        from name in Maybe(AmiName)
        from description in Maybe(NonEmptyText)
        from targetAccountIds in MaybeList(Account, 1, 8)
        from amiTags in Maybe(TagMap)
        from kmsKeyId in Maybe(NonEmptyText)
        from launchPermission in Maybe(LaunchPermission, presentWeight: 3)
        from unknown in Unknown
        select new AmiDistributionConfiguration
        {
            Name = name, Description = description, TargetAccountIds = targetAccountIds, AmiTags = amiTags, KmsKeyId = kmsKeyId,
            LaunchPermission = launchPermission, ExtensionData = unknown,
        };

    private static Gen<ContainerDistributionConfiguration> Container =>
        from description in Maybe(NonEmptyText)
        from containerTags in MaybeList(NonEmptyText, 0, 3)
        from repositoryName in NonEmptyText
        from repositoryUnknown in Unknown
        from unknown in Unknown
        select new ContainerDistributionConfiguration
        {
            Description = description,
            ContainerTags = containerTags,
            TargetRepository = new TargetContainerRepository { Service = "ECR", RepositoryName = repositoryName, ExtensionData = repositoryUnknown },
            ExtensionData = unknown,
        };

    private static Gen<LaunchTemplateConfiguration> LaunchTemplate =>
        from id in LaunchTemplateId
        from accountId in Maybe(AccountId)
        from setDefault in MaybeBool
        from unknown in Unknown
        select new LaunchTemplateConfiguration { LaunchTemplateId = id, AccountId = accountId, SetDefaultVersion = setDefault, ExtensionData = unknown };

    private static Gen<S3ExportConfiguration> S3Export =>
        from roleName in NonEmptyText
        from format in Gen.Elements("VMDK", "RAW", "VHD")
        from bucket in NonEmptyText
        from prefix in Maybe(NonEmptyText)
        from unknown in Unknown
        select new S3ExportConfiguration { RoleName = roleName, DiskImageFormat = format, S3Bucket = bucket, S3Prefix = prefix, ExtensionData = unknown };

    private static Gen<FastLaunchConfiguration> FastLaunch =>
        from enabled in Gen.Elements(true, false)
        from snapshot in Maybe(
            from count in MaybeInt(1, 10_000)
            from unknown in Unknown
            select new FastLaunchSnapshotConfiguration { TargetResourceCount = count, ExtensionData = unknown })
        from maxParallel in MaybeInt(1, int.MaxValue)
        from template in Maybe(
            from id in Maybe(LaunchTemplateId)
            from name in Maybe(NonEmptyText)
            from version in Maybe(Gen.Choose(1, 99).Select(v => v.ToString(CultureInfo.InvariantCulture)))
            from unknown in Unknown
            select new FastLaunchLaunchTemplateSpecification { LaunchTemplateId = id, LaunchTemplateName = name, LaunchTemplateVersion = version, ExtensionData = unknown })
        from accountId in Maybe(AccountId)
        from unknown in Unknown
        select new FastLaunchConfiguration
        {
            Enabled = enabled, SnapshotConfiguration = snapshot, MaxParallelLaunches = maxParallel, LaunchTemplate = template, AccountId = accountId,
            ExtensionData = unknown,
        };

    private static Gen<SsmParameterConfiguration> SsmParameter =>
        from amiAccountId in Maybe(AccountId)
        from name in Chars("aZ09_.-/", 1, 40)
        from dataType in Maybe(Gen.Elements("text", "aws:ec2:image"))
        from unknown in Unknown
        select new SsmParameterConfiguration { AmiAccountId = amiAccountId, ParameterName = name, DataType = dataType, ExtensionData = unknown };

    private static Gen<Distribution> DistributionIn(string region) =>
        from ami in Maybe(Ami, presentWeight: 4)
        from container in Maybe(Container, presentWeight: 1)
        from licenses in MaybeList(LicenseConfigurationArn, 1, 3, presentWeight: 1)
        from launchTemplates in MaybeList(LaunchTemplate, 1, 3, presentWeight: 1)
        from s3Export in Maybe(S3Export, presentWeight: 1)
        from fastLaunch in MaybeList(FastLaunch, 1, 2, presentWeight: 1)
        from ssm in MaybeList(SsmParameter, 0, 2, presentWeight: 1)
        from unknown in Unknown
        select new Distribution
        {
            Region = region, AmiDistributionConfiguration = ami, ContainerDistributionConfiguration = container, LicenseConfigurationArns = licenses,
            LaunchTemplateConfigurations = launchTemplates, S3ExportConfiguration = s3Export, FastLaunchConfigurations = fastLaunch,
            SsmParameterConfigurations = ssm, ExtensionData = unknown,
        };

    /// <summary>A distribution configuration as <c>GetDistributionConfiguration</c> returns it: one distribution per Region.</summary>
    public static Gen<DistributionConfiguration> DistributionConfiguration =>
        from regions in Gen.Shuffle(RegionPool)
        from count in Gen.Choose(0, 4)
        from distributions in Sequence(regions.Take(count).Select(DistributionIn))
        from description in Maybe(NonEmptyText)
        from timeout in Gen.Choose(30, 720)
        from dateUpdated in Maybe(Gen.Choose(0, 100_000).Select(s => TestData.Time(0).AddSeconds(s).ToString("O", CultureInfo.InvariantCulture)))
        from tags in Maybe(TagMap)
        from unknown in Unknown
        select new DistributionConfiguration
        {
            Arn = DistributionArn, Name = "golden", Description = description, Distributions = [.. distributions], TimeoutMinutes = timeout,
            DateCreated = "2026-01-01T00:00:00.000Z", DateUpdated = dateUpdated, Tags = tags, ExtensionData = unknown,
        };

    public static Gen<DistributionTarget> DistributionTarget =>
        from share in Gen.Elements<ImmutableArray<ShareKind>>(
            [ShareKind.LaunchPermission], [ShareKind.TargetAccountIds], [ShareKind.LaunchPermission, ShareKind.TargetAccountIds])
        from regions in Gen.Frequency(
            (2, Gen.Constant<ImmutableArray<string>?>(null)),
            (1, Gen.SubListOf(RegionPool).Select(ImmutableArray<string>? (r) => [.. r])))
        select new DistributionTarget(DistributionArn, share, regions);

    // ---- Config shapes -----------------------------------------------------------------------

    private static Gen<AccountAggregationSource> AccountSource =>
        from accounts in AccountList
        from all in Gen.Elements(true, false)
        from regions in ListOf(Gen.Elements(RegionPool), 1, 3)
        from explicitFalse in Gen.Elements(true, false)
        from unknown in Unknown
        select all
            ? new AccountAggregationSource { AccountIds = accounts, AllAwsRegions = true, ExtensionData = unknown }
            : new AccountAggregationSource { AccountIds = accounts, AllAwsRegions = explicitFalse ? false : null, AwsRegions = regions, ExtensionData = unknown };

    private static Gen<AggregatorFilters> Filters =>
        from types in ListOf(Gen.Elements("AWS::EC2::Instance", "AWS::S3::Bucket"), 1, 2)
        from principals in MaybeList(Gen.Elements("config.amazonaws.com", "securityhub.amazonaws.com"), 1, 2)
        from unknown in Unknown
        select new AggregatorFilters
        {
            ResourceType = new AggregatorFilter { Type = "INCLUDE", Value = types },
            ServicePrincipal = principals is null ? null : new AggregatorFilter { Type = "INCLUDE", Value = principals },
            ExtensionData = unknown,
        };

    /// <summary>Missing, account-based (most often) or organization-based, as <c>DescribeConfigurationAggregators</c> returns it.</summary>
    public static Gen<ConfigurationAggregator?> Aggregator =>
        Gen.Frequency(
            (1, Gen.Constant<ConfigurationAggregator?>(null)),
            (1, Gen.Constant<ConfigurationAggregator?>(new ConfigurationAggregator
            {
                ConfigurationAggregatorName = "org",
                OrganizationAggregationSource = new OrganizationAggregationSource { RoleArn = "arn:aws:iam::111111111111:role/aggregator", AllAwsRegions = true },
            })),
            (6,
                from source in AccountSource
                from filters in Maybe(Filters, presentWeight: 1)
                from unknown in Unknown
                select (ConfigurationAggregator?)new ConfigurationAggregator
                {
                    ConfigurationAggregatorName = "org",
                    ConfigurationAggregatorArn = "arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-abcdefgh",
                    AccountAggregationSources = [source],
                    CreationTime = 1_700_000_000.5,
                    LastUpdatedTime = 1_700_000_100,
                    AggregatorFilters = filters,
                    ExtensionData = unknown,
                }));

    public static Gen<AggregatorTarget> AggregatorTarget =>
        from createIfMissing in Gen.Elements(true, false)
        from regions in Gen.Frequency(
            (1, Gen.Constant<ImmutableArray<string>?>(null)),
            (1, ListOf(Gen.Elements(RegionPool), 1, 3).Select(ImmutableArray<string>? (r) => [.. r.Distinct()])))
        select new AggregatorTarget("org", "us-east-1", createIfMissing, regions is null, regions);

    // ---- delivery channels -------------------------------------------------------------------

    private static Gen<string> ChannelValue => Gen.Elements("a", "b", "c");

    public static Gen<DeliveryChannel?> Channel =>
        Maybe(
            from name in Gen.Elements("default", "legacy")
            from bucket in Maybe(ChannelValue)
            from prefix in Maybe(ChannelValue)
            from kms in Maybe(ChannelValue)
            from sns in Maybe(ChannelValue)
            from properties in Maybe(
                from frequency in Maybe(Gen.Elements("One_Hour", "Six_Hours"))
                from unknown in Unknown
                select new ConfigSnapshotDeliveryProperties { DeliveryFrequency = frequency, ExtensionData = unknown })
            from unknown in Unknown
            select new DeliveryChannel
            {
                Name = name, S3BucketName = bucket, S3KeyPrefix = prefix, S3KmsKeyArn = kms, SnsTopicArn = sns,
                ConfigSnapshotDeliveryProperties = properties, ExtensionData = unknown,
            },
            presentWeight: 3);

    public static Gen<ChannelSettings> ChannelSettings =>
        from name in Gen.Elements("default", "org")
        from bucket in Maybe(ChannelValue, presentWeight: 4)
        from prefix in Maybe(ChannelValue)
        from sns in Maybe(ChannelValue)
        from kms in Maybe(ChannelValue)
        from frequency in Maybe(Gen.Elements("One_Hour", "Six_Hours"))
        select new ChannelSettings(name, bucket, prefix, sns, kms, frequency);

    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(
            Gen.Constant(Array.Empty<T>()),
            (acc, gen) => from items in acc from item in gen select (T[])[.. items, item]);
}
