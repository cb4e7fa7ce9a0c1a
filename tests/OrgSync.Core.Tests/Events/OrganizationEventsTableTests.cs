using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using static OrgSync.Core.Tests.Events.EventClassifierTableTests;
using static OrgSync.Core.Tests.Events.TestEvents;

namespace OrgSync.Core.Tests.Events;

/// <summary>SPEC §1's membership events (<c>AccountJoinedOrganization</c>, <c>AccountDepartedOrganization</c>) and <c>MoveAccount</c>, row by row.</summary>
public sealed class OrganizationEventsTableTests
{
    private const string NoAccountId =
        "aws.organizations AccountJoinedOrganization: no account id: detail.serviceEventDetails.accountId, " +
        "detail.requestParameters.accountId, detail.responseElements.account.id are all missing";

    private static readonly Dictionary<string, (JsonObject Envelope, Expect Expected)> Table = new()
    {
        // Joins, however the account came.
        ["joined by creation"] = (Joined("454545454545", "CREATED"), Expect.Join("454545454545")),
        ["joined by invitation"] = (Joined("565656565656", "INVITED"), Expect.Join("565656565656")),
        ["joined by a method not known yet"] = (Joined("565656565656", "MIGRATED"), Expect.Join("565656565656")),
        ["joined, as an API-call detail-type"] = (Joined("454545454545").With(e => e["detail-type"] = EventClassifier.ApiCallViaCloudTrail), Expect.Join("454545454545")),

        // Departures, whatever the method: the account is gone.
        ["departed: LEFT"] = (Departed("676767676767", "LEFT"), Expect.Leave("676767676767")),
        ["departed: REMOVED"] = (Departed("787878787878", "REMOVED"), Expect.Leave("787878787878")),
        ["departed: CLEANED"] = (Departed("898989898989", "CLEANED"), Expect.Leave("898989898989")),
        ["departed: a method not known yet"] = (Departed("898989898989", "SUSPENDED"), Expect.Leave("898989898989")),
        ["departed: no departureMethod"] = (Departed("898989898989", null).With(e => e["detail"]!["serviceEventDetails"]!.AsObject().Remove("departureMethod")), Expect.Leave("898989898989")),
        ["departed: departureMethod a number"] = (Departed("898989898989", 3), Expect.Leave("898989898989")),
        ["departed, as an API-call detail-type"] = (Departed("676767676767", "LEFT").With(e => e["detail-type"] = EventClassifier.ApiCallViaCloudTrail), Expect.Leave("676767676767")),

        // The three places an account id may be, in order.
        ["id in serviceEventDetails.accountId"] = (MembershipEvent("AccountJoinedOrganization", new JsonObject { ["accountId"] = "121212121212" }), Expect.Join("121212121212")),
        ["id in requestParameters.accountId"] = (MembershipEvent("AccountJoinedOrganization", null, requestParameters: new JsonObject { ["accountId"] = "131313131313" }), Expect.Join("131313131313")),
        ["id in responseElements.account.id"] = (MembershipEvent("AccountDepartedOrganization", null, responseElements: new JsonObject { ["account"] = new JsonObject { ["id"] = "141414141414", ["name"] = "sandbox" } }), Expect.Leave("141414141414")),
        ["serviceEventDetails without an id: requestParameters next"] = (MembershipEvent("AccountJoinedOrganization", new JsonObject { ["joinedMethod"] = "INVITED" }, requestParameters: new JsonObject { ["accountId"] = "131313131313" }), Expect.Join("131313131313")),
        ["serviceEventDetails wins over requestParameters"] = (MembershipEvent("AccountJoinedOrganization", new JsonObject { ["accountId"] = "121212121212" }, requestParameters: new JsonObject { ["accountId"] = "131313131313" }), Expect.Join("121212121212")),
        ["requestParameters wins over responseElements"] = (MembershipEvent("AccountDepartedOrganization", null, new JsonObject { ["accountId"] = "131313131313" }, new JsonObject { ["account"] = new JsonObject { ["id"] = "141414141414" } }), Expect.Leave("131313131313")),

        // A malformed id is invalid where it is found, even when a later place holds a good one.
        ["malformed serviceEventDetails.accountId, good requestParameters.accountId"] = (MembershipEvent("AccountJoinedOrganization", new JsonObject { ["accountId"] = "1212" }, requestParameters: new JsonObject { ["accountId"] = "131313131313" }), Expect.Invalid("aws.organizations AccountJoinedOrganization: detail.serviceEventDetails.accountId is not an account id (12 ASCII digits): \"1212\"")),
        ["serviceEventDetails.accountId null"] = (Joined(null), Expect.Invalid("detail.serviceEventDetails.accountId must be a string of 12 digits, found null")),
        ["serviceEventDetails.accountId a number"] = (Departed(676767676767L, "LEFT"), Expect.Invalid("aws.organizations AccountDepartedOrganization: detail.serviceEventDetails.accountId must be a string of 12 digits, found the number 676767676767")),
        ["malformed requestParameters.accountId, good responseElements.account.id"] = (MembershipEvent("AccountJoinedOrganization", null, new JsonObject { ["accountId"] = 131313131313L }, new JsonObject { ["account"] = new JsonObject { ["id"] = "141414141414" } }), Expect.Invalid("detail.requestParameters.accountId must be a string of 12 digits, found the number 131313131313")),
        ["malformed responseElements.account.id"] = (MembershipEvent("AccountDepartedOrganization", null, responseElements: new JsonObject { ["account"] = new JsonObject { ["id"] = "1414141414140" } }), Expect.Invalid("detail.responseElements.account.id is not an account id (12 ASCII digits): \"1414141414140\"")),
        ["responseElements.account.id in other digits"] = (MembershipEvent("AccountDepartedOrganization", null, responseElements: new JsonObject { ["account"] = new JsonObject { ["id"] = "١٤١٤١٤١٤١٤١٤" } }), Expect.Invalid("detail.responseElements.account.id is not an account id")),
        ["no id anywhere"] = (MembershipEvent("AccountJoinedOrganization", new JsonObject { ["joinedMethod"] = "CREATED" }), Expect.Invalid(NoAccountId)),
        ["no id anywhere, no serviceEventDetails"] = (MembershipEvent("AccountJoinedOrganization", null), Expect.Invalid(NoAccountId)),
        ["account in responseElements is not an object"] = (MembershipEvent("AccountJoinedOrganization", null, responseElements: new JsonObject { ["account"] = "141414141414" }), Expect.Invalid(NoAccountId)),

        // The rules every organization event follows.
        ["membership event through an API call that failed"] = (Departed("676767676767", "LEFT").With(e => { e["detail-type"] = EventClassifier.ApiCallViaCloudTrail; e["detail"]!["errorCode"] = "AccessDenied"; }), Expect.Ignored("aws.organizations AccountDepartedOrganization: the API call failed")),
        ["membership event from an untrusted account"] = (Joined("454545454545").With(e => e["account"] = "222222222222"), Expect.Invalid("aws.organizations event from account \"222222222222\", not the trusted management account 111111111111: never applied")),
        ["event name in another case"] = (MembershipEvent("accountJoinedOrganization", new JsonObject { ["accountId"] = "454545454545" }), Expect.Ignored("aws.organizations accountJoinedOrganization (detail-type \"AWS Service Event via CloudTrail\") is not an account lifecycle event")),

        // MoveAccount.
        ["MoveAccount"] = (MoveAccount("454545454545"), Expect.Move("454545454545")),
        ["MoveAccount, errorCode null"] = (MoveAccount("454545454545").With(e => e["detail"]!["errorCode"] = null), Expect.Move("454545454545")),
        ["MoveAccount that failed"] = (MoveAccount("454545454545", errorCode: "DuplicateAccountException"), Expect.Ignored("aws.organizations MoveAccount: the API call failed (detail.errorCode the string \"DuplicateAccountException\"), so nothing changed")),
        ["MoveAccount that failed, without an account id"] = (MoveAccount(null, errorCode: "AccessDenied").With(e => e["detail"]!["requestParameters"]!.AsObject().Remove("accountId")), Expect.Ignored("MoveAccount: the API call failed")),
        ["MoveAccount without accountId"] = (MoveAccount(null).With(e => e["detail"]!["requestParameters"]!.AsObject().Remove("accountId")), Expect.Invalid("aws.organizations MoveAccount: detail.requestParameters.accountId is missing")),
        ["MoveAccount without requestParameters"] = (MoveAccount("454545454545").With(e => e["detail"]!["requestParameters"] = null), Expect.Invalid("detail.requestParameters.accountId is missing")),
        ["MoveAccount with a malformed id"] = (MoveAccount("45454545454"), Expect.Invalid("detail.requestParameters.accountId is not an account id (12 ASCII digits): \"45454545454\"")),
        ["MoveAccount from an untrusted account"] = (MoveAccount("454545454545").With(e => e["account"] = "222222222222"), Expect.Invalid("not the trusted management account")),
    };

    public static TheoryData<string> Cases => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Event_means_what_the_table_says(string name)
    {
        var (envelope, expected) = Table[name];
        expected.AssertMatches(ClassifyBothWays(envelope.Text(), Options));
    }

    [Theory]
    [InlineData("AccountJoinedOrganization")]
    [InlineData("AccountDepartedOrganization")]
    [InlineData("MoveAccount")]
    public void Organization_events_carry_no_request_id_or_task_token(string eventName)
    {
        var envelope = MembershipEvent(eventName, new JsonObject { ["accountId"] = "454545454545" }, requestParameters: new JsonObject { ["accountId"] = "454545454545" })
            .With(e =>
            {
                e["detail"]!["requestId"] = "not-a-custom-request";
                e["detail"]!["taskToken"] = "not-a-custom-request";
            });

        var changes = Assert.IsType<Classification.Changes>(EventClassifier.Classify(envelope.Text(), Options));

        Assert.Null(changes.RequestId);
        Assert.Null(changes.TaskToken);
    }
}
