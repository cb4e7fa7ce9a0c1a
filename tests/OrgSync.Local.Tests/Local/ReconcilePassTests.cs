using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Hosting;
using OrgSync.Local.Emulation;
using OrgSync.Local.Running;
using OrgSync.Local.Storage;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Local.Tests.Local;

/// <summary>
/// <see cref="ReconcilePass"/> driven directly on the ports <c>orgsync reconcile</c> builds (the functions' appliers
/// against the embedded emulator, the in-memory ledger, journal and lease), with those stores wrapped where a test
/// needs one target's storage to fail or the pass's lease to be held or lost (SPEC §6, §3.5).
/// </summary>
public sealed class ReconcilePassTests
{
    private const string ProdMember = "300000000001", Mover = "300000000002", Suspended = "300000000003", Suspended2 = "300000000004";
    private const string New1 = "300000000011", New2 = "300000000012", Partner = "300000000031";

    private sealed record PassRun(ReconcileOutcome Outcome, string StateAfter, ImmutableSortedDictionary<string, long> ApiCalls);

    private static async Task<PassRun> PassAsync(
        TargetsFile targets, JsonObject state, Func<PipelinePorts, Task<PipelinePorts>>? wrap = null, TimeSpan? timeout = null,
        IChannelChecks? channelChecks = null, CancellationToken cancellationToken = default)
    {
        var time = TimeProvider.System;
        using var storage = EmbeddedStorage.Open(null, time);
        await using var emulator = await AwsEmulator.StartAsync(ReconcileOrg.EmulatorState(state), new EmulatorOptions { Port = 0 }, CancellationToken.None);
        using var clients = new AwsClientFactory(EmulatorClientOptions.For(emulator), time);
        var applierOptions = new ApplierOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(50) };
        var ports = LocalPorts.Create(targets, clients, applierOptions, storage, targets.HomeAccountId);
        if (wrap is not null)
        {
            ports = await wrap(ports);
        }

