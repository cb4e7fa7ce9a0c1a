using System.Text.RegularExpressions;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Running;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// A distribution configuration in use (Image Builder's <c>ResourceInUseException</c>, "retry later" — the emulator's
/// <c>in-use</c> fault) is transient but takes minutes to clear: the target fails at once, one write per delivery, and
/// SQS redelivers the message; nothing retries it inside the invocation. Config's <c>PutConfigurationAggregator</c> has
/// no such error in its model, so the fault only ever meets Image Builder's writes.
/// </summary>
public sealed class ResourceInUseRunTests : IDisposable
{
    private const string Joining = "444444444444";

    /// <summary>The failure reason of the distribution target when its one write met a configuration in use.</summary>
    private static readonly string InUseReason =
        "^distribution/" + Regex.Escape(Org.GoldenArn) + @": imagebuilder\.UpdateDistributionConfiguration failed with ResourceInUseException "
        + @"\(HTTP 400, request id [^,]+, transient\): The resource that you are trying to operate on is currently in use\. .*retry later\.$";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_configuration_in_use_fails_each_delivery_after_one_write_is_dead_lettered_and_converges_when_sent_again()
    {
        var ledger = _folder.Combine("ledger");
        var busy = await LocalRunner.RunAsync(Org.Options(Org.Inputs(Org.Join(Joining, Org.T0))) with
        {
            Faults = FaultSettings.Parse("in-use=1"),
            LedgerFolder = ledger,
        });

        // Three deliveries, one write each: not retried inside the invocation, left to SQS, then dead-lettered.
        Assert.Equal((3, 0), (busy.Summary.Deliveries, busy.Summary.Succeeded));
        Assert.Equal(3, busy.Summary.ApiCalls["imagebuilder.UpdateDistributionConfiguration"]);
        Assert.Equal(3, busy.Summary.ApiErrors["imagebuilder.ResourceInUseException"]);
        Assert.Single(busy.Summary.ApiErrors);
        var reason = Assert.Single(busy.Summary.DeadLettered).Reason;
        // The service's own words, from the one attempt: no "gave up after N attempts".
        Assert.Matches(InUseReason, reason);
        // The aggregator is another target: written on the first delivery, found in the ledger on the redeliveries.
        Assert.Equal(1, busy.Summary.ApiCalls["config.PutConfigurationAggregator"]);
        Assert.Contains(Joining, StateOf.AggregatorAccounts(busy.StateAfter));
        Assert.DoesNotContain(Joining, StateOf.LaunchPermission(busy.StateAfter));

        // The build has finished; the dead-lettered message is sent again, with the same ledger.
        var redriven = await LocalRunner.RunAsync(Org.Options(Org.Inputs(Org.Join(Joining, Org.T0))) with
        {
            State = Emulator.State.EmulatorState.Parse(busy.StateAfter, "after the busy run"),
            LedgerFolder = ledger,
        });

        Assert.Equal((1, 1), (redriven.Summary.Deliveries, redriven.Summary.Succeeded));
        Assert.Equal(1, redriven.Summary.ApiCalls["imagebuilder.UpdateDistributionConfiguration"]);
        Assert.False(redriven.Summary.ApiCalls.ContainsKey("config.PutConfigurationAggregator"));
        Assert.Empty(redriven.Summary.ApiErrors);
        Assert.Equal(["222222222222", Joining], StateOf.LaunchPermission(redriven.StateAfter));
    }

    [Fact]
    public async Task A_redelivery_after_the_configuration_is_free_again_applies_the_join_within_the_receive_count()
    {
        await using var emulator = await AwsEmulator.StartAsync(Org.State(), new EmulatorOptions { Port = 0, Faults = FaultSettings.Parse("in-use=1") });
        using var clients = new AwsClientFactory(EmulatorClientOptions.For(emulator));
        var processor = new BatchProcessor(
            Org.Targets,
            new PipelinePorts(new AwsTargetAppliers(clients, new ApplierOptions { BaseDelay = TimeSpan.FromMilliseconds(1) }), new InMemoryMembershipLedger(), new InMemoryTargetLease(), new TestDirectory()));
        InboundMessage[] message = [new("m-1", Org.Join(Joining, Org.T0))];

        async Task<MessageOutcome> DeliverAsync()
        {
            emulator.ResetCallCounts();
            var outcome = await processor.ProcessAsync(message, new BatchContext("delivery", DateTimeOffset.UtcNow.AddSeconds(30)), CancellationToken.None);
            return Assert.Single(outcome.Messages);
        }

        var first = await DeliverAsync();
        Assert.True(first.IsFailure);
        Assert.Matches(InUseReason, first.Reason);
        Assert.Equal((1, 1), (emulator.CallCount("imagebuilder.UpdateDistributionConfiguration"), emulator.CallCount("config.PutConfigurationAggregator")));

        var second = await DeliverAsync();
        Assert.True(second.IsFailure);
        Assert.Equal((1, 0), (emulator.CallCount("imagebuilder.UpdateDistributionConfiguration"), emulator.CallCount("config.PutConfigurationAggregator")));

        emulator.Faults = FaultSettings.None;
        var third = await DeliverAsync();
        Assert.False(third.IsFailure, third.Reason);
        Assert.Equal((1, 0), (emulator.CallCount("imagebuilder.UpdateDistributionConfiguration"), emulator.CallCount("config.PutConfigurationAggregator")));
        Assert.Equal(["222222222222", Joining], StateOf.LaunchPermission(emulator.ExportState()));
        Assert.Equal(["222222222222", Joining], StateOf.AggregatorAccounts(emulator.ExportState()));
    }
}
