using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Aggregators;

public class AggregatorPropertyTests
{
    private static readonly Gen<(ConfigurationAggregator? Current, MembershipDelta Delta, AggregatorTarget Target)> Cases =
        from current in Generators.Aggregator
        from delta in Generators.Delta
        from target in Generators.AggregatorTarget
        select (current is null ? null : RoundTrip(current, Wire.ConfigurationAggregator), delta, target);

    [Fact]
    public void Applying_the_planned_put_and_planning_again_writes_nothing()
    {
        Properties.Check(Cases, c =>
        {
            if (AggregatorPlanner.Plan(c.Current, c.Delta, c.Target) is not Plan<PutConfigurationAggregatorRequest>.Write write)
            {
                return;
            }

            var after = RoundTrip(Apply(c.Current, write.Request), Wire.ConfigurationAggregator);
            var again = AggregatorPlanner.Plan(after, c.Delta, c.Target);

            Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(again);
        });
    }

    [Fact]
    public void The_written_accounts_are_the_merge_and_everything_else_is_carried_over()
    {
        Properties.Check(Cases, c =>
        {
            var plan = AggregatorPlanner.Plan(c.Current, c.Delta, c.Target);
            if (c.Current?.OrganizationAggregationSource is not null)
            {
                Assert.IsType<Plan<PutConfigurationAggregatorRequest>.NoChange>(plan);
                return;
            }

            if (plan is not Plan<PutConfigurationAggregatorRequest>.Write write)
            {
                return;
            }

            var source = Assert.Single(write.Request.AccountAggregationSources!.Value);
            var read = c.Current?.AccountAggregationSources?[0].AccountIds ?? [];
            Assert.Equal(read.Union(c.Delta.Joins).Except(c.Delta.Leaves).Order(StringComparer.Ordinal), source.AccountIds.AsEnumerable());
            Assert.NotEmpty(source.AccountIds);
            Assert.Null(write.Request.Tags);
            Assert.Null(write.Request.OrganizationAggregationSource);
            if (c.Current is not null)
            {
                var readSource = c.Current.AccountAggregationSources!.Value[0];
                Assert.Equal(
                    ToJson(readSource with { AccountIds = [] }, Wire.AccountAggregationSource),
                    ToJson(source with { AccountIds = [] }, Wire.AccountAggregationSource));
                Assert.Same(c.Current.AggregatorFilters, write.Request.AggregatorFilters);
            }
        });
    }

    [Fact]
    public void The_order_of_changes_in_a_batch_does_not_change_the_request()
    {
        var cases =
            from current in Generators.Aggregator
            from target in Generators.AggregatorTarget
            from changes in Generators.Changes
            from shuffled in Gen.Shuffle(changes)
            from excluded in Generators.Exclusions
            from removeOnLeave in Gen.Elements(true, false)
            select (current, target, changes, shuffled, excluded, removeOnLeave);

        Properties.Check(cases, c =>
        {
            string Planned(IEnumerable<AccountChange> batch) => Describe(AggregatorPlanner.Plan(
                c.current, BatchChanges.ToDelta(BatchChanges.Collapse(batch).Values, c.excluded, c.removeOnLeave), c.target));

            Assert.Equal(Planned(c.changes), Planned(c.shuffled));
        });
    }

    /// <summary>What <c>PutConfigurationAggregator</c> does: replaces the sources and filters, keeps the rest.</summary>
    private static ConfigurationAggregator Apply(ConfigurationAggregator? current, PutConfigurationAggregatorRequest request) =>
        (current ?? new ConfigurationAggregator { ConfigurationAggregatorName = request.ConfigurationAggregatorName }) with
        {
            AccountAggregationSources = request.AccountAggregationSources,
            OrganizationAggregationSource = request.OrganizationAggregationSource,
            AggregatorFilters = request.AggregatorFilters,
            LastUpdatedTime = 1_800_000_000,
        };

    private static string Describe(Plan<PutConfigurationAggregatorRequest> plan) => plan switch
    {
        Plan<PutConfigurationAggregatorRequest>.Write write => ToJson(write.Request, Wire.PutConfigurationAggregatorRequest),
        _ => plan.ToString(),
    };
}
