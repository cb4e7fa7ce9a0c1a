using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Distributions;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Benchmarks;

/// <summary>
/// Planning cost at the sizes that matter: a 10,000-account aggregator, a distribution at the
/// 1,536-id API maximum, and the batch collapse in front of both.
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private readonly AggregatorTarget _aggregatorTarget = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null);
    private readonly DistributionTarget _distributionTarget = new(Arn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null);
    private readonly HashSet<string> _noExclusions = new(StringComparer.Ordinal);

    private ConfigurationAggregator _aggregator = null!;
    private MembershipDelta _aggregatorDelta = null!;
    private DistributionConfiguration _distribution = null!;
    private MembershipDelta _distributionDelta = null!;
    private AccountChange[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        // 10,000 accounts read in the service's (arbitrary) order; 100 new joins, 100 existing leave.
        var members = Enumerable.Range(0, 10_000).Select(Account).Reverse().ToImmutableArray();
        _aggregator = new ConfigurationAggregator
        {
            ConfigurationAggregatorName = "org",
            AccountAggregationSources = [new AccountAggregationSource { AccountIds = members, AllAwsRegions = true }],
        };
        _aggregatorDelta = Delta(Enumerable.Range(20_000, 100).Select(Account), Enumerable.Range(0, 100).Select(n => Account(n * 97)));

        // 1,536 ids in both lists of two Regions; 1,000 changes: 500 new joins, 500 existing leave (stays at 1,536).
        var shared = Enumerable.Range(0, DistributionPlanner.MaxAccountIds).Select(Account).ToImmutableArray();
        var ami = new AmiDistributionConfiguration
        {
            Name = "golden-{{ imagebuilder:buildDate }}",
            TargetAccountIds = shared,
            LaunchPermission = new LaunchPermissionConfiguration { UserIds = shared },
        };
        _distribution = new DistributionConfiguration
        {
            Arn = Arn,
            Description = "Golden AMI",
            DateUpdated = "2026-01-01T00:00:00.000Z",
            Distributions = [new Distribution { Region = "us-east-1", AmiDistributionConfiguration = ami }, new Distribution { Region = "eu-west-1", AmiDistributionConfiguration = ami }],
        };
        _distributionDelta = Delta(Enumerable.Range(30_000, 500).Select(Account), Enumerable.Range(0, 500).Select(n => Account(n * 3)));

        // A batch of 1,000 changes over 600 accounts, with repeats and both kinds.
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _batch = [.. Enumerable.Range(0, 1_000).Select(i => new AccountChange(
            Account(i % 600), i % 3 == 0 ? ChangeKind.Leave : ChangeKind.Join, time.AddSeconds(i % 7), $"evt-{i}"))];
    }

    [Benchmark]
    public Plan<PutConfigurationAggregatorRequest> Aggregator_10000_accounts_100_joins_100_leaves() =>
        AggregatorPlanner.Plan(_aggregator, _aggregatorDelta, _aggregatorTarget);

    [Benchmark]
    public Plan<UpdateDistributionConfigurationRequest> Distribution_1536_ids_x4_lists_1000_changes() =>
        DistributionPlanner.Plan(_distribution, _distributionDelta, _distributionTarget);

    [Benchmark]
    public MembershipDelta Batch_1000_changes_collapse_and_delta() =>
        BatchChanges.ToDelta(BatchChanges.Collapse(_batch).Values, _noExclusions, removeOnLeave: true);

    private static string Account(int n) => (100_000_000_000L + n).ToString(CultureInfo.InvariantCulture);

    private static MembershipDelta Delta(IEnumerable<string> joins, IEnumerable<string> leaves) =>
        new(ImmutableSortedSet.CreateRange(StringComparer.Ordinal, joins), ImmutableSortedSet.CreateRange(StringComparer.Ordinal, leaves));
}
