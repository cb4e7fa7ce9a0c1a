using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Json;

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
            select JsonMutations.Mutate(Example, picks, Replacements, removeOneIn: 5);

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
}
