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
         "verifyMembership":true,"allowedNonMembers":["444455556666"],"memberRoleName":"OrgSyncMemberRole",
         "reconcile":{"schedule":"rate(6 hours)","pruneForeignAccounts":false,"weeklyAggregatorChangeBudget":1000,"channels":true},
         "notifications":{"eventBusName":"default","source":"orgsync"},
         "aggregators":[{"name":"org-aggregator","region":"us-east-1","createIfMissing":true,"allAwsRegions":false,"awsRegions":["us-east-1"],
           "scope":{"organizationalUnits":["ou-ab12-cdefgh34"],"includeNested":true},"authorizeSources":true,"authorizationRegions":["us-east-1"]}],
         "distributions":[{"arn":"arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden","share":["launchPermission","targetAccountIds"],"regions":["us-east-1"],
           "scope":{"organizationalUnits":["ou-ab12-cdefgh34"]},"requireCrossAccountRole":true}],
         "deliveryChannels":[{"memberRoleName":"OrgSyncMemberRole","regions":["us-east-1"],"controlTowerManaged":"leave",
           "scope":{"organizationalUnits":["ou-ab12-cdefgh34"],"includeNested":false},
           "channel":{"name":"default","s3BucketName":"b","s3KeyPrefix":"p","snsTopicARN":null,"s3KmsKeyArn":null,
                      "configSnapshotDeliveryProperties":{"deliveryFrequency":"Six_Hours"}}}]}
        """;

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(true), JsonValue.Create(-1), JsonValue.Create(""), JsonValue.Create("us-east-1"),
        JsonValue.Create("aws.x"), JsonValue.Create("111111111111"), JsonValue.Create("arn:aws:imagebuilder:us-east-1:aws:distribution-configuration/x"),
        new JsonArray(), new JsonObject(), new JsonArray("us-east-1", "us-east-1"), JsonValue.Create("\uD800"),
        JsonValue.Create("ou-ab12-cdefgh34"), JsonValue.Create("rate(1 hours)"), JsonValue.Create("manage"), JsonValue.Create(1.5),
        JsonValue.Create("orgsync.reconcile"), new JsonArray("ou-ab12-cdefgh34", "ou-ab12-cdefgh34"),
    ];

    [Fact]
    public void The_example_itself_is_valid()
    {
        var file = TargetsFileLoader.Parse(Example);

        Assert.NotNull(file.Aggregators[0].OrganizationScope);
        Assert.NotNull(file.Notifications);
    }

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
