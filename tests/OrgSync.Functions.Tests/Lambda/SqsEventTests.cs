using System.Text.Json;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Tests.Lambda;

public sealed class SqsEventTests
{
    private const string FifoEvent = """
        {
          "Records": [
            {
              "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
              "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
              "body": "{\"id\":\"e1\"}",
              "attributes": {
                "ApproximateReceiveCount": "3",
                "SentTimestamp": "1545082649183",
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": "1545082649185",
                "MessageGroupId": "orgsync",
                "MessageDeduplicationId": "e1",
                "SequenceNumber": "18849496460467696128",
                "SomethingNew": "kept"
              },
              "messageAttributes": {
                "origin": { "stringValue": "vending", "stringListValues": [], "binaryListValues": [], "dataType": "String" }
              },
              "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
              "eventSource": "aws:sqs",
              "eventSourceARN": "arn:aws:sqs:us-east-1:111111111111:orgsync.fifo",
              "awsRegion": "us-east-1"
            }
          ]
        }
        """;

    [Fact]
    public void The_SQS_event_reads_every_member_Lambda_sends()
    {
        var batch = JsonSerializer.Deserialize(FifoEvent, LambdaJsonContext.Default.SqsEvent)!;

        var message = Assert.Single(batch.Records);
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", message.MessageId);
        Assert.Equal("""{"id":"e1"}""", message.Body);
        Assert.Equal("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a", message.ReceiptHandle);
        Assert.Equal(3, message.Attributes.ReceiveCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1545082649183), message.Attributes.SentTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1545082649185), message.Attributes.FirstReceiveTime);
        Assert.Equal("AIDAIENQZJOLO23YVJ4VO", message.Attributes.SenderId);
        Assert.Equal("orgsync", message.Attributes.MessageGroupId);
        Assert.Equal("e1", message.Attributes.MessageDeduplicationId);
        Assert.Equal("18849496460467696128", message.Attributes.SequenceNumber);
        Assert.Equal("kept", message.Attributes.Other!["SomethingNew"].GetString());
        Assert.Equal("vending", message.MessageAttributes["origin"].StringValue);
        Assert.Equal("String", message.MessageAttributes["origin"].DataType);
        Assert.Equal("e4e68fb7bd0e697a0ae8f1bb342846b3", message.Md5OfBody);
        Assert.Equal("aws:sqs", message.EventSource);
        Assert.Equal("arn:aws:sqs:us-east-1:111111111111:orgsync.fifo", message.EventSourceArn);
        Assert.Equal("us-east-1", message.AwsRegion);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("-1")]
    public void Malformed_numeric_attributes_read_as_absent(string? value)
    {
        var attributes = new SqsSystemAttributes { ApproximateReceiveCount = value, SentTimestamp = value };

        Assert.Null(attributes.ReceiveCount);
        Assert.Null(attributes.SentTime);
    }

    [Fact]
    public void A_repeated_member_is_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(
            """{"Records":[{"messageId":"a","messageId":"b"}]}""", LambdaJsonContext.Default.SqsEvent));
    }

    [Fact]
    public void The_partial_batch_response_has_the_wire_shape_Lambda_reads()
    {
        var batch = JsonSerializer.Deserialize(FifoEvent, LambdaJsonContext.Default.SqsEvent)!;

        Assert.Equal(
            """{"batchItemFailures":[]}""",
            JsonSerializer.Serialize(SqsBatchResponse.AllSucceeded, LambdaJsonContext.Default.SqsBatchResponse));
        Assert.Equal(
            """{"batchItemFailures":[{"itemIdentifier":"059f36b4-87a3-44ab-83d2-661975830a7d"}]}""",
            JsonSerializer.Serialize(SqsBatchResponse.AllFailed(batch), LambdaJsonContext.Default.SqsBatchResponse));
    }

    [Theory]
    [InlineData("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", "1-5759e988-bd862e3fe1be46a994272793")]
    [InlineData("Parent=53995c3f42cd8ad8; Root=1-abc-def;Sampled=0", "1-abc-def")]
    [InlineData("Parent=53995c3f42cd8ad8", null)]
    [InlineData(null, null)]
    public void The_trace_id_is_the_Root_of_the_trace_header(string? header, string? root)
    {
        Assert.Equal(root, LambdaInvocation.RootOf(header));
    }
}
