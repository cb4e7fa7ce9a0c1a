using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;

namespace OrgSync.Local.Tests.Local;

/// <summary>Bursts and concurrency: coalescing per batch, and no lost update between consumers.</summary>
public sealed class ScaleTests
{
    [Fact]
    public async Task Three_hundred_joins_in_batches_of_ten_cost_at_most_thirty_writes_per_target()
    {
        var accounts = Enumerable.Range(1, 300).Select(Org.Account).ToArray();
        var inputs = Org.Inputs([.. accounts.Select((account, i) => Org.Join(account, Org.T0.AddSeconds(i)))]);

        var run = await LocalRunner.RunAsync(Org.Options(inputs) with { BatchSize = 10 });

        Assert.Equal(300, run.Summary.Succeeded);
        Assert.Equal(30, run.Summary.Batches);
        Assert.Equal(["222222222222", .. accounts], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(["222222222222", .. accounts], StateOf.LaunchPermission(run.StateAfter));
        Assert.InRange(run.Summary.ApiCalls["config.PutConfigurationAggregator"], 1, 30);
        Assert.InRange(run.Summary.ApiCalls["imagebuilder.UpdateDistributionConfiguration"], 1, 30);
        Assert.InRange(run.Summary.ApiCalls["config.DescribeConfigurationAggregators"], 1, 30);
        Assert.InRange(run.Summary.ApiCalls["imagebuilder.GetDistributionConfiguration"], 1, 30);
    }

    [Fact]
    public async Task Eight_concurrent_consumers_with_latency_lose_no_update()
    {
        var accounts = Enumerable.Range(1, 200).Select(Org.Account).ToArray();
        var inputs = Org.Inputs([.. accounts.Select((account, i) => Org.Join(account, Org.T0.AddSeconds(i)))]);

        var run = await LocalRunner.RunAsync(Org.Options(inputs) with
        {
            BatchSize = 10,
            Concurrency = 8,
            Latency = TimeSpan.FromMilliseconds(5),
        });

        Assert.Empty(run.Summary.DeadLettered);
        Assert.Equal(200, run.Summary.Succeeded);
        Assert.Equal(["222222222222", .. accounts], StateOf.AggregatorAccounts(run.StateAfter));
        Assert.Equal(["222222222222", .. accounts], StateOf.LaunchPermission(run.StateAfter));
        Assert.InRange(run.Summary.ApiCalls["config.PutConfigurationAggregator"], 1, 20);
    }

    [Fact]
    public async Task Seeded_faults_end_in_the_fault_free_state_without_dead_letters_or_token_mismatches()
    {
        var joins = Enumerable.Range(1, 40).Select(Org.Account).ToArray();
        string[] bodies =
        [
            .. joins.Select((account, i) => Org.Join(account, Org.T0.AddSeconds(i))),
            Org.Leave("333333333333", Org.T0), Org.CloseAccount(joins[3], Org.T0.AddHours(1)),
        ];
        var clean = await LocalRunner.RunAsync(Org.Options(Org.Inputs(bodies), "222222222222", "333333333333"));
        var faulty = await LocalRunner.RunAsync(Org.Options(Org.Inputs(bodies), "222222222222", "333333333333") with
        {
            Faults = Emulator.Faults.FaultSettings.Parse("throttle=0.2,error=0.1,lost-response=0.1"),
            Seed = 7,
        });

        Assert.Empty(faulty.Summary.DeadLettered);
        Assert.Equal(bodies.Length, faulty.Summary.Succeeded);
        Assert.Equal(StateOf.Normalized(clean.StateAfter), StateOf.Normalized(faulty.StateAfter));
        Assert.DoesNotContain(faulty.Summary.ApiErrors.Keys, code => code.Contains("IdempotentParameterMismatch", StringComparison.Ordinal));
        // The faults did happen: throttles and 5xx were answered, and retried.
        Assert.Contains(faulty.Summary.ApiErrors.Keys, code => code.Contains("Throttl", StringComparison.Ordinal) || code.Contains("CallRateLimitExceeded", StringComparison.Ordinal));
        Assert.True(faulty.Summary.ApiCalls.Values.Sum() > clean.Summary.ApiCalls.Values.Sum());
        Assert.Empty(clean.Summary.ApiErrors);
    }

    [Fact]
    public async Task A_seeded_fault_run_with_one_consumer_repeats_call_for_call()
    {
        var inputs = Org.Inputs([.. Enumerable.Range(1, 20).Select(i => Org.Join(Org.Account(i), Org.T0.AddSeconds(i)))]);
        var options = Org.Options(inputs) with { Faults = Emulator.Faults.FaultSettings.Parse("throttle=0.2,error=0.1,lost-response=0.1"), Seed = 11, BatchSize = 5 };

        var first = await LocalRunner.RunAsync(options with { State = Org.State() });
        var second = await LocalRunner.RunAsync(options with { State = Org.State() });

        Assert.Equal(first.Summary.ApiCalls, second.Summary.ApiCalls);
        Assert.Equal(first.Summary.ApiErrors, second.Summary.ApiErrors);
    }
}
