using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Core.Distributions;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Distributions;

public class DistributionPlannerTests
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";

    private static readonly DistributionTarget LaunchPermission = new(Arn, [ShareKind.LaunchPermission], null);
    private static readonly DistributionTarget TargetAccounts = new(Arn, [ShareKind.TargetAccountIds], null);
    private static readonly DistributionTarget Both = new(Arn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null);

    private static DistributionConfiguration Config(string distributionsJson, string? description = "\"Golden AMI\"") =>
        Read(
            """
            {"arn":"ARN","name":"golden",DESCRIPTION
             "distributions":DISTRIBUTIONS,
             "timeoutMinutes":360,"dateCreated":"2026-01-01T00:00:00.000Z","dateUpdated":"2026-01-02T00:00:00.000Z","tags":{"team":"platform"}}
            """
                .Replace("ARN", Arn, StringComparison.Ordinal)
                .Replace("DESCRIPTION", description is null ? "" : $"\"description\":{description},", StringComparison.Ordinal)
                .Replace("DISTRIBUTIONS", distributionsJson, StringComparison.Ordinal),
            Wire.DistributionConfiguration);

    private static string IdList(IEnumerable<string> accounts) => string.Join(',', accounts.Select(a => $"\"{a}\""));

    private static Plan<UpdateDistributionConfigurationRequest>.Write AssertWrite(Plan<UpdateDistributionConfigurationRequest> plan) =>
        Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(plan);

    /// <summary>The request's distributions as JSON (the token is checked separately).</summary>
    private static string DistributionsJson(Plan<UpdateDistributionConfigurationRequest> plan) =>
        JsonNode.Parse(ToJson(AssertWrite(plan).Request, Wire.UpdateDistributionConfigurationRequest))!["distributions"]!.ToJsonString();

    private static string Normalized(string json) => JsonNode.Parse(json)!.ToJsonString();

    [Fact]
    public void Launch_permission_user_ids_are_merged_and_the_request_carries_description_arn_and_token()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{"name":"golden-{{ imagebuilder:buildDate }}","launchPermission":{"userIds":["100000000003","100000000001"]}}}]""");

        var plan = DistributionPlanner.Plan(current, Delta(joins: [2], leaves: [3]), LaunchPermission);

        var write = AssertWrite(plan);
        var expectedToken = DistributionClientToken.Compute(current, write.Request);
        Assert.Equal(
            """{"distributionConfigurationArn":"ARN","description":"Golden AMI","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"name":"golden-{{ imagebuilder:buildDate }}","launchPermission":{"userIds":["100000000001","100000000002"]}}}],"clientToken":"TOKEN"}"""
                .Replace("ARN", Arn, StringComparison.Ordinal).Replace("TOKEN", expectedToken, StringComparison.Ordinal),
            ToJson(write.Request, Wire.UpdateDistributionConfigurationRequest));
        Assert.Equal(DistributionClientToken.Length, write.Request.ClientToken.Length);
        Assert.Equal(Ids(2), write.Diff.Added);
        Assert.Equal(Ids(3), write.Diff.Removed);
        Assert.Equal("distributions[0] (region us-east-1) launchPermission.userIds", Assert.Single(write.Diff.Lists).List);
    }

    [Fact]
    public void Every_other_member_of_every_distribution_is_preserved_exactly()
    {
        const string others = """
            "containerDistributionConfiguration":{"description":"c","containerTags":["latest","v1"],"targetRepository":{"service":"ECR","repositoryName":"repo"}},
            "licenseConfigurationArns":["arn:aws:license-manager:us-east-1:111111111111:license-configuration:lic-0123456789abcdef0123456789abcdef"],
            "launchTemplateConfigurations":[{"launchTemplateId":"lt-0123456789abcdef0","accountId":"111111111111","setDefaultVersion":true}],
            "s3ExportConfiguration":{"roleName":"vmimport","diskImageFormat":"VMDK","s3Bucket":"bucket","s3Prefix":"p/"},
            "fastLaunchConfigurations":[{"enabled":false,"snapshotConfiguration":{"targetResourceCount":5},"maxParallelLaunches":6,"launchTemplate":{"launchTemplateId":"lt-0123456789abcdef0","launchTemplateName":"n","launchTemplateVersion":"3"},"accountId":"111111111111"}],
            "ssmParameterConfigurations":[{"amiAccountId":"111111111111","parameterName":"/golden/latest","dataType":"aws:ec2:image"}],
            "futureDistributionMember":{"nested":[true,null,"x"]}
            """;
        var current = Config($$"""
            [{"region":"us-east-1",
              "amiDistributionConfiguration":{"name":"golden","description":"d \"quoted\" é 😀","amiTags":{"a":"b","Name":""},"kmsKeyId":"arn:aws:kms:us-east-1:111111111111:key/k",
                "targetAccountIds":["100000000009"],
                "launchPermission":{"userIds":["100000000001"],"userGroups":["all"],"organizationalUnitArns":["arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh"],"futureLaunchMember":1.50},
                "futureAmiMember":"kept"},
              {{others}}},
             {"region":"eu-west-1",{{others}}}]
            """);

        var plan = DistributionPlanner.Plan(current, Delta(joins: [2]), LaunchPermission);

        Assert.Equal(
            Normalized($$"""
                [{"region":"us-east-1",
                  "amiDistributionConfiguration":{"name":"golden","description":"d \"quoted\" é 😀","targetAccountIds":["100000000009"],"amiTags":{"a":"b","Name":""},"kmsKeyId":"arn:aws:kms:us-east-1:111111111111:key/k",
                    "launchPermission":{"userIds":["100000000001","100000000002"],"userGroups":["all"],"organizationalUnitArns":["arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh"],"futureLaunchMember":1.50},
                    "futureAmiMember":"kept"},
                  {{others}}},
                 {"region":"eu-west-1",{{others}}}]
                """),
            DistributionsJson(plan));
        Assert.Equal("Golden AMI", AssertWrite(plan).Request.Description);
    }

    [Fact]
    public void Distributions_not_touched_are_the_very_objects_read()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000001"]}}},{"region":"eu-west-1","containerDistributionConfiguration":{"targetRepository":{"service":"ECR","repositoryName":"r"}}}]""");

        var write = AssertWrite(DistributionPlanner.Plan(current, Delta(joins: [2]), LaunchPermission));

        Assert.Same(current.Distributions!.Value[1], write.Request.Distributions[1]);
    }

    [Fact]
    public void An_organization_share_leaves_user_ids_alone()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000003"],"organizationArns":["arn:aws:organizations::111111111111:organization/o-abcdefghij"]}}}]""");

        var plan = DistributionPlanner.Plan(current, Delta(joins: [1], leaves: [3]), LaunchPermission);

        var noChange = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(plan);
        Assert.Contains("organization share covers members", noChange.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_organization_share_in_one_region_does_not_stop_the_others()
    {
        var current = Config("""
            [{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"organizationArns":["arn:aws:organizations::111111111111:organization/o-abcdefghij"]}}},
             {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000003"]}}}]
            """);

        var plan = DistributionPlanner.Plan(current, Delta(joins: [1]), LaunchPermission);

        Assert.Equal(
            Normalized("""
                [{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"organizationArns":["arn:aws:organizations::111111111111:organization/o-abcdefghij"]}}},
                 {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000001","100000000003"]}}}]
                """),
            DistributionsJson(plan));
        Assert.Contains(AssertWrite(plan).Diff.Notes, n => n.Contains("organization share covers members", StringComparison.Ordinal));
    }

    [Fact]
    public void Target_account_ids_are_merged_and_an_ami_configuration_without_the_list_gets_it_on_join()
    {
        var current = Config("""
            [{"region":"us-east-1","amiDistributionConfiguration":{"name":"a"}},
             {"region":"eu-west-1","amiDistributionConfiguration":{"targetAccountIds":["100000000005","100000000004"],"launchPermission":{"userIds":["100000000004"]}}}]
            """);

        var plan = DistributionPlanner.Plan(current, Delta(joins: [1], leaves: [4]), TargetAccounts);

        Assert.Equal(
            Normalized("""
                [{"region":"us-east-1","amiDistributionConfiguration":{"name":"a","targetAccountIds":["100000000001"]}},
                 {"region":"eu-west-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001","100000000005"],"launchPermission":{"userIds":["100000000004"]}}}]
                """),
            DistributionsJson(plan));
        Assert.Equal(2, AssertWrite(plan).Diff.Lists.Length);
    }

    [Fact]
    public void Both_lists_are_maintained_when_both_are_shared()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000002"]}}]""");

        var plan = DistributionPlanner.Plan(current, Delta(joins: [1]), Both);

        Assert.Equal(
            Normalized("""[{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001","100000000002"],"launchPermission":{"userIds":["100000000001"]}}}]"""),
            DistributionsJson(plan));
    }

    [Fact]
    public void A_list_that_ends_empty_is_omitted_and_so_is_a_launch_permission_left_empty()
    {
        var current = Config("""
            [{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000001"],"launchPermission":{"userIds":["100000000001"]}}},
             {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000001"],"userGroups":["all"]}}}]
            """);

        var plan = DistributionPlanner.Plan(current, Delta(leaves: [1]), Both);

        Assert.Equal(
            Normalized("""
                [{"region":"us-east-1","amiDistributionConfiguration":{}},
                 {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userGroups":["all"]}}}]
                """),
            DistributionsJson(plan));
    }

    [Fact]
    public void Only_distributions_in_the_targets_regions_are_maintained()
    {
        var current = Config("""
            [{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000002"]}}},
             {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000002"]}}}]
            """);

        var plan = DistributionPlanner.Plan(current, Delta(joins: [1]), LaunchPermission with { Regions = ["eu-west-1"] });

        Assert.Equal(
            Normalized("""
                [{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000002"]}}},
                 {"region":"eu-west-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["100000000001","100000000002"]}}}]
                """),
            DistributionsJson(plan));
    }

    [Fact]
    public void Without_an_ami_configuration_in_scope_there_is_nothing_to_write()
    {
        var current = Config("""[{"region":"us-east-1","containerDistributionConfiguration":{"targetRepository":{"service":"ECR","repositoryName":"r"}}}]""");

        var noChange = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(
            DistributionPlanner.Plan(current, Delta(joins: [1]), Both));
        Assert.Contains("no distribution with an AMI configuration", noChange.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_equal_lists_read_unsorted_are_no_reason_to_write()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{"targetAccountIds":["100000000002","100000000001"],"launchPermission":{"userIds":["100000000002","100000000001","100000000002"]}}}]""");

        Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(
            DistributionPlanner.Plan(current, Delta(joins: [1], leaves: [3]), Both));
    }

    [Fact]
    public void A_description_that_was_not_read_is_not_sent()
    {
        var current = Config("""[{"region":"us-east-1","amiDistributionConfiguration":{}}]""", description: null);

        var write = AssertWrite(DistributionPlanner.Plan(current, Delta(joins: [1]), LaunchPermission));

        Assert.Null(write.Request.Description);
        Assert.DoesNotContain("\"description\"", ToJson(write.Request, Wire.UpdateDistributionConfigurationRequest), StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_over_the_api_maximum_fails_naming_configuration_region_and_count_and_suggests_organization_sharing()
    {
        var existing = Enumerable.Range(1, DistributionPlanner.MaxAccountIds).Select(Account);
        var current = Config($"[{{\"region\":\"eu-west-1\",\"amiDistributionConfiguration\":{{\"launchPermission\":{{\"userIds\":[{IdList(existing)}]}}}}}}]");

        var plan = DistributionPlanner.Plan(current, Delta(joins: [5000]), LaunchPermission);

        var failure = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Failure>(plan);
        Assert.Contains(Arn, failure.Reason, StringComparison.Ordinal);
        Assert.Contains("eu-west-1", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("1537", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("organizationArns", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_exactly_the_api_maximum_is_written()
    {
        var existing = Enumerable.Range(1, DistributionPlanner.MaxAccountIds - 1).Select(Account);
        var current = Config($"[{{\"region\":\"eu-west-1\",\"amiDistributionConfiguration\":{{\"targetAccountIds\":[{IdList(existing)}]}}}}]");

        var write = AssertWrite(DistributionPlanner.Plan(current, Delta(joins: [5000]), TargetAccounts));

        Assert.Equal(DistributionPlanner.MaxAccountIds, write.Request.Distributions[0].AmiDistributionConfiguration!.TargetAccountIds!.Value.Length);
    }

    [Fact]
    public void A_configuration_read_without_distributions_has_nothing_to_write()
    {
        var current = new DistributionConfiguration { Arn = Arn };

        Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(DistributionPlanner.Plan(current, Delta(joins: [1]), Both));
    }
}
