using Amazon.DynamoDBv2.Model;
using OrgSync.Core.Observability;
using OrgSync.Functions.Tests.Support;
using OrgSync.Tests.Shared;
using static OrgSync.Functions.Tests.Bootstrap.EmulatedOrganization;

namespace OrgSync.Functions.Tests.Bootstrap;

/// <summary>
/// The published, trimmed bootstrap with <c>ORGSYNC_TABLE_NAME</c> set: the ledger and the leases really live in
/// DynamoDB (dynalite, reached through <c>AWS_ENDPOINT_URL_DYNAMODB</c> while every other service goes to the
/// emulator through <c>AWS_ENDPOINT_URL</c>), so a second process — a new execution environment — knows what the
/// first one applied.
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class DynamoDbStorageTests(PublishedBootstrap package, DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly string Arn = FunctionArn("sqs");

    [Fact]
    public async Task The_ledger_and_leases_are_in_DynamoDB_and_a_redelivery_to_a_new_process_writes_nothing()
    {
        var table = await dynalite.TableAsync(nameof(DynamoDbStorageTests));
        await using var org = await EmulatedOrganization.StartAsync();
        var join = Envelopes.CreateManagedAccount("e-join-444", WithRecorder, Envelopes.Time);
        var leave = Envelopes.CloseAccount("e-leave-222", "222222222222", Envelopes.Time.AddMinutes(5));
        (string, string)[] messages = [("m-join", join), ("m-join-again", join), ("m-leave", leave)];

        var (first, firstTranscript) = await RunOnceAsync(org, table, TestData.SqsEvent(messages));
        var callsAfterFirst = org.Aws.CallCounts;
        var afterFirst = await ScanAsync(table);

        Assert.Equal("""{"batchItemFailures":[]}""", first.BodyText);
        Assert.Equal(["333333333333", WithRecorder], org.AggregatorAccounts());
        Assert.Equal(["333333333333", WithRecorder], org.LaunchPermissionAccounts());
        Assert.NotNull(org.DeliveryChannel(WithRecorder));
        Assert.Equal(1, callsAfterFirst.GetValueOrDefault("config.PutConfigurationAggregator"));
        Assert.Equal(1, callsAfterFirst.GetValueOrDefault("imagebuilder.UpdateDistributionConfiguration"));
        Assert.Equal(1, callsAfterFirst.GetValueOrDefault("config.PutDeliveryChannel"));
        Assert.Contains(firstTranscript.Init, line => Transcript.Message(line).Contains($"ledger and lease on DynamoDB table {table}", StringComparison.Ordinal));

        // The ledger: per target scope, the newest change of each applied account, with its event.
        foreach (var scope in new[] { AggregatorKey, DistributionKey, ChannelScope })
        {
            var joined = Item(afterFirst, "ledger#" + scope, "account#" + WithRecorder);
            Assert.Equal("join", joined["kind"].S);
            Assert.Equal("e-join-444", joined["eventId"].S);
            Assert.StartsWith("2026-11-01T09:00:00", joined["changeTime"].S, StringComparison.Ordinal);
            Assert.True(long.Parse(joined["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddDays(15).ToUnixTimeSeconds());

            var left = Item(afterFirst, "ledger#" + scope, "account#222222222222");
            Assert.Equal("leave", left["kind"].S);
            Assert.Equal("e-leave-222", left["eventId"].S);
        }

        // The leases: one per written resource, granted once and released (a leave changes no channel: no lease for it).
        string[] leased = [AggregatorKey, DistributionKey, $"delivery-channel/{WithRecorder}/us-east-1"];
        Assert.Equal(leased.Select(key => "lease#" + key).Order(), afterFirst.Where(i => i["pk"].S.StartsWith("lease#", StringComparison.Ordinal)).Select(i => i["pk"].S).Order());
        foreach (var key in leased)
        {
            var lease = Item(afterFirst, "lease#" + key, "lease");
            Assert.Equal("1", lease["fencingToken"].N);
            Assert.Equal("0", lease["leaseExpiresAtMs"].N);
        }

        // The aggregator write is journaled for Config's weekly quota (SPEC §6): its record and its dated entry.
        Assert.Equal(2, afterFirst.Count(i => i["pk"].S == "journal#" + AggregatorKey));
        Assert.Equal(11, afterFirst.Count); // 6 ledger entries + 3 leases + 2 journal items

        // SQS redelivers the whole batch (say the response was lost) to a new execution environment: the ledger in
        // DynamoDB says every change is applied, so not a single AWS call is made, and nothing is written.
        var (second, secondTranscript) = await RunOnceAsync(org, table, TestData.SqsEvent(2, messages));
        var afterSecond = await ScanAsync(table);

        Assert.Equal("""{"batchItemFailures":[]}""", second.BodyText);
        Assert.Equal(callsAfterFirst.Remove("organizations.DescribeAccount"), org.CallsBesideMembership);
        var metrics = EndToEndExpectations.InvocationLogged(secondTranscript, second, Arn, coldStart: true, traceId: null);
        Assert.True(Transcript.Value(metrics, MetricNames.StaleChanges, AggregatorKey) == 2, Transcript.Describe(metrics));
        Assert.True(Transcript.Value(metrics, MetricNames.StaleChanges, DistributionKey) == 2, Transcript.Describe(metrics));
        Assert.DoesNotContain(metrics, metric => metric.Name is MetricNames.Writes or MetricNames.AccountsJoined or MetricNames.AccountsLeft);
        foreach (var item in afterFirst.Where(i => i["pk"].S.StartsWith("ledger#", StringComparison.Ordinal)))
        {
            var again = Item(afterSecond, item["pk"].S, item["sk"].S);
            Assert.Equal(item["recordedAt"].S, again["recordedAt"].S);
        }

        // The leases were taken again (fencing token 2: a grant is never reused) and released.
        foreach (var key in leased)
        {
            var lease = Item(afterSecond, "lease#" + key, "lease");
            Assert.Equal("2", lease["fencingToken"].N);
            Assert.Equal("0", lease["leaseExpiresAtMs"].N);
        }

        Assert.Equal(afterFirst.Count, afterSecond.Count);
    }

    /// <summary>One cold process: init, one SQS batch, then killed; its stdout checked line by line.</summary>
    private async Task<(InvocationOutcome Outcome, Transcript Transcript)> RunOnceAsync(EmulatedOrganization org, string table, byte[] batch)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        var environment = org.Environment(api, "sqs");
        environment["ORGSYNC_TABLE_NAME"] = table;
        environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynalite.ServiceUrl;
        using var function = BootstrapProcess.Start(package.Executable, environment);

        var outcome = await api.Invoke(batch, functionArn: Arn).WaitAsync(Wait);

        Assert.False(function.HasExited, string.Join('\n', function.Stderr));
        await function.StopAsync(Wait);
        Assert.Empty(function.Stderr);
        Assert.False(outcome.IsError, outcome.BodyText);
        var transcript = EndToEndExpectations.StdoutIsStructured(function.Stdout, Service, org.Secrets);
        EndToEndExpectations.SqsBatchAnswered(batch, outcome, transcript, expectedFailures: []);
        return (outcome, transcript);
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string table)
    {
        var response = await dynalite.Client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true });
        return response.Items;
    }

    private static Dictionary<string, AttributeValue> Item(List<Dictionary<string, AttributeValue>> items, string pk, string sk)
    {
        var item = items.SingleOrDefault(i => i["pk"].S == pk && i["sk"].S == sk);
        Assert.True(item is not null, $"no item {pk} / {sk} in the table; it holds: {string.Join(", ", items.Select(i => i["pk"].S + " / " + i["sk"].S))}");
        return item;
    }
}