        var pass = new ReconcilePass(targets, ports, new PipelineOptions()) { ChannelChecks = channelChecks };
        var outcome = await pass.RunAsync(true, "reconcile-pass-tests", time.GetUtcNow() + (timeout ?? TimeSpan.FromMinutes(1)), cancellationToken);
        return new PassRun(outcome, emulator.ExportState(), emulator.CallCounts);
    }

    private static JsonObject Authorization(string account) => new()
    {
        ["accountId"] = account, ["region"] = "us-east-1", ["AuthorizedAccountId"] = Org.Home, ["AuthorizedAwsRegion"] = "us-east-1", ["CreationTime"] = 1767225600,
    };

    private static JsonObject WithAuthorizations(JsonObject state, params string[] accounts)
    {
        state["aggregationAuthorizations"] = new JsonArray([.. accounts.Select(account => (JsonNode)Authorization(account))]);
        return state;
    }

    private static string[] Authorized(string state) =>
        [.. StateOf.Authorizations(state).Where(a => a.Region == "us-east-1" && a.AuthorizedAccount == Org.Home && a.AuthorizedRegion == "us-east-1").Select(a => a.Account).Order(StringComparer.Ordinal)];

    private static ReconcileTargetReport Report(PassRun run, string key) => run.Outcome.Targets.Single(t => t.Key == key);

    private static long Calls(PassRun run, string operation) => run.ApiCalls.GetValueOrDefault(operation);

    // SPEC §3.5 — authorizations and aggregators sharing a Region.

    [Fact]
    public async Task With_one_aggregator_in_its_Region_a_stale_accounts_authorization_is_withdrawn()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(Suspended, "SUSPENDED", ReconcileOrg.Prod)];
        var onlyOrgAggregator = new JsonObject
        {
            ["aggregators"] = new JsonArray(new JsonObject { ["name"] = ReconcileOrg.OrgAggregator, ["region"] = "us-east-1", ["authorizeSources"] = true }),
        };
        var targets = ReconcileOrg.Targets(more: onlyOrgAggregator);
        var state = WithAuthorizations(
            ReconcileOrg.State(members, [Org.Home, ProdMember, Suspended], [ProdMember, Suspended], [Org.Home, ProdMember]), ProdMember, Suspended);

        var run = await PassAsync(targets, state);

        Assert.True(run.Outcome.Succeeded, run.Outcome.Failure ?? string.Join("; ", run.Outcome.Targets.Select(t => t.Failure)));
        Assert.Equal([Suspended], Report(run, ReconcileOrg.OrgKey).Drift.Stale.ToArray());
        Assert.True(Report(run, ReconcileOrg.OrgKey).Written);
        Assert.Equal([Org.Home, ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([ProdMember], Authorized(run.StateAfter));
        Assert.Equal(1, Calls(run, "config.DeleteAggregationAuthorization"));
    }

    [Fact]
    public async Task Two_aggregators_in_one_Region_do_not_withdraw_an_authorization_the_other_still_needs()
    {
        // The mover went from Prod to Dev: stale in prod-aggregator (out of its scope), still desired by org-aggregator,
        // which collects from it with the same authorization (same source Region, same aggregator account and Region).
        // The suspended account is stale in both.
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(Mover, Parent: ReconcileOrg.Dev), new(Suspended, "SUSPENDED", ReconcileOrg.Prod)];
        var targets = ReconcileOrg.Targets();
        var state = WithAuthorizations(
            ReconcileOrg.State(
                members,
                orgAggregator: [Org.Home, ProdMember, Mover, Suspended],
                prodAggregator: [ProdMember, Mover, Suspended],
                golden: [Org.Home, ProdMember, Mover]),
            ProdMember, Mover, Suspended);

        var run = await PassAsync(targets, state);

        Assert.True(run.Outcome.Succeeded, run.Outcome.Failure ?? string.Join("; ", run.Outcome.Targets.Select(t => t.Failure)));
        Assert.Equal([Suspended], Report(run, ReconcileOrg.OrgKey).Drift.Stale.ToArray());
        Assert.Equal([Mover, Suspended], Report(run, ReconcileOrg.ProdKey).Drift.Stale.ToArray());
        Assert.Equal([Org.Home, ProdMember, Mover], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.ProdKey));
        // org-aggregator still collects from the mover: prod-aggregator's leave did not take its authorization away.
        Assert.Contains(Mover, Authorized(run.StateAfter));
        Assert.Contains(ProdMember, Authorized(run.StateAfter));
        // Units sharing a Region withdraw nothing (the pass's units know it, as the batch path's do).
        Assert.Equal(0, Calls(run, "config.DeleteAggregationAuthorization"));
    }

    // SPEC §6 — leaves only where due.

    [Fact]
    public async Task Without_removeOnLeave_a_stale_account_is_reported_and_nothing_is_written()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(Suspended, "SUSPENDED", ReconcileOrg.Prod)];
        var targets = ReconcileOrg.Targets(removeOnLeave: false);
        var state = WithAuthorizations(
            ReconcileOrg.State(members, [Org.Home, ProdMember, Suspended], [ProdMember, Suspended], [Org.Home, ProdMember, Suspended]), ProdMember, Suspended);

        var run = await PassAsync(targets, state);

        Assert.True(run.Outcome.Succeeded);
        Assert.All(run.Outcome.Targets, target =>
        {
            Assert.Equal([Suspended], target.Drift.Stale.ToArray());
            Assert.Empty(target.Drift.Missing);
            Assert.False(target.Written);
            Assert.Null(target.Run);
        });
        Assert.Equal(0, ReconcileOrg.Writes(run.ApiCalls));
        Assert.Equal([Org.Home, ProdMember, Suspended], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.Equal([Org.Home, ProdMember, Suspended], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        Assert.Equal([ProdMember, Suspended], Authorized(run.StateAfter));
    }

    [Fact]
    public async Task Pruning_removes_a_foreign_account_even_without_removeOnLeave_and_keeps_the_stale_one()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(Suspended, "SUSPENDED", ReconcileOrg.Prod)];
        var targets = ReconcileOrg.Targets(removeOnLeave: false, reconcile: new JsonObject { ["pruneForeignAccounts"] = true });
        var state = ReconcileOrg.State(members, [Org.Home, ProdMember, Suspended, Partner], [ProdMember], [Org.Home, ProdMember, Partner]);

        var run = await PassAsync(targets, state);

        Assert.True(run.Outcome.Succeeded, run.Outcome.Failure ?? string.Join("; ", run.Outcome.Targets.Select(t => t.Failure)));
        var org = Report(run, ReconcileOrg.OrgKey);
        Assert.Equal([Partner], org.Drift.Foreign.ToArray());
        Assert.Equal([Suspended], org.Drift.Stale.ToArray());
        Assert.True(org.Written);
        Assert.Equal([Org.Home, ProdMember, Suspended], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.True(Report(run, ReconcileOrg.GoldenKey).Written);
        Assert.Equal([Org.Home, ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        Assert.False(Report(run, ReconcileOrg.ProdKey).Written);
    }

    [Fact]
    public async Task Without_removeOnLeave_stale_accounts_do_not_spend_the_weekly_budget()
    {
        OrgMember[] members =
        [
            new(ProdMember, Parent: ReconcileOrg.Prod), new(Suspended, "SUSPENDED", ReconcileOrg.Prod), new(Suspended2, "SUSPENDED"), new(New1), new(New2),
        ];
        var targets = ReconcileOrg.Targets(removeOnLeave: false, reconcile: new JsonObject { ["weeklyAggregatorChangeBudget"] = 2 });
        var state = ReconcileOrg.State(members, [Org.Home, ProdMember, Suspended, Suspended2], [ProdMember], [Org.Home, ProdMember]);

        var run = await PassAsync(targets, state);

        Assert.True(run.Outcome.Succeeded, run.Outcome.Failure ?? string.Join("; ", run.Outcome.Targets.Select(t => t.Failure)));
        var org = Report(run, ReconcileOrg.OrgKey);
        Assert.Equal([New1, New2], org.Drift.Missing.ToArray());
        Assert.Equal([Suspended, Suspended2], org.Drift.Stale.ToArray());
        Assert.Empty(org.Drift.Deferred);
        Assert.True(org.Written);
        Assert.Equal(
            [Org.Home, ProdMember, Suspended, Suspended2, New1, New2],
            ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
    }

    // One target's storage error is that target's failure.

    [Theory]
    [InlineData("ledger")]
    [InlineData("journal")]
    public async Task A_storage_error_in_one_target_fails_that_target_and_the_others_are_still_written(string failing)
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(New1, Parent: ReconcileOrg.Prod)];
        var targets = ReconcileOrg.Targets();
        var state = ReconcileOrg.State(members, [Org.Home, ProdMember], [ProdMember], [Org.Home, ProdMember]);

        var run = await PassAsync(targets, state, stores => Task.FromResult(failing == "ledger"
            ? stores with { Ledger = new FailingLedger(stores.Ledger, ReconcileOrg.OrgKey) }
            : stores with { Journal = new FailingJournal(stores.Journal!, ReconcileOrg.OrgKey) }));

        Assert.False(run.Outcome.Succeeded);
        Assert.Null(run.Outcome.Failure);
        var org = Report(run, ReconcileOrg.OrgKey);
        Assert.StartsWith("could not be reconciled", org.Failure, StringComparison.Ordinal);
        Assert.Contains("the store is down", org.Failure, StringComparison.Ordinal);
        Assert.False(org.Written);
        Assert.Equal([Org.Home, ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        Assert.True(Report(run, ReconcileOrg.ProdKey).Written);
        Assert.True(Report(run, ReconcileOrg.GoldenKey).Written);
        Assert.Equal([ProdMember, New1], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.ProdKey));
        Assert.Equal([Org.Home, ProdMember, New1], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
    }

    // The pass's lease.

    [Fact]
    public async Task A_pass_finding_another_pass_holding_the_lease_is_skipped_not_failed_and_writes_nothing()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(New1)];
        var targets = ReconcileOrg.Targets();
        var state = ReconcileOrg.State(members, [Org.Home, ProdMember], [ProdMember], [Org.Home, ProdMember]);

        var run = await PassAsync(
            targets,
            state,
            async stores =>
            {
                Assert.NotNull(await stores.Lease.TryAcquireAsync(ReconcilePass.LeaseKey, "the-scheduled-pass", TimeSpan.FromMinutes(5), CancellationToken.None));
                return stores;
            },
            timeout: TimeSpan.FromSeconds(2));

        Assert.NotNull(run.Outcome.Skipped);
        Assert.Null(run.Outcome.Failure);
        Assert.True(run.Outcome.Succeeded);
        Assert.Empty(run.Outcome.Targets);
        Assert.Equal(0, ReconcileOrg.Writes(run.ApiCalls));
        Assert.Equal(0, Calls(run, "organizations.ListAccounts"));
        var summary = JsonNode.Parse(ReconcileSummary.ToJson(run.Outcome, run.ApiCalls))!;
        Assert.Equal(run.Outcome.Skipped, summary["skipped"]!.GetValue<string>());
        Assert.Null(summary["failure"]);
    }

    [Fact]
    public async Task A_pass_that_loses_its_lease_starts_no_further_target()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(New1, Parent: ReconcileOrg.Prod)];
        var targets = ReconcileOrg.Targets();
        var state = ReconcileOrg.State(members, [Org.Home, ProdMember], [ProdMember], [Org.Home, ProdMember]);

        var run = await PassAsync(targets, state, stores => Task.FromResult(stores with { Lease = new LosingLease(stores.Lease, ReconcilePass.LeaseKey) }));

        var org = Report(run, ReconcileOrg.OrgKey);
        Assert.Null(org.Failure);
        Assert.True(org.Written);
        Assert.Equal([Org.Home, ProdMember, New1], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.OrgKey).Order(StringComparer.Ordinal));
        foreach (var key in new[] { ReconcileOrg.ProdKey, ReconcileOrg.GoldenKey })
        {
            var later = Report(run, key);
            Assert.StartsWith("not started: the pass lost its lease", later.Failure, StringComparison.Ordinal);
            Assert.False(later.Written);
        }

        Assert.Equal([ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.ProdKey));
        Assert.Equal([Org.Home, ProdMember], ReconcileOrg.Holds(run.StateAfter, ReconcileOrg.GoldenKey).Order(StringComparer.Ordinal));
        Assert.Equal(1, Calls(run, "config.PutConfigurationAggregator"));
        Assert.Equal(0, Calls(run, "imagebuilder.UpdateDistributionConfiguration"));
        Assert.False(run.Outcome.Succeeded);
    }

    /// <summary>The ledger, failing every read of one scope.</summary>
    private sealed class FailingLedger(IMembershipLedger inner, string failing) : IMembershipLedger
    {
        public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
            scope == failing ? throw new IOException("the store is down") : inner.ReadAsync(scope, accountIds, cancellationToken);

        public Task RecordAsync(string scope, IReadOnlyCollection<Core.Events.AccountChange> applied, CancellationToken cancellationToken) =>
            inner.RecordAsync(scope, applied, cancellationToken);
    }

    /// <summary>The write journal, failing every count of one scope.</summary>
    private sealed class FailingJournal(IWriteJournal inner, string failing) : IWriteJournal
    {
        public Task RecordWriteAsync(string scope, string writeId, DateTimeOffset at, int accountsChanged, CancellationToken cancellationToken) =>
            inner.RecordWriteAsync(scope, writeId, at, accountsChanged, cancellationToken);

        public Task<long> CountSinceAsync(string scope, DateTimeOffset since, CancellationToken cancellationToken) =>
            scope == failing ? throw new IOException("the store is down") : inner.CountSinceAsync(scope, since, cancellationToken);
    }

    /// <summary>The lease, which can never renew <paramref name="lost"/> (someone took it over).</summary>
    private sealed class LosingLease(ITargetLease inner, string lost) : ITargetLease
    {
        public Task<LeaseGrant?> TryAcquireAsync(string key, string owner, TimeSpan duration, CancellationToken cancellationToken) =>
            inner.TryAcquireAsync(key, owner, duration, cancellationToken);

        public Task<bool> IsCurrentAsync(LeaseGrant grant, CancellationToken cancellationToken) => inner.IsCurrentAsync(grant, cancellationToken);

        public Task<LeaseGrant?> RenewAsync(LeaseGrant grant, TimeSpan duration, CancellationToken cancellationToken) =>
            grant.Key == lost ? Task.FromResult<LeaseGrant?>(null) : inner.RenewAsync(grant, duration, cancellationToken);

        public Task ReleaseAsync(LeaseGrant grant, CancellationToken cancellationToken) => inner.ReleaseAsync(grant, cancellationToken);
    }

    // SPEC §6 reconcile.channels — channel checks the pass could not all send.

    private static JsonObject ChannelTarget => new()
    {
        ["deliveryChannels"] = new JsonArray(new JsonObject
        {
            ["memberRoleName"] = "OrgSyncMemberRole", ["regions"] = new JsonArray("us-east-1"), ["channel"] = new JsonObject { ["s3BucketName"] = "org-config-logs" },
        }),
    };

    [Fact]
    public async Task Channel_checks_sent_in_part_are_counted_and_reported_as_the_next_passs_to_send()
    {
        OrgMember[] members = [new(ProdMember, Parent: ReconcileOrg.Prod), new(New1), new(New2)];
        var checks = new ScriptedChannelChecks(requests => Task.FromResult(requests.Count - 1));

        var run = await PassAsync(
            ReconcileOrg.Targets(more: ChannelTarget), ReconcileOrg.State(members, [Org.Home], [], [Org.Home]), channelChecks: checks);

        Assert.Equal(4, checks.Requests); // the management account and the three members
        Assert.Equal(3, run.Outcome.ChannelChecks);
        Assert.Equal("3 of 4 channel checks sent (the others failed, or the deadline came first); the next pass sends them again", run.Outcome.ChannelChecksFailure);
        Assert.False(run.Outcome.Succeeded);
    }

    [Fact]
    public async Task A_pass_cancelled_while_sending_its_channel_checks_still_reports_what_it_did()
    {
        using var cancellation = new CancellationTokenSource();
        var checks = new ScriptedChannelChecks(async _ =>
        {
            await cancellation.CancelAsync();
            cancellation.Token.ThrowIfCancellationRequested();
            return 0;
        });

        var run = await PassAsync(
            ReconcileOrg.Targets(more: ChannelTarget), ReconcileOrg.State([new(New1)], [Org.Home], [], [Org.Home]), channelChecks: checks,
            cancellationToken: cancellation.Token);

        Assert.Contains("the channel checks could not all be sent", run.Outcome.ChannelChecksFailure, StringComparison.Ordinal);
        Assert.All(run.Outcome.Targets, t => Assert.Null(t.Failure));
    }

    private sealed class ScriptedChannelChecks(Func<IReadOnlyList<string>, Task<int>> send) : IChannelChecks
    {
        public int Requests { get; private set; }

        public Task<int> SendAsync(IReadOnlyList<string> requests, DateTimeOffset deadline, CancellationToken cancellationToken)
        {
            Requests = requests.Count;
            return send(requests);
        }
    }
}
