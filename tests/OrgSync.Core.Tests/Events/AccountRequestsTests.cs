using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using static OrgSync.Core.Tests.Events.EventClassifierTableTests;
using static OrgSync.Core.Tests.Events.TestEvents;

namespace OrgSync.Core.Tests.Events;

/// <summary>
/// Requests that do not come from AWS: the reconcile pass's <c>Reconcile Account</c> (SPEC §6) and what a
/// custom <c>Account Change Request</c> carries for its completion notification (SPEC §7).
/// </summary>
public sealed class AccountRequestsTests
{
    private static readonly Dictionary<string, (JsonObject Envelope, Expect Expected)> Reconciles = new()
    {
        ["reconcile one account"] = (TestEvents.Reconcile("454545454545"), Expect.ChannelCheck("454545454545")),
        ["reconcile from any envelope account (not a management event)"] = (TestEvents.Reconcile("454545454545").With(e => e.Remove("account")), Expect.ChannelCheck("454545454545")),
        ["reconcile without accountId"] = (TestEvents.Reconcile(null), Expect.Invalid("orgsync.reconcile Reconcile Account: detail.accountId is missing")),
        ["reconcile with 11 digits"] = (TestEvents.Reconcile("45454545454"), Expect.Invalid("orgsync.reconcile Reconcile Account: detail.accountId is not an account id (12 ASCII digits): \"45454545454\"")),
        ["reconcile with a number"] = (TestEvents.Reconcile(454545454545L), Expect.Invalid("detail.accountId must be a string of 12 digits, found the number 454545454545")),
        ["reconcile with a list"] = (TestEvents.Reconcile(Ids("454545454545")), Expect.Invalid("detail.accountId must be a string of 12 digits, found an array")),
        ["reconcile with null"] = (TestEvents.Reconcile(null).With(e => e["detail"]!["accountId"] = null), Expect.Invalid("detail.accountId must be a string of 12 digits, found null")),
        ["another detail-type from the reconcile source"] = (TestEvents.Reconcile("454545454545", detailType: "Reconcile Everything"), Expect.Ignored("orgsync.reconcile: detail-type \"Reconcile Everything\" is not \"Reconcile Account\"")),
        ["an account change request from the reconcile source"] = (Custom("join", Ids("454545454545"), source: EventClassifier.ReconcileSource), Expect.Ignored("orgsync.reconcile: detail-type \"Account Change Request\" is not \"Reconcile Account\"")),
        ["a reconcile request from a custom source"] = (TestEvents.Reconcile("454545454545").With(e => e["source"] = "acme.vending"), Expect.Ignored("acme.vending: detail-type \"Reconcile Account\" is not \"Account Change Request\"")),
        ["source matching is exact (case)"] = (TestEvents.Reconcile("454545454545").With(e => e["source"] = "OrgSync.Reconcile"), Expect.Ignored("source \"OrgSync.Reconcile\"")),
    };

    public static TheoryData<string> ReconcileCases => new(Reconciles.Keys);

    [Theory]
    [MemberData(nameof(ReconcileCases))]
    public void Reconcile_requests_mean_what_the_table_says(string name)
    {
        var (envelope, expected) = Reconciles[name];
        expected.AssertMatches(ClassifyBothWays(envelope.Text(), Options));
    }

    [Fact]
    public void The_reconcile_source_cannot_be_taken_over_by_listing_it_as_a_custom_source()
    {
        var options = new ClassifierOptions([EventClassifier.ReconcileSource], Management);

        Expect.ChannelCheck("454545454545").AssertMatches(EventClassifier.Classify(TestEvents.Reconcile("454545454545").Text(), options));
        Assert.IsType<Classification.Ignored>(EventClassifier.Classify(Custom("join", Ids("454545454545"), source: EventClassifier.ReconcileSource).Text(), options));
    }

    public static TheoryData<string, JsonNode?, string?> RequestIds => new()
    {
        // name, detail.requestId (absent when the name says so), expected RequestId
        { "a string", "vend-2026-11-01-0042", "vend-2026-11-01-0042" },
        { "an empty string, kept as sent", "", "" },
        { "non-ASCII, kept as sent", "demande-é-😀", "demande-é-😀" },
        { "absent", null, null },
        { "null", JsonValue.Create<string>(null), null },
    };

