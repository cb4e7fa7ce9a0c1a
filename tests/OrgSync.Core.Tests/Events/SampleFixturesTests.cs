using OrgSync.Core.Events;
using OrgSync.Tests.Shared;

namespace OrgSync.Core.Tests.Events;

/// <summary>
/// Whole sample bodies of the newer inputs (membership events, MoveAccount, reconcile requests, a request
/// with a task token) under <c>tests/OrgSync.Core.Tests/Events/Samples</c>: they mean what their names say.
/// </summary>
public sealed class SampleFixturesTests
{
    public static readonly string Folder = Path.Combine(RepoPaths.Tests, "OrgSync.Core.Tests", "Events", "Samples");

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["account-change-request-with-task-token.json"] = "Join 909090909090 (AllTargets); requestId=vend-2026-11-01-0042 taskToken=103",
        ["account-departed-organization-cleaned.json"] = "Leave 898989898989 (AllTargets); requestId= taskToken=",
        ["account-departed-organization-left.json"] = "Leave 676767676767 (AllTargets); requestId= taskToken=",
        ["account-departed-organization-removed.json"] = "Leave 787878787878 (AllTargets); requestId= taskToken=",
        ["account-joined-organization-created.json"] = "Join 454545454545 (AllTargets); requestId= taskToken=",
        ["account-joined-organization-invited.json"] = "Join 565656565656 (AllTargets); requestId= taskToken=",
        ["move-account.json"] = "Move 454545454545 (AllTargets); requestId= taskToken=",
        ["reconcile-account.json"] = "Join 454545454545 (DeliveryChannels); requestId= taskToken=",
    };

    public static IEnumerable<string> Bodies() =>
        Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText);

    [Fact]
    public void Every_fixture_is_expected_and_every_expected_fixture_exists()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_fixture_classifies_as_named()
    {
        foreach (var file in Directory.GetFiles(Folder, "*.json"))
        {
            var result = TestEvents.ClassifyBothWays(File.ReadAllText(file), TestEvents.Options);
            var actual = result switch
            {
                Classification.Changes c => string.Join(", ", c.Items.Select(i => $"{i.Kind} {i.AccountId} ({i.Reach})"))
                    + $"; requestId={c.RequestId} taskToken={c.TaskToken?.Length}",
                Classification.Ignored ignored => "ignored: " + ignored.Reason,
                Classification.Invalid invalid => "invalid: " + invalid.Reason,
                _ => "?",
            };
            Assert.True(Expected[Path.GetFileName(file)] == actual, $"{Path.GetFileName(file)}: {actual}");
        }
    }
}
