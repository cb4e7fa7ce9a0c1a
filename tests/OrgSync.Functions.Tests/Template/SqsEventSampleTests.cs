using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrgSync.Tests.Shared;

namespace OrgSync.Functions.Tests.Template;

/// <summary>events/sqs/*.json are Lambda SQS events for <c>sam local invoke SqsFunction -e</c>.</summary>
public sealed class SqsEventSampleTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "events", "sqs");

    public static TheoryData<string> Files
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            {
                data.Add(file!);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_record_has_the_shape_Lambda_delivers(string file)
    {
        var records = Records(file);
        Assert.True(records.Count > 0, $"{file}: no Records");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (record, index) in records.Select((r, i) => (r, i)))
        {
            var at = $"{file} Records[{index}]";
            Assert.True(Guid.TryParse(record["messageId"].Text(), out _), $"{at}: messageId must be a UUID");
            Assert.True(ids.Add(record["messageId"].Text()!), $"{at}: messageId repeats");
            Assert.True(record["receiptHandle"].Text() is { Length: > 40 }, $"{at}: receiptHandle missing or too short");
            Assert.True(record["body"] is JsonValue body && body.GetValueKind() == JsonValueKind.String, $"{at}: body must be a JSON string (the envelope serialized), is {record["body"].Show()}");
            var attributes = record["attributes"]!;
            Assert.True(int.TryParse(attributes["ApproximateReceiveCount"].Text(), out var count) && count >= 1, $"{at}: attributes.ApproximateReceiveCount must be a count as a string");
            Assert.True(long.TryParse(attributes["SentTimestamp"].Text(), out _), $"{at}: attributes.SentTimestamp must be epoch milliseconds as a string");
            Assert.Equal("aws:sqs", record["eventSource"].Text());
            Assert.Matches(@"^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w-]+$", record["eventSourceARN"].Text());
            Assert.Equal(record["eventSourceARN"].Text()!.Split(':')[3], record["awsRegion"].Text());
#pragma warning disable CA5351 // SQS's md5OfBody is an MD5 checksum; checking it is not cryptography.
            var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(record["body"].Text()!)));
#pragma warning restore CA5351
            Assert.True(record["md5OfBody"].Text() == md5, $"{at}: md5OfBody is not the MD5 of body");
        }
    }

    [Fact]
    public void The_main_batch_joins_and_removes_sample_accounts_with_valid_envelopes()
    {
        var envelopes = Records("batch.json").Select(r => JsonNode.Parse(r["body"].Text()!)!).ToList();

        foreach (var envelope in envelopes)
        {
            foreach (var member in new[] { "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail" })
            {
                Assert.True(envelope[member] is not null, $"batch.json: an envelope lacks '{member}': {envelope.Show()[..Math.Min(200, envelope.Show().Length)]}");
            }

            Assert.True(DateTimeOffset.TryParse(envelope["time"].Text(), out _), $"batch.json: time must be an ISO-8601 instant: {envelope["time"].Show()}");
        }

        var text = string.Join("\n", envelopes.Select(e => e.Show()));
        foreach (var account in new[] { "444444444444", "666666666666", "777777777777", "888888888888", "121212121212", "333333333333", "232323232323" })
        {
            Assert.Contains($"\"{account}\"", text, StringComparison.Ordinal);
        }

        var kinds = envelopes.Select(e => $"{e["source"].Text()} {e["detail"]!["eventName"].Text() ?? e["detail"]!["action"].Text()}").ToHashSet(StringComparer.Ordinal);
        Assert.Contains("aws.controltower CreateManagedAccount", kinds);
        Assert.Contains("aws.organizations RemoveAccountFromOrganization", kinds);
        Assert.Contains("acme.vending join", kinds);
    }

    [Fact]
    public void The_batch_with_invalid_bodies_mixes_valid_and_invalid_messages()
    {
        var bodies = Records("batch-with-invalid.json").Select(r => r["body"].Text()!).ToList();

        var unparsable = bodies.Count(body =>
        {
            try
            {
                using var _ = JsonDocument.Parse(body);
                return false;
            }
            catch (JsonException)
            {
                return true;
            }
        });
        Assert.True(unparsable >= 1, "batch-with-invalid.json needs a body that is not JSON");
        Assert.True(bodies.Count - unparsable >= 2, "batch-with-invalid.json needs valid messages around the invalid ones");
        Assert.Contains(bodies, body => body.Contains("\"accountId\":333333333333", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_samples_are_what_the_generator_writes()
    {
        await NodeTools.EnsureInstalledAsync();
        var check = await NodeTools.RunAsync("node", [Path.Combine(Folder, "make-sqs-events.mjs"), "--check"], RepoPaths.Root, TimeSpan.FromMinutes(1));

        Assert.True(check.ExitCode == 0, $"events/sqs is out of date with make-sqs-events.mjs (exit {check.ExitCode}):\n{check.Output}");
    }

    private static List<JsonNode> Records(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        return root["Records"]?.AsArray().Select(r => r!).ToList() ?? [];
    }
}
