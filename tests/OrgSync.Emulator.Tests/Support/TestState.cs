using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Tests.Support;

internal static class TestState
{
    public const string Home = "111111111111";
    public const string Member = "222222222222";
    public const string Other = "333333333333";
    public const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    /// <summary>The SPEC §5 example, plus a recorder in the home account, a second distribution and unknown fields.</summary>
    public const string Sample = """
        {
          "accountId": "111111111111",
          "accessKeyId": "AKIDEXAMPLE",
          "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
          "x-notes": { "kept": [1, 2, 3] },
          "configurationAggregators": [
            { "accountId": "111111111111", "region": "us-east-1",
              "ConfigurationAggregatorName": "org-aggregator",
              "AccountAggregationSources": [ { "AccountIds": ["222222222222"], "AllAwsRegions": true } ],
              "x-owner": "platform" } ],
          "distributionConfigurations": [
            { "arn": "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden",
              "name": "golden", "description": "Golden AMI",
              "distributions": [ { "region": "us-east-1", "amiDistributionConfiguration": { "launchPermission": { "userIds": ["222222222222"] } } } ],
              "tags": { "team": "platform" }, "timeoutMinutes": 360, "dateCreated": "2026-01-01T00:00:00.000Z",
              "x-comment": { "nested": true } },
            { "arn": "arn:aws:imagebuilder:eu-west-1:111111111111:distribution-configuration/golden-eu",
              "name": "golden-eu",
              "distributions": [ { "region": "eu-west-1", "amiDistributionConfiguration": { "targetAccountIds": ["222222222222"] } } ] } ],
          "configurationRecorders": [
            { "accountId": "222222222222", "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::222222222222:role/config" },
            { "region": "us-east-1", "name": "default", "roleARN": "arn:aws:iam::111111111111:role/config" } ],
          "deliveryChannels": [ { "accountId": "222222222222", "region": "us-east-1", "name": "default", "s3BucketName": "old-bucket", "x-kept": 7 } ]
        }
        """;

    public static Task<AwsEmulator> StartAsync(EmulatorOptions? options = null, string state = Sample) =>
        AwsEmulator.StartAsync(EmulatorState.Parse(state, "test"), options);
}
