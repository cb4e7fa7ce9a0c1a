using System.Collections.Immutable;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Aggregators;

public class AggregatorPlannerTests
{
    private static readonly AggregatorTarget Target = new("org", "us-east-1", CreateIfMissing: false, AllAwsRegions: true, AwsRegions: null);

    private static ConfigurationAggregator Read(string json) => Planning.TestData.Read(json, Wire.ConfigurationAggregator);

    private static Plan<PutConfigurationAggregatorRequest>.Write AssertWrite(Plan<PutConfigurationAggregatorRequest> plan) =>
        Assert.IsType<Plan<PutConfigurationAggregatorRequest>.Write>(plan);

    private static string RequestJson(Plan<PutConfigurationAggregatorRequest> plan) =>
        ToJson(AssertWrite(plan).Request, Wire.PutConfigurationAggregatorRequest);

    [Fact]
    public void Account_ids_become_current_plus_joins_minus_leaves_sorted_and_deduplicated()
    {
        var current = Read("""
            {"ConfigurationAggregatorName":"org","AccountAggregationSources":[
              {"AccountIds":["100000000003","100000000001","100000000003","100000000002"],"AllAwsRegions":true}]}
            """);

        var plan = AggregatorPlanner.Plan(current, Delta(joins: [5, 4], leaves: [2]), Target);

        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001","100000000003","100000000004","100000000005"],"AllAwsRegions":true}]}""",
            RequestJson(plan));
        var diff = AssertWrite(plan).Diff;
        Assert.Equal(Ids(4, 5), diff.Added);
        Assert.Equal(Ids(2), diff.Removed);
        var list = Assert.Single(diff.Lists);
        Assert.Equal("AccountAggregationSources[0].AccountIds", list.List);
        Assert.Equal("AccountAggregationSources[0].AccountIds: +100000000004 +100000000005 -100000000002", list.ToString());
    }

    [Fact]
    public void Every_member_the_planner_does_not_own_is_carried_over_and_tags_and_read_only_members_are_not_sent()
    {
        var current = Read("""
            {"ConfigurationAggregatorName":"org",
             "ConfigurationAggregatorArn":"arn:aws:config:us-east-1:111111111111:config-aggregator/config-aggregator-abcdefgh",
             "AccountAggregationSources":[{"AccountIds":["100000000001"],"AllAwsRegions":false,"AwsRegions":["us-east-1","eu-west-1"],"FutureSourceMember":{"x":[1,2.50]}}],
             "CreationTime":1700000000.5,"LastUpdatedTime":1700000100,"CreatedBy":"someone",
             "AggregatorFilters":{"ResourceType":{"Type":"INCLUDE","Value":["AWS::EC2::Instance"]},"ServicePrincipal":{"Type":"INCLUDE","Value":["config.amazonaws.com"]}}}
            """);

        var plan = AggregatorPlanner.Plan(current, Delta(joins: [2]), Target);

        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001","100000000002"],"AllAwsRegions":false,"AwsRegions":["us-east-1","eu-west-1"],"FutureSourceMember":{"x":[1,2.50]}}],"AggregatorFilters":{"ResourceType":{"Type":"INCLUDE","Value":["AWS::EC2::Instance"]},"ServicePrincipal":{"Type":"INCLUDE","Value":["config.amazonaws.com"]}}}""",
            RequestJson(plan));
        Assert.Null(AssertWrite(plan).Request.Tags);
        Assert.Null(AssertWrite(plan).Request.OrganizationAggregationSource);
    }

    [Fact]
    public void A_set_equal_list_read_back_unsorted_is_no_reason_to_write()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000002","100000000001"],"AllAwsRegions":true}]}""");

        var plan = AggregatorPlanner.Plan(current, Delta(joins: [1], leaves: [7]), Target);

        var noChange = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(plan);
        Assert.False(noChange.IsWarning);
    }

    [Fact]
    public void An_empty_delta_writes_nothing()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001"],"AllAwsRegions":true}]}""");

        Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(AggregatorPlanner.Plan(current, MembershipDelta.Empty, Target));
    }

    [Fact]
    public void An_organization_source_already_covers_members()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org","OrganizationAggregationSource":{"RoleArn":"arn:aws:iam::111111111111:role/r","AllAwsRegions":true}}""");

        var plan = AggregatorPlanner.Plan(current, Delta(joins: [1], leaves: [2]), Target);

        var noChange = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(plan);
        Assert.Contains("organization source", noChange.Reason, StringComparison.Ordinal);
        Assert.False(noChange.IsWarning);
    }

    [Fact]
    public void Removing_the_last_accounts_is_not_written_and_is_a_warning()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001","100000000002"],"AllAwsRegions":true}]}""");

        var plan = AggregatorPlanner.Plan(current, Delta(leaves: [1, 2]), Target);

        var noChange = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(plan);
        Assert.True(noChange.IsWarning);
        Assert.Contains("no accounts", noChange.Reason, StringComparison.Ordinal);
        Assert.Contains("'org'", noChange.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_aggregator_without_create_if_missing_fails_naming_aggregator_and_region()
    {
        var plan = AggregatorPlanner.Plan(null, Delta(joins: [1]), Target);

        var failure = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.Failure>(plan);
        Assert.Contains("'org'", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("us-east-1", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_aggregator_is_created_with_the_joins_and_all_regions()
    {
        var plan = AggregatorPlanner.Plan(null, Delta(joins: [2, 1], leaves: [3]), Target with { CreateIfMissing = true });

        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001","100000000002"],"AllAwsRegions":true}]}""",
            RequestJson(plan));
        var diff = AssertWrite(plan).Diff;
        Assert.Contains(diff.Notes, n => n.StartsWith("created", StringComparison.Ordinal));
        Assert.Equal(Ids(1, 2), diff.Added);
        Assert.Empty(diff.Removed);
    }

    [Fact]
    public void A_missing_aggregator_is_created_with_the_targets_region_list()
    {
        var target = new AggregatorTarget("org", "us-east-1", CreateIfMissing: true, AllAwsRegions: false, AwsRegions: ["us-east-1", "eu-west-1"]);

        var plan = AggregatorPlanner.Plan(null, Delta(joins: [1]), target);

        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001"],"AwsRegions":["us-east-1","eu-west-1"]}]}""",
            RequestJson(plan));
    }

    [Fact]
    public void A_missing_aggregator_with_no_joins_is_not_created()
    {
        var plan = AggregatorPlanner.Plan(null, Delta(leaves: [1]), Target with { CreateIfMissing = true });

        var noChange = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(plan);
        Assert.False(noChange.IsWarning);
    }

    [Fact]
    public void More_than_one_account_source_is_a_failure_rather_than_a_guess()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001"],"AllAwsRegions":true},{"AccountIds":["100000000002"],"AllAwsRegions":true}]}""");

        var failure = Assert.IsType<Plan<PutConfigurationAggregatorRequest>.Failure>(AggregatorPlanner.Plan(current, Delta(joins: [3]), Target));
        Assert.Contains("'org'", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aggregator_read_without_any_source_gets_an_account_source_with_the_targets_regions()
    {
        var current = Read("""{"ConfigurationAggregatorName":"org"}""");

        var plan = AggregatorPlanner.Plan(current, Delta(joins: [1]), Target);

        Assert.Equal(
            """{"ConfigurationAggregatorName":"org","AccountAggregationSources":[{"AccountIds":["100000000001"],"AllAwsRegions":true}]}""",
            RequestJson(plan));
    }
}
