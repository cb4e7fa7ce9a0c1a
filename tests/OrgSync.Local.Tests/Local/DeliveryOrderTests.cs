using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>SPEC §1 "Order and duplicates", end to end through <c>local</c>.</summary>
public sealed class DeliveryOrderTests
{
    private const string A = "444444444444";
    private const string B = "555555555555";
    private static readonly DateTimeOffset T1 = Org.T0;
    private static readonly DateTimeOffset T2 = Org.T0.AddMinutes(10);

    [Fact]
    public async Task Every_event_delivered_three_times_ends_in_the_same_state_with_one_write_per_target()
    {
        string[] bodies = [Org.Join(A, T1), Org.Join(B, T1), Org.CloseAccount("222222222222", T2), Org.Leave("333333333333", T1)];
        var once = await LocalRunner.RunAsync(Org.Options(Org.Inputs(bodies), "222222222222", "333333333333"));
        var thrice = await LocalRunner.RunAsync(Org.Options(Org.Inputs([.. bodies, .. bodies, .. bodies]), "222222222222", "333333333333"));

        Assert.Equal(StateOf.Normalized(once.StateAfter), StateOf.Normalized(thrice.StateAfter));
        Assert.Equal([A, B], StateOf.AggregatorAccounts(thrice.StateAfter));
        Assert.Equal([A, B], StateOf.LaunchPermission(thrice.StateAfter));
        Assert.Equal(12, thrice.Summary.Succeeded);
        Assert.Empty(thrice.Summary.DeadLettered);
        // All twelve messages fit one batch: one read and one write per target, however many copies.
        Assert.Equal(1, thrice.Summary.ApiCalls["config.PutConfigurationAggregator"]);
        Assert.Equal(1, thrice.Summary.ApiCalls["config.DescribeConfigurationAggregators"]);
        Assert.Equal(1, thrice.Summary.ApiCalls["imagebuilder.UpdateDistributionConfiguration"]);
        Assert.Equal(1, thrice.Summary.ApiCalls["imagebuilder.GetDistributionConfiguration"]);
    }

    [Fact]
    public async Task Duplicates_in_later_batches_are_stale_and_cost_no_API_call()
    {
        string[] bodies = [Org.Join(A, T1), Org.Join(B, T1)];
        var run = await LocalRunner.RunAsync(Org.Options(Org.Inputs([.. bodies, .. bodies, .. bodies])) with { BatchSize = 2 });

        Assert.Equal(["222222222222", A, B], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(3, run.Summary.Batches);
        Assert.Equal(1, run.Summary.ApiCalls["config.PutConfigurationAggregator"]);
        Assert.Equal(1, run.Summary.ApiCalls["config.DescribeConfigurationAggregators"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task Out_of_order_pairs_end_at_the_newest_change_and_leave_wins_ties(int batchSize)
    {
        const string LeftLater = "600000000001";    // join T1, leave T2, delivered leave first → absent
        const string JoinedLater = "600000000002";  // leave T1, join T2, delivered join first → present
        const string TieJoinFirst = "600000000003"; // join and leave at T1, join delivered first → absent (leave wins)
        const string TieLeaveFirst = "600000000004"; // join and leave at T1, leave delivered first → absent
        var bodies = new[]
        {
            Org.Leave(LeftLater, T2), Org.Join(LeftLater, T1),
            Org.Join(JoinedLater, T2), Org.Leave(JoinedLater, T1),
            Org.Join(TieJoinFirst, T1), Org.Leave(TieJoinFirst, T1),
            Org.Leave(TieLeaveFirst, T1), Org.Join(TieLeaveFirst, T1),
        };

        var run = await LocalRunner.RunAsync(Org.Options(Org.Inputs(bodies)) with { BatchSize = batchSize });

        Assert.Equal(["222222222222", JoinedLater], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(["222222222222", JoinedLater], StateOf.LaunchPermission(run.StateAfter));
        Assert.Equal(8, run.Summary.Succeeded);
    }

    [Fact]
    public async Task A_stale_join_after_a_leave_of_an_account_already_present_removes_it_and_keeps_it_removed()
    {
        var run = await LocalRunner.RunAsync(Org.Options(Org.Inputs(Org.Leave(A, T2), Org.Join(A, T1), Org.Join(A, T1)), A, B) with { BatchSize = 1 });

        Assert.Equal([B], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(1, run.Summary.ApiCalls["config.PutConfigurationAggregator"]);
    }
}
