using System.Collections.Immutable;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Distributions;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Prerequisites;

/// <summary>SPEC §3.5: the member-account steps each planned write needs, planned from the write.</summary>
public class PrerequisitePlannerTests
{
    private const string Home = "111111111111";
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private static readonly AggregatorTarget AllRegions = new("org", "us-east-1", CreateIfMissing: true, AllAwsRegions: true, AwsRegions: null);
    private static readonly AggregatorTarget Listed = new("org", "us-east-1", CreateIfMissing: true, AllAwsRegions: false, AwsRegions: ["eu-west-1", "us-east-1"]);

    private static ConfigurationAggregator Aggregator(string source) =>
        Read($$"""{"ConfigurationAggregatorName":"org","ConfigurationAggregatorArn":"arn:aws:config:us-east-1:{{Home}}:config-aggregator/config-aggregator-x","AccountAggregationSources":[{{source}}]}""", Wire.ConfigurationAggregator);

    private static Plan<PutConfigurationAggregatorRequest>.Write Write(ConfigurationAggregator? current, AggregatorTarget target, int[]? joins = null, int[]? leaves = null) =>
        Assert.IsType<Plan<PutConfigurationAggregatorRequest>.Write>(AggregatorPlanner.Plan(current, Delta(joins, leaves), target));

    private static string[] Describe(PrerequisitePlan plan) =>
        [.. plan.Steps.Select(s => $"{s.Operation} {s.AccountId} {s.Region ?? "-"} {s.AuthorizedAccountId ?? s.RoleName} {s.AuthorizedAwsRegion ?? s.List}")];

    public static TheoryData<string, string, string[], string[], string[]> AggregatorCases => new()
    {
        {
            "a join is authorized in each of the aggregator's AwsRegions, before it is added",
            """{"AccountIds":["100000000001"],"AllAwsRegions":false,"AwsRegions":["us-east-1","eu-west-1"]}""", ["2"], [],
            [
                "PutAggregationAuthorization 100000000002 eu-west-1 111111111111 us-east-1",
                "PutAggregationAuthorization 100000000002 us-east-1 111111111111 us-east-1",
            ]
        },
        {
            "a leave withdraws the authorization in each source Region, after it is removed",
            """{"AccountIds":["100000000001","100000000003"],"AwsRegions":["us-west-2"]}""", [], ["3"],
            ["DeleteAggregationAuthorization 100000000003 us-west-2 111111111111 us-east-1"]
        },
        {
            "joins first, then leaves, each in account and Region order",
            """{"AccountIds":["100000000001","100000000003"],"AwsRegions":["us-west-2","ap-south-1"]}""", ["4", "2"], ["3"],
            [
                "PutAggregationAuthorization 100000000002 ap-south-1 111111111111 us-east-1",
                "PutAggregationAuthorization 100000000002 us-west-2 111111111111 us-east-1",
                "PutAggregationAuthorization 100000000004 ap-south-1 111111111111 us-east-1",
                "PutAggregationAuthorization 100000000004 us-west-2 111111111111 us-east-1",
                "DeleteAggregationAuthorization 100000000003 ap-south-1 111111111111 us-east-1",
                "DeleteAggregationAuthorization 100000000003 us-west-2 111111111111 us-east-1",
            ]
        },
        {
            "an account the write does not add (already there) needs nothing",
            """{"AccountIds":["100000000001","100000000002"],"AwsRegions":["us-east-1"]}""", ["2", "5"], [],
            ["PutAggregationAuthorization 100000000005 us-east-1 111111111111 us-east-1"]
        },
    };

    [Theory]
    [MemberData(nameof(AggregatorCases))]
    public void Aggregator_sources_are_authorized_before_they_are_added_and_withdrawn_after_they_are_removed(
        string why, string source, string[] joins, string[] leaves, string[] expected)
    {
        var write = Write(Aggregator(source), AllRegions, [.. joins.Select(int.Parse)], [.. leaves.Select(int.Parse)]);

        var plan = PrerequisitePlanner.ForAggregator(AllRegions, write.Request, write.Diff, Home);

        Assert.True(expected.SequenceEqual(Describe(plan)), why + ": " + string.Join(" | ", Describe(plan)));
        Assert.Empty(plan.Warnings);
        Assert.All(plan.Before, step => Assert.False(step.IsCleanup));
        Assert.All(plan.After, step => Assert.Equal(PrerequisiteOperation.DeleteAggregationAuthorization, step.Operation));
    }

    [Fact]
    public void With_all_aws_regions_the_configured_authorization_regions_are_authorized()
    {
        var target = AllRegions with { AuthorizationRegions = ["us-west-2", "us-east-1", "us-west-2"] };
        var write = Write(Aggregator("""{"AccountIds":["100000000001"],"AllAwsRegions":true}"""), target, joins: [2]);

        var plan = PrerequisitePlanner.ForAggregator(target, write.Request, write.Diff, Home);

        Assert.Equal(["us-east-1", "us-west-2"], plan.Steps.Select(s => s.Region));
        Assert.Empty(plan.Warnings);
    }