    [Theory]
    [MemberData(nameof(RequestIds))]
    public void The_request_id_is_carried_as_sent(string name, JsonNode? requestId, string? expected)
    {
        var envelope = Custom("join", Ids("888888888888")).With(e =>
        {
            if (name != "absent")
            {
                e["detail"]!["requestId"] = requestId?.DeepClone();
            }
        });

        var changes = Assert.IsType<Classification.Changes>(ClassifyBothWays(envelope.Text(), Options));

        Assert.Equal(expected, changes.RequestId);
        Assert.Null(changes.TaskToken);
    }

    [Theory]
    [InlineData("42", "detail.requestId must be a string, found the number 42")]
    [InlineData("true", "detail.requestId must be a string, found true")]
    [InlineData("{\"id\": \"x\"}", "detail.requestId must be a string, found an object")]
    [InlineData("[\"x\"]", "detail.requestId must be a string, found an array")]
    public void A_request_id_that_is_not_a_string_is_invalid(string requestIdJson, string reason)
    {
        var envelope = Custom("join", Ids("888888888888")).With(e => e["detail"]!["requestId"] = JsonNode.Parse(requestIdJson));

        var invalid = Assert.IsType<Classification.Invalid>(ClassifyBothWays(envelope.Text(), Options));

        Assert.Equal("acme.vending Account Change Request: " + reason, invalid.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    [InlineData(2048)]
    public void A_task_token_of_1_to_2048_characters_is_carried(int length)
    {
        var token = Token(length);
        var envelope = Custom("leave", Ids("343434343434")).With(e => e["detail"]!["taskToken"] = token);

        var changes = Assert.IsType<Classification.Changes>(ClassifyBothWays(envelope.Text(), Options));

        Assert.Equal(token, changes.TaskToken);
        Assert.Null(changes.RequestId);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("null")]
    public void Without_a_task_token_there_is_none(string how)
    {
        var envelope = Custom("join", Ids("888888888888")).With(e =>
        {
            if (how == "null")
            {
                e["detail"]!["taskToken"] = null;
            }
        });

        Assert.Null(Assert.IsType<Classification.Changes>(ClassifyBothWays(envelope.Text(), Options)).TaskToken);
    }

    [Theory]
    [InlineData("empty", "\"\"", "detail.taskToken must be 1–2048 characters (Step Functions TaskToken), found 0")]
    [InlineData("too long", null, "detail.taskToken must be 1–2048 characters (Step Functions TaskToken), found 2049")]
    [InlineData("a number", "7", "detail.taskToken must be a Step Functions task token (a string), found the number 7")]
    [InlineData("an object", "{\"token\": \"AQCE\"}", "detail.taskToken must be a Step Functions task token (a string), found an object")]
    public void A_task_token_that_is_not_1_to_2048_characters_is_invalid(string what, string? tokenJson, string reason)
    {
        var token = tokenJson is null ? JsonValue.Create(Token(2049)) : JsonNode.Parse(tokenJson);
        var envelope = Custom("join", Ids("888888888888")).With(e => e["detail"]!["taskToken"] = token);

        var invalid = Assert.IsType<Classification.Invalid>(ClassifyBothWays(envelope.Text(), Options));

        Assert.True("acme.vending Account Change Request: " + reason == invalid.Reason, $"{what}: {invalid.Reason}");
        Assert.DoesNotContain("AQCE", invalid.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Changes_carry_the_envelope_time_in_utc()
    {
        var envelope = Custom("join", Ids("888888888888")).With(e => e["time"] = "2026-11-01T11:30:15.250+02:00");

        var changes = Assert.IsType<Classification.Changes>(ClassifyBothWays(envelope.Text(), Options));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 9, 30, 15, 250, TimeSpan.Zero), changes.Time);
        Assert.Equal(TimeSpan.Zero, changes.Time.Offset);
        Assert.All(changes.Items, item => Assert.Equal(changes.Time, item.Time));
    }

    /// <summary>A token shaped like Step Functions' (base64-ish), of an exact length.</summary>
    private static string Token(int length) => string.Concat(Enumerable.Repeat("AQCEAAAAKgAAAAMA", (length / 16) + 1))[..length];
}
