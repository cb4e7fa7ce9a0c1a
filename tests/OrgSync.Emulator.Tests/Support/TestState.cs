using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Tests.Support;

internal static class TestState
{
    public const string Home = "111111111111";
    public const string Member = "222222222222";
    public const string Other = "333333333333";
    public const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    public const string OrganizationId = "o-a1b2c3d4e5";
    public const string RootId = "r-ab12";
    public const string ProdOu = "ou-ab12-prod0001";
    public const string TeamOu = "ou-ab12-team0001";

    /// <summary>
    /// The SPEC §5 example, plus a recorder in the home account, a second distribution and unknown fields; and the
    /// SPEC §5.1 organization (home = management account at the root, 222… in Prod, 333… closed in Prod/Team,
    /// 444… pending activation at the root) and IAM roles.
    /// </summary>
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
          "deliveryChannels": [ { "accountId": "222222222222", "region": "us-east-1", "name": "default", "s3BucketName": "old-bucket", "x-kept": 7 } ],
          "organization": { "id": "o-a1b2c3d4e5", "managementAccountId": "111111111111", "rootId": "r-ab12", "x-org-note": "kept",
            "organizationalUnits": [
              { "id": "ou-ab12-team0001", "name": "Team", "parentId": "ou-ab12-prod0001", "x-owner": "team" },
              { "id": "ou-ab12-prod0001", "name": "Prod", "parentId": "r-ab12" } ],
            "accounts": [
              { "Id": "111111111111", "Name": "management", "Email": "management@example.com", "State": "ACTIVE", "parentId": "r-ab12",
                "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600 },
              { "Id": "222222222222", "Name": "app-prod", "Email": "app-prod@example.com", "State": "ACTIVE", "parentId": "ou-ab12-prod0001",
                "JoinedMethod": "CREATED", "JoinedTimestamp": 1767225600.5, "x-cost-centre": 42 },
              { "Id": "333333333333", "Name": "old-team", "Email": "old-team@example.com", "State": "CLOSED", "parentId": "ou-ab12-team0001",
                "JoinedMethod": "INVITED", "JoinedTimestamp": 1767225600 },
              { "Id": "444444444444", "Name": "new", "Email": "new@example.com", "State": "PENDING_ACTIVATION", "parentId": "r-ab12" } ] },
          "roles": [
            { "accountId": "222222222222", "RoleName": "EC2ImageBuilderDistributionCrossAccountRole",
              "AssumeRolePolicyDocument": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}",
              "CreateDate": "2026-01-01T00:00:00Z", "Tags": [ { "Key": "team", "Value": "platform" } ], "x-note": "kept" },
            { "RoleName": "OrgSyncMemberRole", "Path": "/orgsync/", "Description": "The home account's role" } ]
        }
        """;

    public static Task<AwsEmulator> StartAsync(EmulatorOptions? options = null, string state = Sample) =>
        AwsEmulator.StartAsync(EmulatorState.Parse(state, "test"), options);
}