    [Fact]
    public void With_all_aws_regions_and_no_authorization_regions_only_the_aggregators_region_is_authorized_with_a_warning()
    {
        var write = Write(Aggregator("""{"AccountIds":["100000000001"],"AllAwsRegions":true}"""), AllRegions, joins: [2]);

        var plan = PrerequisitePlanner.ForAggregator(AllRegions, write.Request, write.Diff, Home);

        var step = Assert.Single(plan.Steps);
        Assert.Equal("us-east-1", step.Region);
        var warning = Assert.Single(plan.Warnings);
        Assert.Contains("authorizationRegions", warning, StringComparison.Ordinal);
        Assert.Contains("us-east-1 only", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_aggregator_is_authorized_in_the_regions_it_is_created_with()
    {
        var write = Write(null, Listed, joins: [2]);

        var plan = PrerequisitePlanner.ForAggregator(Listed, write.Request, write.Diff, Home);

        Assert.Equal(
            ["PutAggregationAuthorization 100000000002 eu-west-1 111111111111 us-east-1", "PutAggregationAuthorization 100000000002 us-east-1 111111111111 us-east-1"],
            Describe(plan));
    }

    [Fact]
    public void Nothing_is_needed_without_authorize_sources_for_an_organization_source_or_without_a_change()
    {
        var write = Write(Aggregator("""{"AccountIds":["100000000001"],"AwsRegions":["us-east-1"]}"""), AllRegions, joins: [2], leaves: [1]);
        var organization = write.Request with
        {
            AccountAggregationSources = null,
            OrganizationAggregationSource = new OrganizationAggregationSource { RoleArn = "arn:aws:iam::111111111111:role/r", AllAwsRegions = true },
        };

        Assert.Empty(PrerequisitePlanner.ForAggregator(AllRegions with { AuthorizeSources = false }, write.Request, write.Diff, Home).Steps);
        Assert.Empty(PrerequisitePlanner.ForAggregator(AllRegions, organization, write.Diff, Home).Steps);
        Assert.Empty(PrerequisitePlanner.ForAggregator(AllRegions, write.Request, PlanDiff.Empty, Home).Steps);
    }

    [Fact]
    public void Removals_keep_authorizations_another_aggregator_of_the_region_may_rely_on()
    {
        var write = Write(Aggregator("""{"AccountIds":["100000000001","100000000003"],"AwsRegions":["us-east-1"]}"""), AllRegions, joins: [2], leaves: [3]);

        var plan = PrerequisitePlanner.ForAggregator(AllRegions, write.Request, write.Diff, Home, withdrawOnRemoval: false);

        Assert.Equal(["PutAggregationAuthorization 100000000002 us-east-1 111111111111 us-east-1"], Describe(plan));
    }

    [Fact]
    public void Without_the_aggregators_account_nothing_can_be_authorized_and_the_plan_says_so()
    {
        var write = Write(null, Listed, joins: [2]);

        var plan = PrerequisitePlanner.ForAggregator(Listed, write.Request, write.Diff, aggregatorAccountId: null);

        Assert.Empty(plan.Steps);
        Assert.Contains("homeAccountId", Assert.Single(plan.Warnings), StringComparison.Ordinal);
    }

    private static DistributionConfiguration Distribution(string amis) =>
        Read($$"""{"arn":"{{Arn}}","name":"golden","distributions":{{amis}}}""", Wire.DistributionConfiguration);

    [Fact]
    public void Each_account_a_distribution_write_adds_to_target_account_ids_needs_the_cross_account_role_launch_permission_nothing()
    {
        var target = new DistributionTarget(Arn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null);
        var current = Distribution("""
            [{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001"],"launchPermission":{"userIds":["100000000001"]}}},
             {"region":"eu-west-1","amiDistributionConfiguration":{"targetAccountIds":["100000000002"]}}]
            """);
        var write = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(DistributionPlanner.Plan(current, Delta(joins: [2, 3], leaves: [1]), target));

        var plan = PrerequisitePlanner.ForDistribution(target, current, write.Request);

        Assert.Equal(
            ["GetRole 100000000002 - EC2ImageBuilderDistributionCrossAccountRole targetAccountIds", "GetRole 100000000003 - EC2ImageBuilderDistributionCrossAccountRole targetAccountIds"],
            Describe(plan));
        Assert.All(plan.Steps, step => Assert.True(step.IsReadOnly));
        Assert.Empty(PrerequisitePlanner.ForDistribution(target with { RequireCrossAccountRole = false }, current, write.Request).Steps);
    }

    [Fact]
    public void A_launch_permission_only_distribution_needs_no_role()
    {
        var target = new DistributionTarget(Arn, [ShareKind.LaunchPermission], null);
        var current = Distribution("""[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000001"]}}}]""");
        var write = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(DistributionPlanner.Plan(current, Delta(joins: [2]), target));

        Assert.Empty(PrerequisitePlanner.ForDistribution(target, current, write.Request).Steps);
    }

    [Fact]
    public void An_account_withheld_from_target_account_ids_still_gains_launch_permission()
    {
        var target = new DistributionTarget(Arn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null);
        var current = Distribution("""[{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001"],"launchPermission":{"userIds":["100000000001"]}}}]""");

        var plan = DistributionPlanner.Plan(current, Delta(joins: [2, 3]), target, ImmutableHashSet.Create(Account(2)));

        var write = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(plan);
        var ami = write.Request.Distributions[0].AmiDistributionConfiguration!;
        Assert.Equal(Ids(1, 2, 3), ami.LaunchPermission!.UserIds!.Value);
        Assert.Equal(Ids(1, 3), ami.TargetAccountIds!.Value);
    }

    [Fact]
    public void A_write_left_with_only_withheld_copies_is_nothing_to_write()
    {
        var target = new DistributionTarget(Arn, [ShareKind.TargetAccountIds], null);
        var current = Distribution("""[{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001"]}}]""");

        Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(DistributionPlanner.Plan(current, Delta(joins: [2]), target, ImmutableHashSet.Create(Account(2))));
    }

    [Fact]
    public void Withholding_joins_leaves_the_leaves_alone()
    {
        var delta = Delta(joins: [1, 2], leaves: [3]);

        var without = delta.WithoutJoins([Account(2), Account(3)]);

        Assert.Equal(Ids(1), without.Joins);
        Assert.Equal(Ids(3), without.Leaves);
    }
}
