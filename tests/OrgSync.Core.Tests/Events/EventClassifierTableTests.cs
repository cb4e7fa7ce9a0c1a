using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using static OrgSync.Core.Tests.Events.TestEvents;

namespace OrgSync.Core.Tests.Events;

/// <summary>SPEC §1, row by row: what each event means, through EventBridge and through SQS alike.</summary>
public sealed class EventClassifierTableTests
{
    private static readonly Dictionary<string, (JsonObject Envelope, Expect Expected)> Table = new()
    {
        // Every row of the table, its condition holding.
        ["controltower CreateManagedAccount SUCCEEDED"] = (ControlTower("CreateManagedAccount", "SUCCEEDED", "444444444444"), Expect.Join("444444444444")),
        ["controltower UpdateManagedAccount SUCCEEDED"] = (ControlTower("UpdateManagedAccount", "SUCCEEDED", "555555555555"), Expect.Join("555555555555")),
        ["organizations CreateAccountResult SUCCEEDED"] = (CreateAccountResult("SUCCEEDED", "666666666666"), Expect.Join("666666666666")),
        ["organizations AcceptHandshake ACCEPTED INVITE"] = (Handshake("ACCEPTED", "INVITE", ("ORGANIZATION", "o-a1b2c3d4e5"), ("ACCOUNT", "777777777777")), Expect.Join("777777777777")),
        ["organizations AcceptHandshake, ACCOUNT party listed first"] = (Handshake("ACCEPTED", "INVITE", ("ACCOUNT", "777777777777"), ("ORGANIZATION", "o-a1b2c3d4e5")), Expect.Join("777777777777")),
        ["organizations AcceptHandshake, the same ACCOUNT party twice"] = (Handshake("ACCEPTED", "INVITE", ("ACCOUNT", "777777777777"), ("ORGANIZATION", "o-a1b2c3d4e5"), ("ACCOUNT", "777777777777")), Expect.Join("777777777777")),
        ["organizations RemoveAccountFromOrganization"] = (ApiCall("RemoveAccountFromOrganization", AccountIdParameter("333333333333")), Expect.Leave("333333333333")),
        ["organizations CloseAccount"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")), Expect.Leave("232323232323")),
        ["organizations CloseAccountResult SUCCEEDED"] = (CloseAccountResult("SUCCEEDED", "232323232323"), Expect.Leave("232323232323")),
        ["custom join, two accounts"] = (Custom("join", Ids("888888888888", "121212121212")), Expect.Join("888888888888", "121212121212")),
        ["custom leave"] = (Custom("leave", Ids("343434343434")), Expect.Leave("343434343434")),
        ["custom join, duplicates collapse to one change"] = (Custom("join", Ids("888888888888", "121212121212", "888888888888")), Expect.Join("888888888888", "121212121212")),
        ["errorCode null is not a failure"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["detail"]!["errorCode"] = null), Expect.Leave("232323232323")),

        // Recognised, but the condition does not hold: ignored.
        ["controltower CreateManagedAccount FAILED"] = (ControlTower("CreateManagedAccount", "FAILED", "454545454545"), Expect.Ignored("aws.controltower CreateManagedAccount: detail.serviceEventDetails.createManagedAccountStatus.state is the string \"FAILED\", not \"SUCCEEDED\"")),
        ["controltower UpdateManagedAccount FAILED"] = (ControlTower("UpdateManagedAccount", "FAILED", "555555555555"), Expect.Ignored("UpdateManagedAccount: detail.serviceEventDetails.updateManagedAccountStatus.state is the string \"FAILED\"")),
        ["organizations CreateAccountResult FAILED, without an account id"] = (CreateAccountResult("FAILED", null).With(e => e["detail"]!["serviceEventDetails"]!["createAccountStatus"]!.AsObject().Remove("accountId")), Expect.Ignored("CreateAccountResult: detail.serviceEventDetails.createAccountStatus.state is the string \"FAILED\"")),
        ["organizations CreateAccountResult IN_PROGRESS"] = (CreateAccountResult("IN_PROGRESS", "666666666666"), Expect.Ignored("state is the string \"IN_PROGRESS\", not \"SUCCEEDED\"")),
        ["organizations CloseAccountResult FAILED"] = (CloseAccountResult("FAILED", "232323232323"), Expect.Ignored("CloseAccountResult: detail.serviceEventDetails.closeAccountStatus.state is the string \"FAILED\"")),
        ["organizations CloseAccountResult without a state"] = (CloseAccountResult("SUCCEEDED", "232323232323").With(e => e["detail"]!["serviceEventDetails"]!["closeAccountStatus"]!.AsObject().Remove("state")), Expect.Ignored("closeAccountStatus.state is missing")),
        ["organizations AcceptHandshake OPEN"] = (Handshake("OPEN", "INVITE", ("ACCOUNT", "777777777777")), Expect.Ignored("AcceptHandshake: detail.responseElements.handshake.state is the string \"OPEN\", not \"ACCEPTED\"")),
        ["organizations AcceptHandshake DECLINED"] = (Handshake("DECLINED", "INVITE", ("ACCOUNT", "777777777777")), Expect.Ignored("handshake.state is the string \"DECLINED\"")),
        ["organizations AcceptHandshake ENABLE_ALL_FEATURES"] = (Handshake("ACCEPTED", "ENABLE_ALL_FEATURES", ("ACCOUNT", "777777777777")), Expect.Ignored("detail.responseElements.handshake.action is the string \"ENABLE_ALL_FEATURES\", not \"INVITE\"")),
        ["organizations CloseAccount that failed (errorCode)"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323"), errorCode: "AccountAlreadyClosedException"), Expect.Ignored("aws.organizations CloseAccount: the API call failed (detail.errorCode the string \"AccountAlreadyClosedException\"), so nothing changed")),
        ["organizations RemoveAccountFromOrganization that failed, malformed id"] = (ApiCall("RemoveAccountFromOrganization", AccountIdParameter("not-an-account"), errorCode: "ValidationException"), Expect.Ignored("RemoveAccountFromOrganization: the API call failed")),
        ["organizations AcceptHandshake that failed"] = (ApiCall("AcceptHandshake", new JsonObject { ["handshakeId"] = "h-7c3e9f1a2b4d6e8f" }, errorCode: "HandshakeConstraintViolationException"), Expect.Ignored("AcceptHandshake: the API call failed")),

        // Not in the table: ignored, naming source and event.
        ["organizations CreatePolicy"] = (ApiCall("CreatePolicy", new JsonObject { ["name"] = "deny-leave" }), Expect.Ignored("aws.organizations CreatePolicy (detail-type \"AWS API Call via CloudTrail\") is not an account lifecycle event")),
        ["organizations CreateAccount (the request, not its result)"] = (ApiCall("CreateAccount", new JsonObject { ["accountName"] = "x" }), Expect.Ignored("aws.organizations CreateAccount")),
        ["organizations InviteAccountToOrganization"] = (ApiCall("InviteAccountToOrganization", new JsonObject { ["target"] = new JsonObject { ["id"] = "777777777777", ["type"] = "ACCOUNT" } }), Expect.Ignored("InviteAccountToOrganization")),
        ["organizations LeaveOrganization"] = (ApiCall("LeaveOrganization", null), Expect.Ignored("aws.organizations LeaveOrganization")),
        ["controltower SetupLandingZone"] = (ControlTower("SetupLandingZone", "SUCCEEDED", "444444444444"), Expect.Ignored("aws.controltower SetupLandingZone (detail-type \"AWS Service Event via CloudTrail\") is not an account lifecycle event")),
        ["organizations event without eventName"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["detail"]!.AsObject().Remove("eventName")), Expect.Ignored("aws.organizations event without detail.eventName")),
        ["organizations eventName that is not a string"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["detail"]!["eventName"] = 7), Expect.Ignored("event without detail.eventName")),
        ["another AWS source"] = (Envelope("aws.ec2", "EC2 Instance State-change Notification", new JsonObject { ["instance-id"] = "i-0123456789abcdef0", ["state"] = "running" }), Expect.Ignored("source \"aws.ec2\" (detail-type \"EC2 Instance State-change Notification\") is not an account lifecycle source")),
        ["custom source, another detail-type"] = (Custom("join", Ids("888888888888"), detailType: "Account Vended"), Expect.Ignored("acme.vending: detail-type \"Account Vended\" is not \"Account Change Request\"")),
        ["custom event from a source not listed"] = (Custom("join", Ids("888888888888"), source: "evil.vending"), Expect.Ignored("source \"evil.vending\"")),
        ["source matching is exact (case)"] = (Custom("join", Ids("888888888888"), source: "ACME.vending"), Expect.Ignored("source \"ACME.vending\"")),

        // Invalid: the message is wrong and goes to the dead-letter queue.
        ["account id missing"] = (ControlTower("CreateManagedAccount", "SUCCEEDED", null).With(e => e["detail"]!["serviceEventDetails"]!["createManagedAccountStatus"]!["account"]!.AsObject().Remove("accountId")), Expect.Invalid("aws.controltower CreateManagedAccount: detail.serviceEventDetails.createManagedAccountStatus.account.accountId is missing")),
        ["account id null"] = (CreateAccountResult("SUCCEEDED", null), Expect.Invalid("createAccountStatus.accountId must be a string of 12 digits, found null")),
        ["account id as a number"] = (ApiCall("CloseAccount", AccountIdParameter(232323232323)), Expect.Invalid("detail.requestParameters.accountId must be a string of 12 digits, found the number 232323232323")),
        ["account id of 11 digits"] = (ApiCall("CloseAccount", AccountIdParameter("23232323232")), Expect.Invalid("detail.requestParameters.accountId is not an account id (12 ASCII digits): \"23232323232\"")),
        ["account id of 13 digits"] = (CloseAccountResult("SUCCEEDED", "2323232323230"), Expect.Invalid("is not an account id (12 ASCII digits): \"2323232323230\"")),
        ["account id with letters"] = (ControlTower("UpdateManagedAccount", "SUCCEEDED", "55555555555a"), Expect.Invalid("is not an account id")),
        ["requestParameters missing"] = (ApiCall("RemoveAccountFromOrganization", null), Expect.Invalid("detail.requestParameters.accountId is missing")),
        ["handshake without an ACCOUNT party"] = (Handshake("ACCEPTED", "INVITE", ("ORGANIZATION", "o-a1b2c3d4e5"), ("EMAIL", "new@example.com")), Expect.Invalid("detail.responseElements.handshake.parties has no party of type \"ACCOUNT\"")),
        ["handshake with two different ACCOUNT parties"] = (Handshake("ACCEPTED", "INVITE", ("ACCOUNT", "777777777777"), ("ACCOUNT", "787878787878")), Expect.Invalid("several ACCOUNT parties with different ids (777777777777, 787878787878)")),
        ["handshake ACCOUNT party with a bad id"] = (Handshake("ACCEPTED", "INVITE", ("ORGANIZATION", "o-a1b2c3d4e5"), ("ACCOUNT", "7777")), Expect.Invalid("detail.responseElements.handshake.parties[1].id is not an account id")),
        ["handshake parties not an array"] = (Handshake("ACCEPTED", "INVITE").With(e => e["detail"]!["responseElements"]!["handshake"]!["parties"] = "777777777777"), Expect.Invalid("detail.responseElements.handshake.parties must be an array")),
        ["custom action missing"] = (Custom(null, Ids("888888888888")), Expect.Invalid("acme.vending Account Change Request: detail.action is missing")),
        ["custom action in capitals"] = (Custom("JOIN", Ids("888888888888")), Expect.Invalid("detail.action must be \"join\" or \"leave\", found the string \"JOIN\"")),
        ["custom action a number"] = (Custom(1, Ids("888888888888")), Expect.Invalid("detail.action must be \"join\" or \"leave\", found the number 1")),
        ["custom accountIds missing"] = (Custom("join", null), Expect.Invalid("detail.accountIds is missing")),
        ["custom accountIds empty"] = (Custom("join", Ids()), Expect.Invalid("detail.accountIds is empty")),
        ["custom accountIds a string"] = (Custom("join", "888888888888"), Expect.Invalid("detail.accountIds must be an array of account ids, found the string \"888888888888\"")),
        ["custom accountIds containing null"] = (Custom("join", new JsonArray("888888888888", null)), Expect.Invalid("detail.accountIds[1] must be a string of 12 digits, found null")),
        ["custom accountIds containing a number"] = (Custom("leave", new JsonArray(888888888888L)), Expect.Invalid("detail.accountIds[0] must be a string of 12 digits, found the number 888888888888")),
        ["untrusted management account"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["account"] = "222222222222"), Expect.Invalid("aws.organizations event from account \"222222222222\", not the trusted management account 111111111111: never applied")),
        ["untrusted: Control Tower from another account"] = (ControlTower("CreateManagedAccount", "SUCCEEDED", "444444444444").With(e => e["account"] = "222222222222"), Expect.Invalid("aws.controltower event from account \"222222222222\"")),
        ["untrusted: no envelope account"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e.Remove("account")), Expect.Invalid("aws.organizations event from no account, not the trusted management account")),
        ["untrusted: envelope account a number"] = (ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["account"] = 111111111111L), Expect.Invalid("event from no account")),
        ["missing source"] = (Custom("join", Ids("888888888888")).With(e => e.Remove("source")), Expect.Invalid("envelope lacks \"source\"")),
        ["missing detail-type"] = (Custom("join", Ids("888888888888")).With(e => e.Remove("detail-type")), Expect.Invalid("envelope lacks \"detail-type\"")),
        ["missing time"] = (Custom("join", Ids("888888888888")).With(e => e.Remove("time")), Expect.Invalid("envelope lacks \"time\"")),
        ["missing detail"] = (Custom("join", Ids("888888888888")).With(e => e.Remove("detail")), Expect.Invalid("envelope lacks \"detail\"")),
        ["source a number"] = (Custom("join", Ids("888888888888")).With(e => e["source"] = 5), Expect.Invalid("envelope \"source\" must be a string, found the number 5")),
        ["detail-type an array"] = (Custom("join", Ids("888888888888")).With(e => e["detail-type"] = new JsonArray()), Expect.Invalid("envelope \"detail-type\" must be a string, found an array")),
        ["time a number (epoch seconds)"] = (Custom("join", Ids("888888888888")).With(e => e["time"] = 1793523600), Expect.Invalid("envelope \"time\" must be a string, found the number 1793523600")),
        ["detail a string"] = (Custom("join", Ids("888888888888")).With(e => e["detail"] = "{\"action\":\"join\"}"), Expect.Invalid("envelope \"detail\" must be an object, found the string")),
        ["time without zone"] = (Custom("join", Ids("888888888888")).With(e => e["time"] = "2026-11-01T09:00:00"), Expect.Invalid("envelope \"time\" \"2026-11-01T09:00:00\" is not an ISO-8601 instant: no zone")),
    };

    public static TheoryData<string> Cases => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Event_means_what_the_table_says(string name)
    {
        var (envelope, expected) = Table[name];
        var result = ClassifyBothWays(envelope.Text(), Options);
        expected.AssertMatches(result);
    }

    [Fact]
    public void Each_change_carries_the_envelope_time_and_id()
    {
        var envelope = Custom("join", Ids("888888888888", "121212121212")).With(e =>
        {
            e["id"] = "a9e4d6a0-5c4b-4f0e-9a51-7e0f3d2c1b00";
            e["time"] = "2026-11-01T11:30:15.250+02:00";
        });

        var changes = AssertChanges(ClassifyBothWays(envelope.Text(), Options));

        Assert.All(changes, change =>
        {
            Assert.Equal("a9e4d6a0-5c4b-4f0e-9a51-7e0f3d2c1b00", change.EventId);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 30, 15, 250, TimeSpan.Zero), change.Time);
            Assert.Equal(TimeSpan.Zero, change.Time.Offset);
        });
    }

    [Fact]
    public void Without_an_envelope_id_the_event_id_is_a_digest_of_the_body()
    {
        var body = Custom("leave", Ids("343434343434")).With(e => e.Remove("id")).Text();
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32];

        var result = Assert.IsType<Classification.Changes>(EventClassifier.Classify(body, Options));

        Assert.Equal(expected, result.EventId);
        Assert.Equal(expected, Assert.Single(result.Items).EventId);
        Assert.Matches("^sha256:[0-9a-f]{32}$", result.EventId);
    }

    [Theory]
    [InlineData("number", "42")]
    [InlineData("null", "null")]
    [InlineData("empty string", "\"\"")]
    public void An_id_that_is_not_a_non_empty_string_is_replaced_by_the_digest(string what, string idJson)
    {
        var body = Custom("leave", Ids("343434343434")).With(e => e["id"] = JsonNode.Parse(idJson)).Text();

        var result = Assert.IsType<Classification.Changes>(EventClassifier.Classify(body, Options));

        Assert.True(result.EventId.StartsWith("sha256:", StringComparison.Ordinal), what);
    }

    [Fact]
    public void Ignored_events_carry_the_event_id()
    {
        var ignored = Assert.IsType<Classification.Ignored>(EventClassifier.Classify(ControlTower("CreateManagedAccount", "FAILED", "454545454545").Text(), Options));
        Assert.Equal(Id, ignored.EventId);
    }

    [Fact]
    public void Without_a_trusted_account_any_envelope_account_is_accepted()
    {
        var options = new ClassifierOptions([], null);
        var body = ApiCall("CloseAccount", AccountIdParameter("232323232323")).With(e => e["account"] = "222222222222").Text();

        Assert.Equal(["232323232323"], AssertChanges(EventClassifier.Classify(body, options)).Select(c => c.AccountId));
    }

    [Fact]
    public void The_trusted_account_does_not_apply_to_custom_sources()
    {
        var body = Custom("join", Ids("888888888888")).With(e => e["account"] = "222222222222").Text();

        Assert.Single(AssertChanges(EventClassifier.Classify(body, Options)));
    }

    [Fact]
    public void Custom_sources_are_ignored_unless_listed_and_default_options_list_none()
    {
        var body = Custom("join", Ids("888888888888")).Text();

        Assert.IsType<Classification.Ignored>(EventClassifier.Classify(body, ClassifierOptions.Default));
        Assert.IsType<Classification.Ignored>(EventClassifier.Classify(body, new ClassifierOptions(default, null)));
        Assert.IsType<Classification.Ignored>(EventClassifier.Classify(body, null!));
        Assert.IsType<Classification.Invalid>(EventClassifier.Classify(null!, Options));
    }

    [Fact]
    public void Escaped_digits_are_the_digits_they_encode()
    {
        // JSON escapes are an encoding, not a different value: "\u0034..." is the string "4...".
        var body = ControlTower("CreateManagedAccount", "SUCCEEDED", "444444444444").Text()
            .Replace("\"444444444444\"", "\"\\u0034\\u00344444444444\"", StringComparison.Ordinal);

        Assert.Equal("444444444444", Assert.Single(AssertChanges(EventClassifier.Classify(body, Options))).AccountId);
    }

    /// <summary>What a case must produce.</summary>
    public sealed record Expect(
        string Outcome, ChangeKind Kind = ChangeKind.Join, string[]? Accounts = null, string? Reason = null, ChangeReach Reach = ChangeReach.AllTargets)
    {
        public static Expect Join(params string[] accounts) => new("changes", ChangeKind.Join, accounts);

        public static Expect Leave(params string[] accounts) => new("changes", ChangeKind.Leave, accounts);

        public static Expect Move(string account) => new("changes", ChangeKind.Move, [account]);

        public static Expect ChannelCheck(string account) => new("changes", ChangeKind.Join, [account], Reach: ChangeReach.DeliveryChannels);

        public static Expect Ignored(string reason) => new("ignored", Reason: reason);

        public static Expect Invalid(string reason) => new("invalid", Reason: reason);

        public void AssertMatches(Classification result)
        {
            switch (Outcome)
            {
                case "changes":
                    var changes = Assert.IsType<Classification.Changes>(result);
                    Assert.Equal(Accounts!, changes.Items.Select(i => i.AccountId));
                    Assert.Equal(DateTimeOffset.Parse(Time, System.Globalization.CultureInfo.InvariantCulture), changes.Time);
                    Assert.All(changes.Items, i =>
                    {
                        Assert.Equal(Kind, i.Kind);
                        Assert.Equal(Reach, i.Reach);
                        Assert.Equal(DateTimeOffset.Parse(Time, System.Globalization.CultureInfo.InvariantCulture), i.Time);
                        Assert.Equal(Id, i.EventId);
                    });
                    Assert.Equal(Id, changes.EventId);
                    break;
                case "ignored":
                    var ignored = Assert.IsType<Classification.Ignored>(result);
                    Assert.Contains(Reason!, ignored.Reason, StringComparison.Ordinal);
                    Assert.Equal(Id, ignored.EventId);
                    break;
                default:
                    var invalid = Assert.IsType<Classification.Invalid>(result);
                    Assert.Contains(Reason!, invalid.Reason, StringComparison.Ordinal);
                    break;
            }
        }
    }
}
