namespace OrgSync.Aws.Tests.Emulated;

/// <summary>A small organization in the emulator's state-file format (SPEC §5).</summary>
internal static class TestOrganization
{
    public const string Home = "111111111111";

    /// <summary>Recorders in us-east-1 and eu-west-1, no channel yet.</summary>
    public const string Member = "222222222222";

    /// <summary>Already in the aggregator and the launch permissions.</summary>
    public const string Existing = "333333333333";

    /// <summary>A recorder and a channel named <c>landing-zone</c> in us-east-1.</summary>
    public const string Landed = "444444444444";

    /// <summary>No recorder anywhere: its baseline is still provisioning.</summary>
    public const string Bare = "555555555555";

    public const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    public const string StateJson = """
        {
          "accountId": "111111111111",
          "configurationAggregators": [
            { "region": "us-east-1", "ConfigurationAggregatorName": "org",
              "AccountAggregationSources": [ { "AccountIds": ["333333333333"], "AllAwsRegions": true } ] } ],
          "distributionConfigurations": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
              "name": "golden", "description": "Golden AMI", "dateUpdated": "2026-01-01T00:00:00.000Z",
              "distributions": [
                { "region": "us-east-1", "amiDistributionConfiguration": { "launchPermission": { "userIds": ["333333333333"] } } },
                { "region": "us-west-2", "containerDistributionConfiguration": { "targetRepository": { "service": "ECR", "repositoryName": "golden" } } } ] },
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/base",
              "name": "base", "distributions": [ { "region": "us-east-1", "amiDistributionConfiguration": { "targetAccountIds": ["333333333333"] } } ] },
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/minimal",
              "name": "minimal", "distributions": [ { "region": "us-east-1", "amiDistributionConfiguration": { "name": "minimal-{{ imagebuilder:buildDate }}" } } ] },
            { "arn": "arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/golden-eu",
              "name": "golden-eu", "distributions": [ { "region": "eu-west-1", "amiDistributionConfiguration": { "targetAccountIds": ["333333333333"] } } ] } ],
          "configurationRecorders": [
            { "accountId": "222222222222", "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::222222222222:role/config" },
            { "accountId": "222222222222", "region": "eu-west-1", "name": "default", "roleARN": "arn:aws:iam::222222222222:role/config" },
            { "accountId": "444444444444", "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::444444444444:role/config" } ],
          "deliveryChannels": [
            { "accountId": "444444444444", "region": "us-east-1", "name": "landing-zone", "s3BucketName": "old-bucket",
              "configSnapshotDeliveryProperties": { "deliveryFrequency": "TwentyFour_Hours" } } ]
        }
        """;

    public static string RoleArn(string account) => $"arn:aws:iam::{account}:role/OrgSyncMemberRole";
}
