using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrgSync.Core.Events;

namespace OrgSync.Benchmarks;

/// <summary>
/// Classifying one message body, the first step for every message: a typical Control Tower event,
/// and the largest body SQS delivers, a custom request naming as many distinct accounts as fit in 256 KiB.
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const string ControlTowerEvent = """
        {"version":"0","id":"3f1c9a52-6a0e-4d7b-9b3e-0a1f2c3d4e01","detail-type":"AWS Service Event via CloudTrail",
         "source":"aws.controltower","account":"111111111111","time":"2026-11-01T09:00:00Z","region":"us-east-1","resources":[],
         "detail":{"eventVersion":"1.08","userIdentity":{"accountId":"111111111111","invokedBy":"AWS Internal"},
          "eventTime":"2026-11-01T09:00:00Z","eventSource":"controltower.amazonaws.com","eventName":"CreateManagedAccount",
          "awsRegion":"us-east-1","sourceIPAddress":"AWS Internal","userAgent":"AWS Internal","requestParameters":null,
          "responseElements":null,"eventID":"b2a4d7e1-3c5f-4a8b-9d0e-1f2a3b4c5d01","readOnly":false,"eventType":"AwsServiceEvent",
          "managementEvent":true,"recipientAccountId":"111111111111",
          "serviceEventDetails":{"createManagedAccountStatus":{
            "organizationalUnit":{"organizationalUnitName":"Workloads","organizationalUnitId":"ou-ab12-cd34ef56"},
            "account":{"accountName":"payments-prod","accountId":"444444444444"},"state":"SUCCEEDED",
            "message":"AWS Control Tower successfully created an enrolled account.",
            "requestedTimestamp":"2026-11-01T08:31:12+0000","completedTimestamp":"2026-11-01T08:59:47+0000"}},
          "eventCategory":"Management"}}
        """;

    private readonly ClassifierOptions _options = new(["acme.vending"], "111111111111");

    private string _largestCustomRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var body = new StringBuilder(
            """{"version":"0","id":"a9e4d6a0-5c4b-4f0e-9a51-7e0f3d2c1b00","detail-type":"Account Change Request","source":"acme.vending","account":"222222222222","time":"2026-11-01T09:00:00Z","detail":{"action":"join","accountIds":[""");
        const string end = "]}}";
        for (var n = 0; body.Length + ",\"000000000000\"".Length + end.Length <= EventClassifier.MaxBodyBytes; n++)
        {
            body.Append(n == 0 ? "\"" : ",\"").Append((100_000_000_000L + n).ToString(CultureInfo.InvariantCulture)).Append('"');
        }

        _largestCustomRequest = body.Append(end).ToString();
    }

    [Benchmark]
    public Classification Control_tower_event() => EventClassifier.Classify(ControlTowerEvent, _options);

    [Benchmark]
    public Classification Custom_request_256_KiB_of_distinct_accounts() => EventClassifier.Classify(_largestCustomRequest, _options);
}
