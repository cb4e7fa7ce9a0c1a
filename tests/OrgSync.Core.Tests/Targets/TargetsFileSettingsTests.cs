using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Targets;

/// <summary>
/// The targets file's keys beyond SPEC §2's example: scopes, §3.5 prerequisites, <c>reconcile</c> (§6),
/// <c>notifications</c> (§7) and OrgSync's top-level <c>memberRoleName</c> — defaults, valid values, and each
/// invalid value at its exact JSON path.
/// </summary>
public sealed class TargetsFileSettingsTests
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    private const string Ou = "ou-ab12-cdefgh34";

    [Fact]
    public void Every_new_key_has_its_default()
    {
        var file = TargetsFileLoader.Parse($$"""
            {
              "aggregators": [ { "name": "a", "region": "us-east-1" } ],
              "distributions": [ { "arn": "{{Arn}}" },
                                 { "arn": "{{Arn}}-copies", "share": ["launchPermission", "targetAccountIds"] } ],
              "deliveryChannels": [ { "memberRoleName": "ChannelRole", "regions": ["us-east-1"], "channel": { "s3BucketName": "b" } } ]
            }
            """);

        Assert.True(file.VerifyMembership);
        Assert.Empty(file.AllowedNonMembers);
        Assert.False(file.AllowedNonMembers.IsDefault);
        Assert.Equal(ReconcileSettings.Default, file.Reconcile);
        Assert.Equal(new ReconcileSettings("rate(6 hours)", PruneForeignAccounts: false, WeeklyAggregatorChangeBudget: 1000, Channels: true), file.Reconcile);
        Assert.Null(file.Notifications);
        Assert.Null(file.MemberRoleName);
        Assert.Equal("ChannelRole", file.PrerequisiteRoleName);

        var aggregator = file.Aggregators[0];
        Assert.Null(aggregator.OrganizationScope);
        Assert.True(aggregator.AuthorizeSources);
        Assert.Null(aggregator.AuthorizationRegions);

        Assert.Null(file.Distributions[0].OrganizationScope);
        Assert.False(file.Distributions[0].RequireCrossAccountRole);
        Assert.True(file.Distributions[1].RequireCrossAccountRole);

        Assert.Null(file.DeliveryChannels[0].OrganizationScope);
        Assert.Equal(ControlTowerPolicy.Leave, file.DeliveryChannels[0].ControlTowerManaged);
    }

    [Fact]
    public void Targets_built_in_code_get_the_same_defaults()
    {
        Assert.True(new DistributionTarget(Arn, [ShareKind.LaunchPermission, ShareKind.TargetAccountIds], null).RequireCrossAccountRole);
        Assert.False(new DistributionTarget(Arn, [ShareKind.LaunchPermission], null).RequireCrossAccountRole);
        Assert.False(new DistributionTarget(Arn, default, null).RequireCrossAccountRole);
        Assert.True(new AggregatorTarget("a", "us-east-1", false, true, null).AuthorizeSources);
        Assert.Equal(
            ControlTowerPolicy.Leave,
            new DeliveryChannelTarget("R", ["us-east-1"], new ChannelSettings("default", "b", null, null, null, null)).ControlTowerManaged);

        var file = new TargetsFile(null, null, [], true, [], [], [], []);
        Assert.True(file.VerifyMembership);
        Assert.False(file.AllowedNonMembers.IsDefault);
        Assert.Same(ReconcileSettings.Default, file.Reconcile);
        Assert.Null(file.Notifications);
        Assert.Equal(TargetsFile.DefaultMemberRoleName, file.PrerequisiteRoleName);
    }

    [Fact]
    public void An_empty_file_assumes_the_default_member_role()
    {
        var file = TargetsFileLoader.Parse("{}");

        Assert.Equal("OrgSyncMemberRole", file.PrerequisiteRoleName);
        Assert.Equal(TargetsFile.DefaultMemberRoleName, file.PrerequisiteRoleName);
    }

    [Fact]
    public void Explicit_values_are_kept()
    {
        var file = TargetsFileLoader.Parse($$"""
            {
              "verifyMembership": false,
              "allowedNonMembers": ["444455556666", "777788889999"],
              "reconcile": { "schedule": "cron(0 3 ? * MON-FRI *)", "pruneForeignAccounts": true,
                             "weeklyAggregatorChangeBudget": 0, "channels": false },
              "notifications": { "eventBusName": "arn:aws:events:us-east-1:111111111111:event-bus/vending", "source": "acme.orgsync" },
              "memberRoleName": "PrerequisitesRole",
              "aggregators": [ { "name": "a", "region": "us-east-1", "authorizeSources": false,
                                 "authorizationRegions": ["us-east-1", "eu-west-1"],
                                 "scope": { "organizationalUnits": ["{{Ou}}", "ou-ab12-99999999"], "includeNested": false } } ],
              "distributions": [ { "arn": "{{Arn}}", "share": ["targetAccountIds"], "requireCrossAccountRole": false,
                                   "scope": { "organizationalUnits": ["{{Ou}}"] } },
                                 { "arn": "{{Arn}}-2", "share": ["targetAccountIds"], "requireCrossAccountRole": true } ],
              "deliveryChannels": [ { "memberRoleName": "ChannelRole", "regions": ["us-east-1"], "channel": { "s3BucketName": "b" },
                                      "controlTowerManaged": "manage", "scope": { "organizationalUnits": ["{{Ou}}"], "includeNested": true } } ]
            }
            """);

        Assert.False(file.VerifyMembership);
        Assert.Equal<string>(["444455556666", "777788889999"], file.AllowedNonMembers);
        Assert.Equal(new ReconcileSettings("cron(0 3 ? * MON-FRI *)", true, 0, false), file.Reconcile);
        Assert.Equal(new NotificationSettings("arn:aws:events:us-east-1:111111111111:event-bus/vending", "acme.orgsync"), file.Notifications);
        Assert.Equal("PrerequisitesRole", file.MemberRoleName);
        Assert.Equal("PrerequisitesRole", file.PrerequisiteRoleName);

        var aggregator = file.Aggregators[0];
        Assert.False(aggregator.AuthorizeSources);
        Assert.Equal<string>(["us-east-1", "eu-west-1"], aggregator.AuthorizationRegions!.Value);
        Assert.Equal(new OrganizationScope([Ou, "ou-ab12-99999999"], IncludeNested: false), aggregator.OrganizationScope);

        Assert.False(file.Distributions[0].RequireCrossAccountRole);
        Assert.Equal(new OrganizationScope([Ou]), file.Distributions[0].OrganizationScope);
        Assert.True(file.Distributions[0].OrganizationScope!.IncludeNested);
        Assert.True(file.Distributions[1].RequireCrossAccountRole);

        Assert.Equal(ControlTowerPolicy.Manage, file.DeliveryChannels[0].ControlTowerManaged);
        Assert.Equal(new OrganizationScope([Ou], IncludeNested: true), file.DeliveryChannels[0].OrganizationScope);
    }

    [Theory]
    [InlineData("{\"reconcile\": {}}", "rate(6 hours)", false, 1000, true)]
    [InlineData("{\"reconcile\": {\"schedule\": \"rate(1 day)\"}}", "rate(1 day)", false, 1000, true)]
    [InlineData("{\"reconcile\": {\"pruneForeignAccounts\": true}}", "rate(6 hours)", true, 1000, true)]
    [InlineData("{\"reconcile\": {\"weeklyAggregatorChangeBudget\": 2147483647}}", "rate(6 hours)", false, int.MaxValue, true)]
    [InlineData("{\"reconcile\": {\"channels\": false}}", "rate(6 hours)", false, 1000, false)]
    public void Reconcile_keys_default_one_by_one(string json, string schedule, bool prune, int budget, bool channels)
    {
        Assert.Equal(new ReconcileSettings(schedule, prune, budget, channels), TargetsFileLoader.Parse(json).Reconcile);
    }

    [Theory]
    [InlineData("{\"notifications\": {}}", "default", "orgsync")]
    [InlineData("{\"notifications\": {\"eventBusName\": \"vending\"}}", "vending", "orgsync")]
    [InlineData("{\"notifications\": {\"source\": \"acme.orgsync\"}}", "default", "acme.orgsync")]
    public void Notifications_keys_default_one_by_one(string json, string bus, string source)
    {
        Assert.Equal(new NotificationSettings(bus, source), TargetsFileLoader.Parse(json).Notifications);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"notifications\": null}")]
    public void Without_notifications_none_are_sent(string json)
    {
        Assert.Null(TargetsFileLoader.Parse(json).Notifications);
    }

    [Fact]
    public void A_null_scope_or_authorization_region_list_means_none()
    {
        var file = TargetsFileLoader.Parse($$"""
            { "aggregators": [ { "name": "a", "region": "us-east-1", "scope": null, "authorizationRegions": null } ],
              "distributions": [ { "arn": "{{Arn}}", "scope": null } ],
              "deliveryChannels": [ { "memberRoleName": "R", "regions": ["us-east-1"], "channel": { "s3BucketName": "b" }, "scope": null } ] }
            """);

        Assert.Null(file.Aggregators[0].OrganizationScope);
        Assert.Null(file.Aggregators[0].AuthorizationRegions);
        Assert.Null(file.Distributions[0].OrganizationScope);
        Assert.Null(file.DeliveryChannels[0].OrganizationScope);
    }

    [Fact]
    public void The_prerequisite_role_follows_the_first_delivery_channel_target()
    {
        var file = TargetsFileLoader.Parse("""
            { "deliveryChannels": [ { "memberRoleName": "First", "regions": ["us-east-1"], "channel": { "s3BucketName": "b" } },
                                    { "memberRoleName": "Second", "regions": ["eu-west-1"], "channel": { "s3BucketName": "b" } } ] }
            """);

        Assert.Equal("First", file.PrerequisiteRoleName);
        Assert.Equal("Top", (file with { MemberRoleName = "Top" }).PrerequisiteRoleName);
    }

    public static TheoryData<string, string, string, string> Errors => new()
    {
        // name, file, path, problem (substring)
        { "unknown root key", "{\"verifyMembers\": true}", "verifyMembers", "unknown key (allowed: homeAccountId, trustedManagementAccountId, customSources, removeOnLeave, excludeAccounts, aggregators, distributions, deliveryChannels, verifyMembership, allowedNonMembers, reconcile, notifications, memberRoleName)" },
        { "verifyMembership a string", "{\"verifyMembership\": \"yes\"}", "verifyMembership", "expected boolean, found string" },
        { "verifyMembership null", "{\"verifyMembership\": null}", "verifyMembership", "expected boolean, found null" },
        { "allowedNonMembers a string", "{\"allowedNonMembers\": \"444455556666\"}", "allowedNonMembers", "expected array, found string" },
        { "allowedNonMembers null", "{\"allowedNonMembers\": null}", "allowedNonMembers", "expected array, found null" },
        { "allowed non-member not an account id", "{\"allowedNonMembers\": [\"444455556666\", \"4444\"]}", "allowedNonMembers[1]", "must be an AWS account id (12 ASCII digits), found \"4444\"" },
        { "allowed non-member a number", "{\"allowedNonMembers\": [444455556666]}", "allowedNonMembers[0]", "expected string, found number" },
        { "allowed non-member repeated", "{\"allowedNonMembers\": [\"444455556666\", \"444455556666\"]}", "allowedNonMembers[1]", "duplicate of allowedNonMembers[0]" },
        { "reconcile a string", "{\"reconcile\": \"rate(6 hours)\"}", "reconcile", "expected object, found string" },
        { "reconcile null", "{\"reconcile\": null}", "reconcile", "expected object, found null" },
        { "reconcile unknown key", "{\"reconcile\": {\"scheduleExpression\": \"rate(6 hours)\"}}", "reconcile.scheduleExpression", "unknown key (allowed: schedule, pruneForeignAccounts, weeklyAggregatorChangeBudget, channels)" },
        { "schedule singular after 1", "{\"reconcile\": {\"schedule\": \"rate(1 hours)\"}}", "reconcile.schedule", "must be an EventBridge schedule expression: a rate of 1 takes the singular unit: rate(1 hour), found \"rate(1 hours)\"" },
        { "schedule plural after 6", "{\"reconcile\": {\"schedule\": \"rate(6 hour)\"}}", "reconcile.schedule", "a rate above 1 takes the plural unit" },
        { "schedule cron with five fields", "{\"reconcile\": {\"schedule\": \"cron(0 3 * * ?)\"}}", "reconcile.schedule", "a cron expression has 6 fields" },
        { "schedule not an expression", "{\"reconcile\": {\"schedule\": \"every 6 hours\"}}", "reconcile.schedule", "must be rate(value unit)" },
        { "schedule a number", "{\"reconcile\": {\"schedule\": 6}}", "reconcile.schedule", "expected string, found number" },
        { "schedule null", "{\"reconcile\": {\"schedule\": null}}", "reconcile.schedule", "expected string, found null" },
        { "pruneForeignAccounts a string", "{\"reconcile\": {\"pruneForeignAccounts\": \"false\"}}", "reconcile.pruneForeignAccounts", "expected boolean, found string" },
        { "budget negative", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": -1}}", "reconcile.weeklyAggregatorChangeBudget", "must be a whole number from 0 to 2147483647, found -1" },
        { "budget a fraction", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": 1.5}}", "reconcile.weeklyAggregatorChangeBudget", "must be a whole number from 0 to 2147483647, found 1.5" },
        { "budget with an exponent", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": 1e3}}", "reconcile.weeklyAggregatorChangeBudget", "found 1e3" },
        { "budget too large", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": 2147483648}}", "reconcile.weeklyAggregatorChangeBudget", "found 2147483648" },
        { "budget a string", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": \"1000\"}}", "reconcile.weeklyAggregatorChangeBudget", "expected number, found string" },
        { "budget null", "{\"reconcile\": {\"weeklyAggregatorChangeBudget\": null}}", "reconcile.weeklyAggregatorChangeBudget", "expected number, found null" },
        { "channels a number", "{\"reconcile\": {\"channels\": 1}}", "reconcile.channels", "expected boolean, found number" },
        { "notifications a string", "{\"notifications\": \"default\"}", "notifications", "expected object, found string" },
        { "notifications unknown key", "{\"notifications\": {\"detailType\": \"x\"}}", "notifications.detailType", "unknown key (allowed: eventBusName, source)" },
        { "bus name empty", "{\"notifications\": {\"eventBusName\": \"\"}}", "notifications.eventBusName", "must be an event bus name or ARN (1–1600 characters; a name of A-Z a-z 0-9 . - _; EventBridge NonPartnerEventBusNameOrArn), found \"\"" },
        { "bus name with a space", "{\"notifications\": {\"eventBusName\": \"org sync\"}}", "notifications.eventBusName", "must be an event bus name or ARN" },
        { "bus ARN of another service", "{\"notifications\": {\"eventBusName\": \"arn:aws:sqs:us-east-1:111111111111:orgsync\"}}", "notifications.eventBusName", "must be an event bus name or ARN" },
        { "bus name too long", $"{{\"notifications\": {{\"eventBusName\": \"{new string('b', 1601)}\"}}}}", "notifications.eventBusName", "must be an event bus name or ARN" },
        { "bus name null", "{\"notifications\": {\"eventBusName\": null}}", "notifications.eventBusName", "expected string, found null" },
        { "notification source reserved by AWS", "{\"notifications\": {\"source\": \"aws.orgsync\"}}", "notifications.source", "\"aws.orgsync\" starts with \"aws.\", which EventBridge reserves for AWS services" },
        { "notification source empty", "{\"notifications\": {\"source\": \"\"}}", "notifications.source", "must not be empty" },
        { "notification source too long", $"{{\"notifications\": {{\"source\": \"{new string('s', 257)}\"}}}}", "notifications.source", "must be at most 256 characters (an EventBridge event source)" },
        { "notification source a number", "{\"notifications\": {\"source\": 1}}", "notifications.source", "expected string, found number" },
        { "memberRoleName with a slash", "{\"memberRoleName\": \"path/Role\"}", "memberRoleName", "must be an IAM role name: 1–64 characters" },
        { "memberRoleName empty", "{\"memberRoleName\": \"\"}", "memberRoleName", "must be an IAM role name" },
        { "memberRoleName null", "{\"memberRoleName\": null}", "memberRoleName", "expected string, found null" },
        { "custom source is the reconcile source", "{\"customSources\": [\"orgsync.reconcile\"]}", "customSources[0]", "\"orgsync.reconcile\" is OrgSync's own reconcile source; it cannot be a custom source" },
        { "custom source too long", $"{{\"customSources\": [\"{new string('s', 257)}\"]}}", "customSources[0]", "must be at most 256 characters" },
        { "aggregator scope a string", Aggregator($"\"scope\": \"{Ou}\""), "aggregators[0].scope", "expected object, found string" },
        { "aggregator scope without units", Aggregator("\"scope\": {}"), "aggregators[0].scope.organizationalUnits", "required: a non-empty list of organizational unit ids" },
        { "aggregator scope units null", Aggregator("\"scope\": {\"organizationalUnits\": null}"), "aggregators[0].scope.organizationalUnits", "required" },
        { "aggregator scope units empty", Aggregator("\"scope\": {\"organizationalUnits\": []}"), "aggregators[0].scope.organizationalUnits", "must not be empty" },
        { "aggregator scope units a string", Aggregator($"\"scope\": {{\"organizationalUnits\": \"{Ou}\"}}"), "aggregators[0].scope.organizationalUnits", "expected array, found string" },
        { "aggregator scope unit too short", Aggregator("\"scope\": {\"organizationalUnits\": [\"ou-ab12\"]}"), "aggregators[0].scope.organizationalUnits[0]", "must be an organizational unit id (ou-, 4–32 lowercase letters or digits, -, 8–32 more; Organizations OrganizationalUnitId), found \"ou-ab12\"" },
        { "aggregator scope unit a root", Aggregator($"\"scope\": {{\"organizationalUnits\": [\"{Ou}\", \"r-ab12\"]}}"), "aggregators[0].scope.organizationalUnits[1]", "must be an organizational unit id" },
        { "aggregator scope unit in capitals", Aggregator("\"scope\": {\"organizationalUnits\": [\"OU-AB12-CDEFGH34\"]}"), "aggregators[0].scope.organizationalUnits[0]", "found \"OU-AB12-CDEFGH34\"" },
        { "aggregator scope unit repeated", Aggregator($"\"scope\": {{\"organizationalUnits\": [\"{Ou}\", \"{Ou}\"]}}"), "aggregators[0].scope.organizationalUnits[1]", "duplicate of aggregators[0].scope.organizationalUnits[0]" },
        { "aggregator scope includeNested a string", Aggregator($"\"scope\": {{\"organizationalUnits\": [\"{Ou}\"], \"includeNested\": \"true\"}}"), "aggregators[0].scope.includeNested", "expected boolean, found string" },
        { "aggregator scope unknown key", Aggregator($"\"scope\": {{\"organizationalUnits\": [\"{Ou}\"], \"accounts\": []}}"), "aggregators[0].scope.accounts", "unknown key (allowed: organizationalUnits, includeNested)" },
        { "authorizeSources a string", Aggregator("\"authorizeSources\": \"yes\""), "aggregators[0].authorizeSources", "expected boolean, found string" },
        { "authorizationRegions a string", Aggregator("\"authorizationRegions\": \"us-east-1\""), "aggregators[0].authorizationRegions", "expected array, found string" },
        { "authorizationRegions empty", Aggregator("\"authorizationRegions\": []"), "aggregators[0].authorizationRegions", "must not be empty" },
        { "authorization region invalid", Aggregator("\"authorizationRegions\": [\"us-east-1\", \"mars-1\"]"), "aggregators[0].authorizationRegions[1]", "must be an AWS Region code such as us-east-1, found \"mars-1\"" },
        { "authorization region repeated", Aggregator("\"authorizationRegions\": [\"eu-west-1\", \"eu-west-1\"]"), "aggregators[0].authorizationRegions[1]", "duplicate of aggregators[0].authorizationRegions[0]" },
        { "distribution scope unit invalid", Distribution("\"scope\": {\"organizationalUnits\": [\"ou-ab12-cdefgh3\"]}"), "distributions[0].scope.organizationalUnits[0]", "must be an organizational unit id" },
        { "distribution scope a list", Distribution($"\"scope\": [\"{Ou}\"]"), "distributions[0].scope", "expected object, found array" },
        { "requireCrossAccountRole without targetAccountIds (default share)", Distribution("\"requireCrossAccountRole\": true"), "distributions[0].requireCrossAccountRole", "true only applies when share holds \"targetAccountIds\" (the role is needed to copy AMIs into an account); without it this would do nothing" },
        { "requireCrossAccountRole with launch permissions only", Distribution("\"share\": [\"launchPermission\"], \"requireCrossAccountRole\": true"), "distributions[0].requireCrossAccountRole", "true only applies when share holds \"targetAccountIds\"" },
        { "requireCrossAccountRole a string", Distribution("\"share\": [\"targetAccountIds\"], \"requireCrossAccountRole\": \"true\""), "distributions[0].requireCrossAccountRole", "expected boolean, found string" },
        { "requireCrossAccountRole null", Distribution("\"requireCrossAccountRole\": null"), "distributions[0].requireCrossAccountRole", "expected boolean, found null" },
        { "channel scope includeNested null", Channel($"\"scope\": {{\"organizationalUnits\": [\"{Ou}\"], \"includeNested\": null}}"), "deliveryChannels[0].scope.includeNested", "expected boolean, found null" },
        { "channel scope without units", Channel("\"scope\": {\"includeNested\": false}"), "deliveryChannels[0].scope.organizationalUnits", "required" },
        { "controlTowerManaged in capitals", Channel("\"controlTowerManaged\": \"Leave\""), "deliveryChannels[0].controlTowerManaged", "must be \"leave\" or \"manage\", found \"Leave\"" },
        { "controlTowerManaged unknown", Channel("\"controlTowerManaged\": \"ignore\""), "deliveryChannels[0].controlTowerManaged", "must be \"leave\" or \"manage\", found \"ignore\"" },
        { "controlTowerManaged a boolean", Channel("\"controlTowerManaged\": true"), "deliveryChannels[0].controlTowerManaged", "expected string, found boolean" },
        { "controlTowerManaged null", Channel("\"controlTowerManaged\": null"), "deliveryChannels[0].controlTowerManaged", "expected string, found null" },
        { "unknown channel target key", Channel("\"controlTower\": \"leave\""), "deliveryChannels[0].controlTower", "unknown key (allowed: memberRoleName, regions, channel, scope, controlTowerManaged)" },
        { "unknown distribution key", Distribution("\"requireRole\": true"), "distributions[0].requireRole", "unknown key (allowed: arn, share, regions, scope, requireCrossAccountRole)" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Each_problem_names_its_path(string name, string json, string path, string problem) =>
        TargetsFileLoaderTests.AssertTheOnlyProblem(name, json, path, problem);

    [Fact]
    public void Problems_in_several_new_keys_are_reported_together_in_document_order()
    {
        var exception = Assert.Throws<TargetsFileException>(() => TargetsFileLoader.Parse($$"""
            {
              "aggregators": [ { "name": "a", "region": "us-east-1", "scope": { "organizationalUnits": ["ou-x"] } } ],
              "distributions": [ { "arn": "{{Arn}}", "requireCrossAccountRole": true } ],
              "verifyMembership": "no",
              "reconcile": { "schedule": "rate(1 days)", "weeklyAggregatorChangeBudget": -5 },
              "notifications": { "source": "aws.x" }
            }
            """));

        Assert.Equal(
            [
                "aggregators[0].scope.organizationalUnits[0]",
                "distributions[0].requireCrossAccountRole",
                "verifyMembership",
                "reconcile.schedule",
                "reconcile.weeklyAggregatorChangeBudget",
                "notifications.source",
            ],
            exception.Errors.Select(e => e.Path));
    }

    private static string Aggregator(string members) => $"{{\"aggregators\": [{{\"name\": \"a\", \"region\": \"us-east-1\", {members}}}]}}";

    private static string Distribution(string members) => $"{{\"distributions\": [{{\"arn\": \"{Arn}\", {members}}}]}}";

    private static string Channel(string members) =>
        $"{{\"deliveryChannels\": [{{\"memberRoleName\": \"R\", \"regions\": [\"us-east-1\"], \"channel\": {{\"s3BucketName\": \"b\"}}, {members}}}]}}";
}
