using OrgSync.Core.Events;
using OrgSync.Tests.Shared;

namespace OrgSync.Core.Tests.Events;

/// <summary>The samples under <c>events/</c> (what <c>orgsync local</c> runs by default) mean what their names say.</summary>
public sealed class SampleEventsTests
{
    private static readonly ClassifierOptions SampleOptions = new(["acme.vending"], "111111111111");

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["01-controltower-create-managed-account.json"] = "Join 444444444444",
        ["02-controltower-update-managed-account.json"] = "Join 555555555555",
        ["03-organizations-create-account-result.json"] = "Join 666666666666",
        ["04-organizations-accept-handshake.json"] = "Join 777777777777",
        ["05-custom-account-change-request-join.json"] = "Join 121212121212",
        ["06-organizations-remove-account.json"] = "Leave 333333333333",
        ["07-organizations-close-account.json"] = "Leave 232323232323",
        ["08-organizations-close-account-result.json"] = "Leave 232323232323",
        ["09-custom-account-change-request-leave.json"] = "Leave 343434343434",
        ["10-controltower-create-managed-account-failed.json"] = "ignored: aws.controltower CreateManagedAccount: detail.serviceEventDetails.createManagedAccountStatus.state is the string \"FAILED\", not \"SUCCEEDED\"",
        ["11-organizations-account-joined-organization.json"] = "Join 888888888888",
        ["12-organizations-account-departed-organization.json"] = "Leave 676767676767",
        ["13-organizations-move-account-to-prod.json"] = "Move 898989898989",
        ["14-organizations-move-account-to-dev.json"] = "Move 787878787878",
        ["15-custom-account-change-request-forged-join.json"] = "Join 246824682468",
    };

    private static string[] SampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(RepoPaths.Root, "events"), "*.json").Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_sample_is_expected_and_every_expected_sample_exists()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), SampleFiles().Select(Path.GetFileName));
    }

    [Fact]
    public void Every_sample_classifies_as_named()
    {
        foreach (var file in SampleFiles())
        {
            var result = TestEvents.ClassifyBothWays(File.ReadAllText(file), SampleOptions);
            var actual = result switch
            {
                Classification.Changes changes => string.Join(", ", changes.Items.Select(c => $"{c.Kind} {c.AccountId}")),
                Classification.Ignored ignored => "ignored: " + ignored.Reason,
                Classification.Invalid invalid => "invalid: " + invalid.Reason,
                _ => "?",
            };
            Assert.True(Expected[Path.GetFileName(file)] == actual, $"{Path.GetFileName(file)}: {actual}");
        }
    }

    [Fact]
    public void Samples_are_envelopes_from_the_management_account_in_time_order()
    {
        DateTimeOffset previous = default;
        foreach (var file in SampleFiles())
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            var time = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(time > previous, file);
            Assert.Equal(new DateOnly(2026, 11, 1), DateOnly.FromDateTime(time.UtcDateTime));
            previous = time;
            Assert.Equal("us-east-1", root.GetProperty("region").GetString());
            Assert.Equal("0", root.GetProperty("version").GetString());
            if (root.GetProperty("source").GetString()!.StartsWith("aws.", StringComparison.Ordinal))
            {
                Assert.Equal("111111111111", root.GetProperty("account").GetString());
            }

            var result = EventClassifier.Classify(File.ReadAllText(file), SampleOptions);
            var eventId = result switch
            {
                Classification.Changes c => c.EventId,
                Classification.Ignored i => i.EventId,
                _ => null,
            };
            Assert.Equal(root.GetProperty("id").GetString(), eventId);
        }
    }
}
