using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Accounts;
using OrgSync.Core.Events;
using OrgSync.Core.Tests.Json;
using OrgSync.Tests.Shared;

namespace OrgSync.Core.Tests.Events;

/// <summary>
/// The classifier is total: whatever the body, it returns one of the three outcomes, with a one-line
/// reason, and the same one every time. Shrunk counterexamples are printed by FsCheck on failure.
/// </summary>
public sealed class ClassifierPropertyTests
{
    private static readonly ClassifierOptions Options = TestEvents.Options;

    private static readonly string[] Samples =
    [
        .. Directory.GetFiles(Path.Combine(RepoPaths.Root, "events"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText),
        .. SampleFixturesTests.Bodies(),
        TestEvents.Handshake("ACCEPTED", "INVITE", ("ORGANIZATION", "o-a1b2c3d4e5"), ("ACCOUNT", "777777777777")).Text(),
        TestEvents.ApiCall("CloseAccount", TestEvents.AccountIdParameter("232323232323"), errorCode: "AccessDenied").Text(),
    ];

    /// <summary>Fragments that steer random text towards the parser's and the classifier's edges.</summary>
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "\\ud800", "\\udc00", "\\u0000", "\\n", "\0", "\uD800", "\uDC00", "\uFEFF",
        " ", "\n", "null", "true", "false", "0", "-1", "1e999", "111111111111", "٤٤٤", "４", "\"source\"", "\"detail\"",
        "\"detail-type\"", "\"time\"", "\"id\"", "\"account\"", "\"aws.organizations\"", "\"aws.controltower\"", "\"acme.vending\"",
        "\"2026-11-01T09:00:00Z\"", "\"eventName\"", "\"CloseAccount\"", "\"AcceptHandshake\"", "\"accountIds\"", "\"action\"", "\"join\"",
        "\"requestParameters\"", "\"accountId\"", "\"serviceEventDetails\"", "\"state\"", "\"SUCCEEDED\"", "é", "😀",
        "\"AccountJoinedOrganization\"", "\"AccountDepartedOrganization\"", "\"MoveAccount\"", "\"responseElements\"",
        "\"orgsync.reconcile\"", "\"Reconcile Account\"", "\"requestId\"", "\"taskToken\"",
    ];

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(true), JsonValue.Create(0), JsonValue.Create(444444444444L), JsonValue.Create(1.5e300),
        JsonValue.Create(""), JsonValue.Create("444444444444"), JsonValue.Create("4444444444444"), JsonValue.Create("٤٤٤٤٤٤٤٤٤٤٤٤"),
        JsonValue.Create("SUCCEEDED"), JsonValue.Create("FAILED"), JsonValue.Create("ACCOUNT"), JsonValue.Create("join"),
        JsonValue.Create("2026-11-01T09:00:00"), JsonValue.Create("2026-11-01T09:00:00+25:00"), JsonValue.Create("aws.organizations"),
        JsonValue.Create("\uD800"), JsonValue.Create("line\nbreak"),
        JsonValue.Create("AccountDepartedOrganization"), JsonValue.Create("MoveAccount"), JsonValue.Create("orgsync.reconcile"),
        JsonValue.Create("Reconcile Account"), JsonValue.Create(new string('t', 2049)),
    ];

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void Never_throws_on_random_strings()
    {
        var strings = ArbMap.Default.ArbFor<string>();
        Check.One(Quick, Prop.ForAll(strings, IsWellBehaved));
    }

    [Fact]
    public void Never_throws_on_random_json_like_text()
    {
        var text = Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts));
        Check.One(Quick, Prop.ForAll(text.ToArbitrary(), IsWellBehaved));
    }

    [Fact]
    public void Never_throws_on_text_mutations_of_valid_events()
    {
        var mutated =
            from sample in Gen.Elements(Samples)
            from edits in Gen.NonEmptyListOf(TextEdit())
            select edits.Aggregate(sample, (body, edit) => edit(body));
        Check.One(Quick.WithMaxTest(2000), Prop.ForAll(mutated.ToArbitrary(), IsWellBehaved));
    }

    [Fact]
    public void Never_throws_on_structural_mutations_of_valid_events()
    {
        Check.One(Quick.WithMaxTest(2000), Prop.ForAll(StructuralMutations().ToArbitrary(), IsWellBehaved));
    }

    [Fact]
    public void Structural_mutations_reach_every_outcome()
    {
        // Guards the property above against testing only one path (e.g. everything invalid).
        var outcomes = Gen.Sample(StructuralMutations(), numberOfSamples: 400, size: 10)
            .Select(body => EventClassifier.Classify(body, Options).GetType().Name)
            .ToHashSet();

        Assert.Equal(["Changes", "Ignored", "Invalid"], outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Structural_mutations_reach_every_kind_of_change()
    {
        // Guards the properties above against leaving the newer inputs out.
        var kinds = Gen.Sample(StructuralMutations(), numberOfSamples: 600, size: 10)
            .Select(body => EventClassifier.Classify(body, Options))
            .OfType<Classification.Changes>()
            .SelectMany(changes => changes.Items.Select(c => $"{c.Kind} {c.Reach}{(changes.TaskToken is null ? "" : " with a task token")}"))
            .ToHashSet();

        Assert.Superset(
            new HashSet<string> { "Join AllTargets", "Leave AllTargets", "Move AllTargets", "Join DeliveryChannels", "Join AllTargets with a task token" },
            kinds);
    }

    private static Gen<string> StructuralMutations() =>
        from sample in Gen.Elements(Samples)
        from picks in Gen.NonEmptyListOf(Gen.Two(Gen.Choose(0, int.MaxValue))).Resize(4)
        select JsonMutations.Mutate(sample, picks, Replacements, removeOneIn: 7);

    private static bool IsWellBehaved(string? body)
    {
        var first = EventClassifier.Classify(body!, Options);
        var again = EventClassifier.Classify(body!, Options);
        if (TestEvents.Render(first) != TestEvents.Render(again))
        {
            return false;
        }

        return first switch
        {
            Classification.Changes changes =>
                changes.Items.Length > 0
                && changes.Items.All(c => AccountId.IsValid(c.AccountId) && c.EventId == changes.EventId && c.Time == changes.Time && c.Time.Offset == TimeSpan.Zero)
                && changes.Items.Select(c => c.AccountId).Distinct().Count() == changes.Items.Length
                && changes.EventId.Length > 0
                && HasOnlyItsOwnKinds(changes),
            Classification.Ignored ignored => IsOneLine(ignored.Reason) && ignored.EventId.Length > 0,
            Classification.Invalid invalid => IsOneLine(invalid.Reason),
            _ => false,
        };
    }

    /// <summary>
    /// Only OrgSync's reconcile source yields channel-only changes (always joins, of one account); only a
    /// custom request carries a request id or a task token (of 1–2048 characters); moves come from Organizations.
    /// </summary>
    private static bool HasOnlyItsOwnKinds(Classification.Changes changes)
    {
        var reconcile = changes.Source == EventClassifier.ReconcileSource;
        var custom = Options.CustomSources.Contains(changes.Source);
        return changes.Items.All(c => (c.Reach == ChangeReach.DeliveryChannels) == reconcile)
            && (!reconcile || changes.Items is [{ Kind: ChangeKind.Join }])
            && (custom || (changes.RequestId is null && changes.TaskToken is null))
            && changes.TaskToken is null or { Length: >= 1 and <= 2048 }
            && changes.Items.All(c => c.Kind != ChangeKind.Move || changes.Source == "aws.organizations");
    }

    private static bool IsOneLine(string reason) =>
        reason.Length > 0 && !reason.Contains('\n', StringComparison.Ordinal) && !reason.Contains('\r', StringComparison.Ordinal);

    /// <summary>One random edit of a text: delete, insert, replace or duplicate a span.</summary>
    private static Gen<Func<string, string>> TextEdit() =>
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(0, 40)
        from fragment in Gen.Elements(Fragments)
        select (Func<string, string>)(body =>
        {
            var start = body.Length == 0 ? 0 : at % body.Length;
            var count = Math.Min(length, body.Length - start);
            return kind switch
            {
                0 => body.Remove(start, count),
                1 => body.Insert(start, fragment),
                2 => body.Remove(start, count).Insert(start, fragment),
                _ => body.Insert(start, body.Substring(start, count)),
            };
        });
}
