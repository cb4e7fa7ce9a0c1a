using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Units;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>The pipeline over the real AWS appliers and the emulator, where the call counters tell what was sent.</summary>
public sealed class EmulatedPipelineTests : IAsyncLifetime, IDisposable
{
    private AwsEmulator _emulator = null!;
    private AwsClientFactory _clients = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AwsEmulator.StartAsync(Org.State("222222222222"), new EmulatorOptions { Port = 0 });
        _clients = new AwsClientFactory(EmulatorClientOptions.For(_emulator));
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_fence_that_says_the_lease_was_lost_stops_the_write_after_the_read()
    {
        var processor = new BatchProcessor(Org.Targets, new PipelinePorts(new AwsTargetAppliers(_clients, new ApplierOptions()), new InMemoryMembershipLedger(), new LostLease(), new TestDirectory()));

        var outcome = await processor.ProcessAsync(
            [new InboundMessage("m", Org.Join("444444444444", Org.T0))], new BatchContext("x", DateTimeOffset.UtcNow.AddSeconds(30)), CancellationToken.None);

        Assert.True(outcome.Messages[0].IsFailure);
        Assert.Contains("lease was lost", outcome.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, _emulator.CallCount("config.DescribeConfigurationAggregators"));
        Assert.Equal(0, _emulator.CallCount("config.PutConfigurationAggregator"));
        Assert.Equal(0, _emulator.CallCount("imagebuilder.UpdateDistributionConfiguration"));
        Assert.Equal(["222222222222"], StateOf.AggregatorAccounts(_emulator.ExportState()));
    }

    [Fact]
    public async Task An_invocation_whose_deadline_has_passed_sends_nothing_and_fails_its_messages()
    {
        var processor = new BatchProcessor(Org.Targets, new PipelinePorts(new AwsTargetAppliers(_clients, new ApplierOptions()), new InMemoryMembershipLedger(), new InMemoryTargetLease(), new TestDirectory()));

        var outcome = await processor.ProcessAsync(
            [new InboundMessage("m", Org.Join("444444444444", Org.T0))], new BatchContext("x", DateTimeOffset.UtcNow.AddSeconds(-1)), CancellationToken.None);

        Assert.True(outcome.Messages[0].IsFailure);
        Assert.Contains("deadline", outcome.Messages[0].Reason, StringComparison.Ordinal);
        Assert.Empty(_emulator.CallCounts);
    }

    /// <summary>Grants every lease, then fails every fencing check (as if it had expired and been taken over).</summary>
    private sealed class LostLease : ITargetLease
    {
        public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
            Task.FromResult<LeaseGrant?>(new LeaseGrant(key, owner, 1, DateTimeOffset.UtcNow + duration));

        public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken) => Task.FromResult<LeaseGrant?>(null);

        public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
