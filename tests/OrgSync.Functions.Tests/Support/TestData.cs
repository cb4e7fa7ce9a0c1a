using System.Collections.Immutable;
using System.Text;
using OrgSync.Core.Targets;

namespace OrgSync.Functions.Tests.Support;

internal static class TestData
{
    public static TargetsFile EmptyTargets { get; } = new(
        "111111111111", null, [], true, [], [new AggregatorTarget("org", "us-east-1", false, true, null)], [], []);

    /// <summary>A valid targets file per SPEC §2.</summary>
    public const string ValidTargetsJson = """
        {
          "homeAccountId": "111111111111",
          "aggregators": [ { "name": "org-aggregator", "region": "us-east-1" } ]
        }
        """;

    /// <summary>A targets file whose only problem is at <c>aggregators[0].region</c>.</summary>
    public const string TargetsWithBadRegion = """
        {
          "homeAccountId": "111111111111",
          "aggregators": [ { "name": "org-aggregator", "region": 42 } ]
        }
        """;

    public static string EventBridgeEnvelope(string id, string accountId) =>
        """{"version":"0","id":""" + "\"" + id + "\"" + ""","detail-type":"AWS Service Event via CloudTrail","source":"aws.organizations","account":"111111111111","time":"2024-05-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{"eventName":"CloseAccount","requestParameters":{"accountId":""" + "\"" + accountId + "\"" + "}}}";

    /// <summary>An SQS event as Lambda's event source mapping delivers it.</summary>
    public static byte[] SqsEvent(params (string MessageId, string Body)[] messages) => SqsEvent(receiveCount: 1, messages);

    /// <summary>An SQS event whose messages are all on their <paramref name="receiveCount"/>th delivery.</summary>
    public static byte[] SqsEvent(int receiveCount, params (string MessageId, string Body)[] messages)
    {
        var records = messages.Select(m => $$"""
            {
              "messageId": "{{m.MessageId}}",
              "receiptHandle": "AQEB{{m.MessageId}}",
              "body": {{System.Text.Json.JsonSerializer.Serialize(m.Body, TestJson.Default.String)}},
              "attributes": {
                "ApproximateReceiveCount": "{{receiveCount}}",
                "SentTimestamp": "1714564800000",
                "SenderId": "AIDAEXAMPLE",
                "ApproximateFirstReceiveTimestamp": "1714564800123"
              },
              "messageAttributes": {},
              "md5OfBody": "0123456789abcdef0123456789abcdef",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:us-east-1:111111111111:orgsync",
              "awsRegion": "us-east-1"
            }
            """);
        return Encoding.UTF8.GetBytes($$"""{"Records":[{{string.Join(",", records)}}]}""");
    }

    public static ImmutableArray<string> Ids(params string[] ids) => [.. ids];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext
{
}
