using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Targets;

/// <summary>A bad targets file always ends in a <see cref="TargetsFileException"/> listing located errors, never in another exception.</summary>
public sealed class TargetsFilePropertyTests
{
    private const string Example = """
        {"homeAccountId":"111111111111","trustedManagementAccountId":"111111111111","customSources":["acme.vending"],
         "removeOnLeave":true,"excludeAccounts":["999999999999"],
         "aggregators":[{"name":"org-aggregator","region":"us-east-1","createIfMissing":true,"allAwsRegions":false,"awsRegions":["us-east-1"]}],
         "distributions":[{"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden","share":["launchPermission","targetAccountIds"],"regions":["us-east-1"]}],
         "deliveryChannels":[{"memberRoleName":"OrgSyncMemberRole","regions":["us-east-1"],
           "channel":{"name":"default","s3BucketName":"b","s3KeyPrefix":"p","snsTopicARN":null,"s3KmsKeyArn":null,
                      "configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}}]}
        """;

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(true), JsonValue.Create(-1), JsonValue.Create(""), JsonValue.Create("us-east-1"),
        JsonValue.Create("aws.x"), JsonValue.Create("111111111111"), JsonValue.Create("arn:aws:imagebuilder:us-east-1:aws:distribution-configuration/x"),
        new JsonArray(), new JsonObject(), new JsonArray("us-east-1", "us-east-1"), JsonValue.Create("\uD800"),
    ];

    [Fact]
    public void Parse_returns_a_file_or_throws_located_errors()
    {
        var mutations =
            from picks in Gen.ListOf(Gen.Two(Gen.Choose(0, int.MaxValue))).Resize(6)
            select Mutate(picks);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(mutations.ToArbitrary(), json =>
        {
            try
            {
                TargetsFileLoader.Parse(json);
                return true;
            }
            catch (TargetsFileException ex)
            {
                return ex.Errors.Length > 0 && ex.Errors.All(e => e.Path.Length > 0 && e.Problem.Length > 0 && !e.ToString().Contains('\n', StringComparison.Ordinal));
            }
        }));
    }

    private static string Mutate(IEnumerable<(int Node, int Value)> picks)
    {
        var root = JsonNode.Parse(Example)!;
        foreach (var (node, value) in picks)
        {
            var nodes = Descendants(root).Where(n => n.Parent is not null).ToList();
            if (nodes.Count == 0)
            {
                break;
            }

            var target = nodes[node % nodes.Count];
            var replacement = Replacements[value % Replacements.Length]?.DeepClone();
            switch (target.Parent)
            {
                case JsonObject parent when value % 5 == 0:
                    parent.Remove(target.GetPropertyName());
                    break;
                case JsonObject parent:
                    parent[target.GetPropertyName()] = replacement;
                    break;
                case JsonArray array:
                    array[target.GetElementIndex()] = replacement;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
