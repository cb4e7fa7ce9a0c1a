using OrgSync.Core.Leasing;
using OrgSync.Core.Membership;
using OrgSync.Core.Observability;
using OrgSync.Core.Organizations;
using OrgSync.Core.Targets;
using OrgSync.Local.Tests.Support;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Local.Tests.Pipeline;

/// <summary>SPEC §3.5 membership, §2 scopes, §1 moves and channel checks: which target each change reaches, and which messages fail.</summary>
public sealed class MembershipAndScopeTests
{
    private const string A = "444444444444";
    private const string B = "555555555555";
    private const string Prod = "ou-ab12-prod0001";
    private const string Dev = "ou-ab12-dev00001";
    private static readonly DateTimeOffset T1 = Org.T0;
    private static readonly DateTimeOffset T2 = Org.T0.AddMinutes(5);

    private static readonly TargetsFile Scoped = TargetsFileLoader.Parse("""
        {
          "homeAccountId": "111111111111",
          "trustedManagementAccountId": "111111111111",
          "customSources": ["acme.vending"],
          "allowedNonMembers": ["777777777777"],
          "aggregators": [
            { "name": "org-aggregator", "region": "us-east-1" },
            { "name": "prod-aggregator", "region": "us-east-1", "scope": { "organizationalUnits": ["ou-ab12-prod0001"] } }
          ],
          "deliveryChannels": [ { "memberRoleName": "OrgSyncMemberRole", "regions": ["us-east-1"], "channel": { "s3BucketName": "logs" } } ]
        }
        """);

    private const string Everyone = "aggregator/us-east-1/org-aggregator";
    private const string ProdOnly = "aggregator/us-east-1/prod-aggregator";

    private readonly FakeAppliers _appliers = new();
    private readonly TestDirectory _directory = new();
    private readonly MetricsRecorder _metrics = new();

