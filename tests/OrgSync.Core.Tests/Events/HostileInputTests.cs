using System.Text;
using System.Text.Json.Nodes;
using OrgSync.Core.Events;
using static OrgSync.Core.Tests.Events.TestEvents;

namespace OrgSync.Core.Tests.Events;

/// <summary>
/// Bodies an attacker, a buggy producer or a corrupted pipe could send. Each one has a definite
/// outcome with a reason; none throws, none is silently read as something else.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly string Valid = ControlTower("CreateManagedAccount", "SUCCEEDED", "444444444444").Text();

    private static readonly Dictionary<string, (string Body, string Outcome, string Reason)> Corpus = new()
    {
        // Not JSON, or not an object.
        ["empty body"] = ("", "invalid", "not valid JSON"),
        ["whitespace only"] = (" \n\t ", "invalid", "not valid JSON"),
        ["truncated object"] = (Valid[..(Valid.Length / 2)], "invalid", "not valid JSON"),
        ["top-level null"] = ("null", "invalid", "body is a JSON null, not an object"),
        ["top-level array"] = ("[" + Valid + "]", "invalid", "body is a JSON array, not an object"),
        ["top-level string"] = ("\"" + Valid.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"", "invalid", "body is a JSON string, not an object"),
        ["top-level number"] = ("111111111111", "invalid", "body is a JSON number, not an object"),
        ["two concatenated objects"] = (Valid + Valid, "invalid", "not valid JSON"),
        ["trailing comma"] = (Valid[..Valid.LastIndexOf('}')] + ",}", "invalid", "not valid JSON"),
        ["a comment"] = ("/* hi */" + Valid, "invalid", "not valid JSON"),
        ["single quotes"] = (Valid.Replace('"', '\''), "invalid", "not valid JSON"),
        ["a broken literal quoting control characters back"] = ("t\nr\u0001ue", "invalid", "not valid JSON"),
        ["invalid escape"] = (Valid.Replace("payments-prod", "payments\\xprod", StringComparison.Ordinal), "invalid", "not valid JSON"),
        ["byte order mark before the object"] = ("\uFEFF" + Valid, "invalid", "not valid JSON"),
        ["NUL byte inside a string"] = (Valid.Replace("payments-prod", "payments\0prod", StringComparison.Ordinal), "invalid", "not valid JSON"),
        ["NUL byte after the object"] = (Valid + "\0", "invalid", "not valid JSON"),
        ["raw tab inside a string"] = (Valid.Replace("payments-prod", "payments\tprod", StringComparison.Ordinal), "invalid", "not valid JSON"),
        ["lone high surrogate in the text"] = (Valid.Replace("payments-prod", "payments\uD800prod", StringComparison.Ordinal), "invalid", "unpaired surrogate U+D800"),
        ["lone low surrogate in the text"] = (Valid.Replace("payments-prod", "\uDC00", StringComparison.Ordinal), "invalid", "unpaired surrogate U+DC00"),
        ["escaped lone surrogate in a value"] = (Valid.Replace("payments-prod", "\\ud800", StringComparison.Ordinal), "invalid", "string is not valid Unicode"),
        ["escaped surrogates in the wrong order"] = (Valid.Replace("payments-prod", "\\udc00\\ud800", StringComparison.Ordinal), "invalid", "string is not valid Unicode"),
        ["escaped lone surrogate as a member name"] = (Valid.Replace("\"accountName\"", "\"\\ud83d\"", StringComparison.Ordinal), "invalid", "member name is not valid Unicode"),
        ["10,000-deep arrays in detail"] = (Valid.Replace("\"eventCategory\":\"Management\"", "\"deep\":" + new string('[', 10_000) + new string(']', 10_000), StringComparison.Ordinal), "invalid", "maximum configured depth of 64"),
        ["10,000-deep objects"] = (string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000), "invalid", "maximum configured depth of 64"),

        // Repeated member names: a later duplicate must never override an earlier value.
        ["duplicate source"] = (Valid.Replace("\"source\":\"aws.controltower\"", "\"source\":\"aws.controltower\",\"source\":\"acme.vending\"", StringComparison.Ordinal), "invalid", "duplicate member name \"source\""),
        ["duplicate detail"] = (Valid[..Valid.LastIndexOf('}')] + ",\"detail\":{}}", "invalid", "at $.detail (byte"),
        ["duplicate account id at depth"] = (Valid.Replace("\"accountId\":\"444444444444\"", "\"accountId\":\"444444444444\",\"accountId\":\"999999999999\"", StringComparison.Ordinal), "invalid", "at $.detail.serviceEventDetails.createManagedAccountStatus.account.accountId"),
        ["duplicate spelled with an escape"] = (Valid.Replace("\"accountId\":\"444444444444\"", "\"accountId\":\"444444444444\",\"account\\u0049d\":\"999999999999\"", StringComparison.Ordinal), "invalid", "duplicate member name \"accountId\""),
        ["duplicate inside an array element"] = (Custom("join", Ids("888888888888")).Text().Replace("\"requestedBy\"", "\"x\":[{\"k\":1,\"k\":2}],\"requestedBy\"", StringComparison.Ordinal), "invalid", "at $.detail.x[0].k"),

        // Envelope members of the wrong type or shape.
        ["source as a number"] = (Valid.Replace("\"source\":\"aws.controltower\"", "\"source\":42", StringComparison.Ordinal), "invalid", "envelope \"source\" must be a string, found the number 42"),
        ["detail-type null"] = (Valid.Replace("\"detail-type\":\"AWS Service Event via CloudTrail\"", "\"detail-type\":null", StringComparison.Ordinal), "invalid", "envelope \"detail-type\" must be a string, found null"),
        ["detail as a string"] = (Custom("join", Ids("888888888888")).With(e => e["detail"] = "join 888888888888").Text(), "invalid", "envelope \"detail\" must be an object, found the string \"join 888888888888\""),
        ["detail as an array"] = (Custom("join", Ids("888888888888")).With(e => e["detail"] = new JsonArray()).Text(), "invalid", "envelope \"detail\" must be an object, found an array"),
        ["detail null"] = (Custom("join", Ids("888888888888")).With(e => e["detail"] = null).Text(), "invalid", "envelope \"detail\" must be an object, found null"),

        // Times that are not instants.
        ["time without a zone"] = (WithTime("2026-11-01T09:00:00"), "invalid", "no zone"),
        ["time with month 13"] = (WithTime("2026-13-01T09:00:00Z"), "invalid", "month 13 is out of range"),
        ["time date only"] = (WithTime("2026-11-01"), "invalid", "is not an ISO-8601 instant"),
        ["time with offset +25:00"] = (WithTime("2026-11-01T09:00:00+25:00"), "invalid", "offset +25:00 is out of range"),
        ["time with a leap second"] = (WithTime("2016-12-31T23:59:60Z"), "invalid", "leap seconds"),
        ["time as a week date"] = (WithTime("2026-W44-7T09:00:00Z"), "invalid", "is not an ISO-8601 instant"),
        ["time on 29 February of a common year"] = (WithTime("2026-02-29T09:00:00Z"), "invalid", "day 29 is out of range for 2026-02"),
        ["time 24:00"] = (WithTime("2026-11-01T24:00:00Z"), "invalid", "time 24:00 is out of range"),
        ["time with a space for T"] = (WithTime("2026-11-01 09:00:00Z"), "invalid", "is not an ISO-8601 instant"),
        ["time in lowercase"] = (WithTime("2026-11-01t09:00:00z"), "invalid", "is not an ISO-8601 instant"),
        ["time in RFC 1123 form"] = (WithTime("Sun, 01 Nov 2026 09:00:00 GMT"), "invalid", "is not an ISO-8601 instant"),
        ["time with Arabic-Indic digits"] = (WithTime("٢٠٢٦-11-01T09:00:00Z"), "invalid", "is not an ISO-8601 instant"),
        ["time with a trailing newline"] = (WithTime("2026-11-01T09:00:00Z\n"), "invalid", "\"2026-11-01T09:00:00Z\\n\" is not an ISO-8601 instant"),
        ["time before year 1 once offset"] = (WithTime("0001-01-01T00:00:00+01:00"), "invalid", "outside years 0001–9999 UTC"),

        // Account ids that are not 12 ASCII digits.
        ["account id as a number"] = (AccountId(444444444444L), "invalid", "must be a string of 12 digits, found the number 444444444444"),
        ["account id as a huge number"] = (Valid.Replace("\"444444444444\"", "1e999999", StringComparison.Ordinal), "invalid", "found the number 1e999999"),
        ["account id of 11 digits"] = (AccountId("44444444444"), "invalid", "is not an account id (12 ASCII digits)"),
        ["account id of 13 digits"] = (AccountId("4444444444444"), "invalid", "is not an account id"),
        ["account id in Arabic-Indic digits"] = (AccountId("٤٤٤٤٤٤٤٤٤٤٤٤"), "invalid", "is not an account id"),
        ["account id in fullwidth digits"] = (AccountId("４４４４４４４４４４４４"), "invalid", "is not an account id"),
        ["account id with a trailing newline"] = (AccountId("444444444444\n"), "invalid", "\"444444444444\\n\""),
        ["account id with a leading space"] = (AccountId(" 444444444444"), "invalid", "is not an account id"),
        ["account id with an escaped NUL"] = (Valid.Replace("\"444444444444\"", "\"44444444444\\u0000\"", StringComparison.Ordinal), "invalid", "\"44444444444\\u0000\""),
        ["account id as an object"] = (AccountId(new JsonObject { ["id"] = "444444444444" }), "invalid", "found an object"),
        ["accountIds empty"] = (Custom("join", Ids()).Text(), "invalid", "detail.accountIds is empty"),
        ["accountIds not an array"] = (Custom("join", new JsonObject { ["0"] = "888888888888" }).Text(), "invalid", "detail.accountIds must be an array of account ids, found an object"),
        ["accountIds containing null"] = (Custom("join", new JsonArray("888888888888", null)).Text(), "invalid", "detail.accountIds[1] must be a string of 12 digits, found null"),
        ["accountIds containing a nested array"] = (Custom("join", new JsonArray(Ids("888888888888"))).Text(), "invalid", "detail.accountIds[0] must be a string of 12 digits, found an array"),

        // Sources and accounts we must not trust.
        ["custom event from an unlisted source"] = (Custom("join", Ids("888888888888"), source: "evil.vending").Text(), "ignored", "source \"evil.vending\""),
        ["custom source spoofed with a trailing space"] = (Custom("join", Ids("888888888888"), source: "acme.vending ").Text(), "ignored", "source \"acme.vending \""),
        ["aws source in other case"] = (Valid.Replace("\"aws.controltower\"", "\"AWS.ControlTower\"", StringComparison.Ordinal), "ignored", "source \"AWS.ControlTower\""),
        ["untrusted management account"] = (Valid.Replace("\"account\":\"111111111111\"", "\"account\":\"222222222222\"", StringComparison.Ordinal), "invalid", "not the trusted management account 111111111111"),
        ["untrusted account in Arabic-Indic digits"] = (Valid.Replace("\"account\":\"111111111111\"", "\"account\":\"١١١١١١١١١١١١\"", StringComparison.Ordinal), "invalid", "not the trusted management account"),
        ["management account missing"] = (Valid.Replace("\"account\":\"111111111111\",", string.Empty, StringComparison.Ordinal), "invalid", "from no account"),
        ["failed API call with a garbage account id"] = (ApiCall("CloseAccount", AccountIdParameter("'; DROP TABLE accounts; --"), errorCode: "ValidationException").Text(), "ignored", "the API call failed"),
        ["eventName as an object"] = (Valid.Replace("\"eventName\":\"CreateManagedAccount\"", "\"eventName\":{\"name\":\"CreateManagedAccount\"}", StringComparison.Ordinal), "ignored", "event without detail.eventName"),
        ["eventName with a control character"] = (Valid.Replace("\"eventName\":\"CreateManagedAccount\"", "\"eventName\":\"CreateManagedAccount\\n\"", StringComparison.Ordinal), "ignored", "aws.controltower CreateManagedAccount\\n (detail-type"),
        ["state with a different case"] = (Valid.Replace("\"SUCCEEDED\"", "\"succeeded\"", StringComparison.Ordinal), "ignored", "is the string \"succeeded\", not \"SUCCEEDED\""),
        ["state as true"] = (Valid.Replace("\"SUCCEEDED\"", "true", StringComparison.Ordinal), "ignored", "state is true, not \"SUCCEEDED\""),

        // Size: SQS's limit counted in UTF-8 bytes.
        ["256 KiB + 1 byte"] = (Padded(EventClassifier.MaxBodyBytes + 1, 'x'), "invalid", $"body is {EventClassifier.MaxBodyBytes + 1} bytes, more than the {EventClassifier.MaxBodyBytes}-byte maximum"),
        ["fewer characters than the limit, more bytes"] = (Padded(EventClassifier.MaxBodyBytes + 2, 'é'), "invalid", "more than the 262144-byte maximum"),
        ["8 MiB body"] = (Padded(8 * 1024 * 1024, 'x'), "invalid", "more than the 262144-byte maximum"),
    };

    public static TheoryData<string> Cases => new(Corpus.Keys);

    [Fact]
    public void The_corpus_is_large()
    {
        Assert.True(Corpus.Count >= 40, $"{Corpus.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hostile_body_has_a_definite_outcome_with_a_reason(string name)
    {
        var (body, outcome, reason) = Corpus[name];

        var result = EventClassifier.Classify(body, Options);

        switch (outcome)
        {
            case "invalid":
                var invalid = Assert.IsType<Classification.Invalid>(result);
                Assert.Contains(reason, invalid.Reason, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', invalid.Reason);
                Assert.DoesNotContain('\r', invalid.Reason);
                break;
            default:
                var ignored = Assert.IsType<Classification.Ignored>(result);
                Assert.Contains(reason, ignored.Reason, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', ignored.Reason);
                break;
        }
    }

    [Fact]
    public void A_body_of_exactly_256_KiB_parses()
    {
        var body = Padded(EventClassifier.MaxBodyBytes, 'x');
        Assert.Equal(EventClassifier.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));

        Assert.Equal(["888888888888"], AssertChanges(EventClassifier.Classify(body, Options)).Select(c => c.AccountId));
    }

    [Fact]
    public void A_body_of_exactly_256_KiB_in_two_byte_characters_parses()
    {
        var body = Padded(EventClassifier.MaxBodyBytes, 'é');
        Assert.Equal(EventClassifier.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));
        Assert.True(body.Length < EventClassifier.MaxBodyBytes);

        Assert.Single(AssertChanges(EventClassifier.Classify(body, Options)));
    }

    [Fact]
    public void Escaped_account_id_digits_are_valid_once_decoded()
    {
        var body = Valid.Replace("\"444444444444\"", "\"\\u0034\\u0034\\u0034444444444\"", StringComparison.Ordinal);

        Assert.Equal("444444444444", Assert.Single(AssertChanges(EventClassifier.Classify(body, Options))).AccountId);
    }

    [Fact]
    public void A_valid_surrogate_pair_escape_is_fine()
    {
        var body = Valid.Replace("payments-prod", "payments-\\ud83d\\ude80", StringComparison.Ordinal);

        Assert.Single(AssertChanges(EventClassifier.Classify(body, Options)));
    }

    private static string WithTime(string time) =>
        Custom("join", Ids("888888888888")).With(e => e["time"] = time).Text();

    private static string AccountId(JsonNode? accountId) =>
        ControlTower("CreateManagedAccount", "SUCCEEDED", accountId).Text();

    /// <summary>A valid custom join padded with <paramref name="fill"/> to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Padded(int bytes, char fill)
    {
        var template = Custom("join", Ids("888888888888")).Text();
        var marker = "\"requestedBy\"";
        var prefix = "\"padding\":\"";
        var overhead = Encoding.UTF8.GetByteCount(template) + Encoding.UTF8.GetByteCount(prefix) + 2;
        var fillBytes = Encoding.UTF8.GetByteCount(fill.ToString());
        var count = (bytes - overhead) / fillBytes;
        var extra = (bytes - overhead) % fillBytes;
        var padding = new string(fill, count) + new string('x', extra);
        return template.Replace(marker, prefix + padding + "\"," + marker, StringComparison.Ordinal);
    }
}