    [Theory]
    [InlineData(AccountState.Suspended, "SUSPENDED")]
    [InlineData(AccountState.PendingClosure, "PENDING_CLOSURE")]
    [InlineData(AccountState.Closed, "CLOSED")]
    public async Task A_join_of_an_account_that_is_not_active_reaches_no_target_and_fails_its_message_naming_the_state(AccountState state, string name)
    {
        _directory.With(A, state);

        var outcome = await Process(Org.Targets, ("forged", Org.Join(A, T1)), ("legit", Org.Join(B, T1)));

        Assert.Equal(["forged"], Failed(outcome));
        Assert.Contains($"account {A} is {name} in the organization, not ACTIVE", outcome.Messages[0].Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(A, _appliers.Accounts(Org.Targets.Aggregators[0].Key));
        Assert.Equal([B], _appliers.Accounts(Org.Targets.Distributions[0].Key));
        Assert.Equal(1, _metrics.Sum(MetricNames.MembershipRefused));
    }

    [Fact]
    public async Task A_join_of_an_account_Organizations_does_not_know_is_refused()
    {
        _directory.Unknown(A);

        var outcome = await Process(Org.Targets, ("forged", Org.Join(A, T1)));

        Assert.Contains("AccountNotFoundException", Assert.Single(outcome.Messages).Reason, StringComparison.Ordinal);
        Assert.All(outcome.Targets, t => Assert.DoesNotContain(A, t.Delta.Joins));
        Assert.Empty(_appliers.Calls);
    }

    [Fact]
    public async Task A_pending_activation_fails_the_message_for_a_retry_and_applies_nothing()
    {
        _directory.With(A, AccountState.PendingActivation);

        var outcome = await Process(Org.Targets, ("early", Org.Join(A, T1)));

        Assert.Contains("PENDING_ACTIVATION", Assert.Single(outcome.Messages).Reason, StringComparison.Ordinal);
        Assert.Empty(_appliers.Calls);
        Assert.Equal(0, _metrics.Sum(MetricNames.MembershipRefused));
    }

    [Fact]
    public async Task Leaves_need_no_check_and_an_allowed_non_member_may_join()
    {
        _directory.Unknown(A).Unknown("777777777777");
        var targets = Org.Targets with { AllowedNonMembers = ["777777777777"] };

        var outcome = await Process(targets, ("leave", Org.Leave(A, T1)), ("partner", Org.Join("777777777777", T1)));

        Assert.Empty(Failed(outcome));
        Assert.Equal(["777777777777"], _appliers.Accounts(targets.Aggregators[0].Key));
        Assert.DoesNotContain(A, _directory.Described);
    }

    [Fact]
    public async Task With_the_check_off_Organizations_is_not_asked_unless_a_target_has_a_scope()
    {
        var outcome = await Process(Org.Targets with { VerifyMembership = false }, ("join", Org.Join(A, T1)));

        Assert.Empty(Failed(outcome));
        Assert.Empty(_directory.Described);
    }

    [Fact]
    public async Task A_join_reaches_a_scoped_target_only_when_the_account_sits_under_one_of_its_organizational_units()
    {
        _directory.With(A, AccountState.Active, Prod).With(B, AccountState.Active, Dev);

        var outcome = await Process(Scoped, ("a", Org.Join(A, T1)), ("b", Org.Join(B, T1)));

        Assert.Empty(Failed(outcome));
        Assert.Equal([A, B], _appliers.Accounts(Everyone));
        Assert.Equal([A], _appliers.Accounts(ProdOnly));
    }

    [Fact]
    public async Task A_move_joins_the_scoped_targets_that_now_hold_the_account_and_leaves_the_others_while_unscoped_targets_ignore_it()
    {
        await Process(Scoped, ("a", Org.Join(A, T1)), ("b", Org.Join(B, T1)));
        _directory.With(A, AccountState.Active, Dev).With(B, AccountState.Active, Dev, Prod); // A moved out, B moved into a nested OU
        _appliers.Calls.Clear();

        var outcome = await Process(Scoped, ("move-a", Org.MoveAccount(A, T2, Dev)), ("move-b", Org.MoveAccount(B, T2, Prod)));

        Assert.Empty(Failed(outcome));
        Assert.Equal([B], _appliers.Accounts(ProdOnly));
        Assert.Equal([A, B], _appliers.Accounts(Everyone));
        Assert.DoesNotContain(_appliers.Calls, c => c.Key == Everyone);
        Assert.DoesNotContain(_appliers.Calls, c => c.Key.StartsWith("delivery-channel/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_move_in_the_same_batch_as_an_older_join_does_not_hide_the_join_from_unscoped_targets()
    {
        _directory.With(A, AccountState.Active, Prod);

        var outcome = await Process(Scoped, ("join", Org.Join(A, T1)), ("move", Org.MoveAccount(A, T2, Prod)));

        Assert.Empty(Failed(outcome));
        Assert.Equal([A], _appliers.Accounts(Everyone));
        Assert.Equal([A], _appliers.Accounts(ProdOnly));
    }

    [Fact]
    public async Task A_channel_check_reaches_only_delivery_channels()
    {
        var outcome = await Process(Scoped, ("check", Org.ReconcileAccount(A, T1)));

        Assert.Empty(Failed(outcome));
        Assert.Equal(["delivery-channel/444444444444/us-east-1"], _appliers.Calls.Select(c => c.Key));
    }

    private static string[] Failed(BatchOutcome outcome) => [.. outcome.ToSqsBatchResponse().BatchItemFailures.Select(f => f.ItemIdentifier)];

    private Task<BatchOutcome> Process(TargetsFile targets, params (string Id, string Body)[] messages) =>
        new BatchProcessor(targets, new PipelinePorts(_appliers, new InMemoryMembershipLedger(), new InMemoryTargetLease(), _directory), new PipelineOptions { Metrics = _metrics })
            .ProcessAsync([.. messages.Select(m => new InboundMessage(m.Id, m.Body))], new BatchContext("invocation", DateTimeOffset.UtcNow.AddSeconds(30)), CancellationToken.None);
}
