using System.Text;
using System.Text.Json;
using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Local.Storage;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

/// <summary>The file ledger's durability and format: reopen, torn writes, corruption, compaction, line kinds, one owner at a time.</summary>
public sealed class FileMembershipLedgerTests : IDisposable
{
    private const string Scope = "aggregator/us-east-1/org";
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(42);
    private readonly TemporaryFolder _folder = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private string LogPath => Path.Combine(_folder.Path, FileMembershipLedger.LogFileName);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Entries_survive_a_reopen()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0), Change("222222222222", ChangeKind.Leave, T0)], default);
            await ledger.RecordAsync("other", [Change("111111111111", ChangeKind.Leave, T0.AddDays(1))], default);
        }

        using var reopened = FileMembershipLedger.Open(_folder.Path);
        var entries = await reopened.ReadAsync(Scope, ["111111111111", "222222222222"], default);
        var other = await reopened.ReadAsync("other", ["111111111111"], default);

        Assert.Equal(new(ChangeKind.Join, T0), entries["111111111111"]);
        Assert.Equal(new(ChangeKind.Leave, T0), entries["222222222222"]);
        Assert.Equal(new(ChangeKind.Leave, T0.AddDays(1)), other["111111111111"]);
    }

    [Fact]
    public async Task Each_recorded_entry_is_one_json_line_with_the_exact_time()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Leave, T0, "event-1")], default);
        }

        var line = Assert.Single(File.ReadAllLines(LogPath));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(Scope, json.RootElement.GetProperty("scope").GetString());
        Assert.Equal("111111111111", json.RootElement.GetProperty("account").GetString());
        Assert.Equal("leave", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("2024-05-01T12:00:00.0000042Z", json.RootElement.GetProperty("time").GetString());
        Assert.Equal("event-1", json.RootElement.GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task Changes_that_do_not_move_an_entry_forward_are_not_written()
    {
        using var ledger = FileMembershipLedger.Open(_folder.Path);
        await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Leave, T0)], default);
        var length = new FileInfo(LogPath).Length;

        await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Leave, T0), Change("111111111111", ChangeKind.Join, T0)], default);
        await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0.AddTicks(-1))], default);

        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    [Theory]
    [InlineData("{\"scope\":\"aggregator/us-east-1/org\",\"acco")]
    [InlineData("{\"scope\":\"aggregator/us-east-1/org\",\"account\":\"333333333333\",\"kind\":\"join\",\"time\":\"2024-05-")]
    [InlineData("\0\0\0\0\0\0\0\0")]
    [InlineData("{\"scope\":\"x\",\"account\":\"333333333333\",\"kind\":\"jo\n")]
    public async Task A_torn_last_line_is_dropped_and_later_appends_are_clean(string tail)
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);
        }

        await File.AppendAllTextAsync(LogPath, tail);

        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            Assert.Single(await ledger.ReadAsync(Scope, ["111111111111", "333333333333"], default));
            await ledger.RecordAsync(Scope, [Change("222222222222", ChangeKind.Leave, T0)], default);
        }

        using var reopened = FileMembershipLedger.Open(_folder.Path);
        var entries = await reopened.ReadAsync(Scope, ["111111111111", "222222222222", "333333333333"], default);
        Assert.Equal(["111111111111", "222222222222"], entries.Keys.Order());
        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
    }

    [Fact]
    public async Task A_complete_last_line_without_its_newline_is_kept()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);
        }

        var text = await File.ReadAllTextAsync(LogPath);
        await File.WriteAllTextAsync(LogPath, text.TrimEnd('\n'));

        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("222222222222", ChangeKind.Join, T0)], default);
        }

        using var reopened = FileMembershipLedger.Open(_folder.Path);
        Assert.Equal(2, (await reopened.ReadAsync(Scope, ["111111111111", "222222222222"], default)).Count);
    }

    [Fact]
    public async Task A_damaged_line_before_the_last_is_an_error_that_names_file_and_line()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);
            await ledger.RecordAsync(Scope, [Change("222222222222", ChangeKind.Join, T0)], default);
        }

        var lines = await File.ReadAllLinesAsync(LogPath);
        lines[0] = lines[0].Replace("\"join\"", "\"jump\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(LogPath, lines);

        var error = Assert.Throws<InvalidDataException>(() => FileMembershipLedger.Open(_folder.Path));
        Assert.Contains(LogPath, error.Message);
        Assert.Contains("line 1", error.Message);

        // The failed open released the folder.
        File.WriteAllText(LogPath, string.Empty);
        FileMembershipLedger.Open(_folder.Path).Dispose();
    }

    [Fact]
    public async Task The_log_is_compacted_once_it_outgrows_the_live_entries_and_keeps_every_entry()
    {
        var options = new FileLedgerOptions(CompactionFactor: 3, CompactionMinimumLines: 10);
        using (var ledger = FileMembershipLedger.Open(_folder.Path, options))
        {
            for (var step = 0; step < 100; step++)
            {
                var kind = step % 2 == 0 ? ChangeKind.Join : ChangeKind.Leave;
                await ledger.RecordAsync(Scope, [Change("111111111111", kind, T0.AddMinutes(step)), Change("222222222222", kind, T0.AddMinutes(step))], default);

                // Never more than the threshold (3 × 2 live entries, at least 10 lines) plus the one write.
                Assert.InRange(File.ReadAllLines(LogPath).Length, 2, 11);
            }
        }

        Assert.False(File.Exists(Path.Combine(_folder.Path, "ledger.jsonl.compacting")));
        using var reopened = FileMembershipLedger.Open(_folder.Path, options);
        var entries = await reopened.ReadAsync(Scope, ["111111111111", "222222222222"], default);
        Assert.Equal(new(ChangeKind.Leave, T0.AddMinutes(99)), entries["111111111111"]);
        Assert.Equal(new(ChangeKind.Leave, T0.AddMinutes(99)), entries["222222222222"]);
    }

    [Fact]
    public async Task A_log_written_before_a_crash_mid_compaction_is_still_the_truth()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);
        }

        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "ledger.jsonl.compacting"), "{\"scope\":\"half");

        using var reopened = FileMembershipLedger.Open(_folder.Path);
        Assert.Single(await reopened.ReadAsync(Scope, ["111111111111"], default));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "ledger.jsonl.compacting")));
    }

    [Fact]
    public void Only_one_ledger_at_a_time_may_own_a_folder()
    {
        using (FileMembershipLedger.Open(_folder.Path))
        {
            var error = Assert.Throws<IOException>(() => FileMembershipLedger.Open(_folder.Path));
            Assert.Contains("in use", error.Message);
        }

        FileMembershipLedger.Open(_folder.Path).Dispose();
    }

    [Fact]
    public async Task A_disposed_ledger_refuses_work()
    {
        var ledger = FileMembershipLedger.Open(_folder.Path);
        ledger.Dispose();
        ledger.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ledger.ReadAsync(Scope, ["111111111111"], default));
    }

    [Fact]
    public async Task Scopes_and_accounts_with_any_characters_round_trip()
    {
        const string scope = "delivery-channel/\"quoted\"/ünïcødé/\n/#";
        using (var ledger = FileMembershipLedger.Open(_folder.Path))
        {
            await ledger.RecordAsync(scope, [Change("111111111111", ChangeKind.Leave, T0)], default);
        }

        using var reopened = FileMembershipLedger.Open(_folder.Path);
        Assert.Single(await reopened.ReadAsync(scope, ["111111111111"], default));
        Assert.Single(File.ReadAllLines(LogPath, Encoding.UTF8));
    }

    [Fact]
    public async Task A_membership_line_is_byte_for_byte_the_first_format()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Leave, T0, "event-1")], default);
        }

        Assert.Equal(
            """{"scope":"aggregator/us-east-1/org","account":"111111111111","kind":"leave","time":"2024-05-01T12:00:00.0000042Z","eventId":"event-1","recordedAt":"2030-01-01T00:00:00.0000000Z"}""",
            Assert.Single(File.ReadAllLines(LogPath)));
    }

    [Fact]
    public async Task A_blocked_entry_is_the_same_line_with_blocked_true_last_and_survives_a_reopen_and_a_compaction()
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0, "event-1") with { Blocked = true }], default);
        }

        Assert.Equal(
            """{"scope":"aggregator/us-east-1/org","account":"111111111111","kind":"join","time":"2024-05-01T12:00:00.0000042Z","eventId":"event-1","recordedAt":"2030-01-01T00:00:00.0000000Z","blocked":true}""",
            Assert.Single(File.ReadAllLines(LogPath)));

        // Enough lines for one live entry to trigger a rewrite from the state in memory.
        using (var ledger = FileMembershipLedger.Open(_folder.Path, new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 2), _clock))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0.AddTicks(1)) with { Blocked = true }], default);
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0.AddTicks(2)) with { Blocked = true }], default);
        }

        Assert.Single(File.ReadAllLines(LogPath));
        using var reopened = FileMembershipLedger.Open(_folder.Path, time: _clock);
        Assert.Equal(new(ChangeKind.Join, T0.AddTicks(2), Blocked: true), (await reopened.ReadAsync(Scope, ["111111111111"], default))["111111111111"]);
    }

    [Fact]
    public async Task A_log_of_the_first_format_still_opens()
    {
        await File.WriteAllTextAsync(LogPath, """
            {"scope":"aggregator/us-east-1/org","account":"111111111111","kind":"join","time":"2024-05-01T12:00:00.0000042Z"}
            {"scope":"aggregator/us-east-1/org","account":"111111111111","kind":"leave","time":"2024-05-02T12:00:00.0000000Z","eventId":"e-2","recordedAt":"2024-05-02T12:00:01.0000000Z"}
            {"scope":"aggregator/us-east-1/org","account":"222222222222","kind":"join","time":"2024-05-01T12:00:00.0000042Z","eventId":"e-3"}

            """);

        using var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock);

        var entries = await ledger.ReadAsync(Scope, ["111111111111", "222222222222"], default);
        Assert.Equal(new(ChangeKind.Leave, new DateTimeOffset(2024, 5, 2, 12, 0, 0, TimeSpan.Zero)), entries["111111111111"]);
        Assert.Equal(new(ChangeKind.Join, T0), entries["222222222222"]);
        Assert.Equal(0, await ledger.CountSinceAsync(Scope, DateTimeOffset.MinValue, default));
    }

    [Fact]
    public async Task Journal_records_and_announcements_are_lines_of_their_own_kinds()
    {
        var until = _clock.GetUtcNow().AddSeconds(30);
        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            await ledger.RecordWriteAsync(Scope, "write-1", T0.AddYears(6).AddMonths(7), 3, default);
            await ledger.ClaimAsync("notification-1", "sender-a", until, """{"n":1}""", default);
            await ledger.CompleteAsync("notification-1", "sender-a", default);
            await ledger.ClaimAsync("notification-2", "sender-b", until, "second", default);
            await ledger.ReleaseAsync("notification-2", "sender-b", default);
        }

        Assert.Equal(
            [
                """{"scope":"aggregator/us-east-1/org","kind":"write","recordedAt":"2030-01-01T00:00:00.0000000Z","writeId":"write-1","at":"2030-12-01T12:00:00.0000042Z","accountsChanged":3}""",
                """{"kind":"claim","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"notification-1","owner":"sender-a","until":"2030-01-01T00:00:30.0000000Z","payload":"{\u0022n\u0022:1}"}""",
                """{"kind":"complete","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"notification-1","owner":"sender-a","until":"2030-01-01T00:00:30.0000000Z","payload":"{\u0022n\u0022:1}"}""",
                """{"kind":"claim","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"notification-2","owner":"sender-b","until":"2030-01-01T00:00:30.0000000Z","payload":"second"}""",
                """{"kind":"release","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"notification-2","owner":"sender-b","until":"2030-01-01T00:00:30.0000000Z","payload":"second"}""",
            ],
            File.ReadAllLines(LogPath));
    }

    [Fact]
    public async Task Calls_that_change_nothing_write_no_line()
    {
        using var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock);
        var until = _clock.GetUtcNow().AddSeconds(30);
        await ledger.RecordWriteAsync(Scope, "write-1", _clock.GetUtcNow(), 3, default);
        await ledger.ClaimAsync("notification-1", "sender-a", until, "payload", default);
        var length = new FileInfo(LogPath).Length;

        await ledger.RecordWriteAsync(Scope, "write-1", _clock.GetUtcNow(), 3, default);
        await ledger.RecordWriteAsync(Scope, "too-old", _clock.GetUtcNow() - TimeSpan.FromDays(9), 3, default);
        Assert.Equal(AnnouncementClaim.HeldByAnother, (await ledger.ClaimAsync("notification-1", "sender-b", until, "payload", default)).Outcome);
        Assert.False(await ledger.CompleteAsync("notification-1", "sender-b", default));
        Assert.False(await ledger.CompleteAsync("notification-2", "sender-b", default));
        await ledger.ReleaseAsync("notification-1", "sender-b", default);
        await ledger.ReleaseAsync("notification-2", "sender-b", default);

        Assert.Equal(length, new FileInfo(LogPath).Length);
    }

    [Theory]
    [InlineData("{\"kind\":\"claim\",\"announcement\":\"notification-9\",\"own")]
    [InlineData("{\"kind\":\"claim\",\"announcement\":\"notification-9\",\"owner\":\"sender-z\"}")]
    [InlineData("{\"scope\":\"aggregator/us-east-1/org\",\"kind\":\"write\",\"writeId\":\"write-9\",\"at\":\"2030-01-01T00:00:00.0000000Z\"}\n")]
    public async Task A_torn_last_line_of_a_new_kind_is_dropped(string tail)
    {
        var until = _clock.GetUtcNow().AddSeconds(30);
        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            await ledger.RecordWriteAsync(Scope, "write-1", _clock.GetUtcNow(), 3, default);
        }

        await File.AppendAllTextAsync(LogPath, tail);

        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            Assert.Equal(3, await ledger.CountSinceAsync(Scope, DateTimeOffset.MinValue, default));
            Assert.Equal(AnnouncementClaim.Claimed, (await ledger.ClaimAsync("notification-9", "sender-a", until, "payload", default)).Outcome);
        }

        Assert.Equal(2, File.ReadAllLines(LogPath).Length);
    }

    [Theory]
    [InlineData("\"accountsChanged\":3", "\"accountsChanged\":-3")]
    [InlineData("\"kind\":\"write\"", "\"kind\":\"wrote\"")]
    [InlineData("\"owner\":\"sender-a\"", "\"owner\":\"\"")]
    [InlineData("\"until\":\"2030-01-01T00:00:30.0000000Z\"", "\"until\":\"soon\"")]
    public async Task A_damaged_journal_or_announcement_line_before_the_last_is_an_error_that_names_file_and_line(string good, string bad)
    {
        using (var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock))
        {
            await ledger.RecordWriteAsync(Scope, "write-1", _clock.GetUtcNow(), 3, default);
            await ledger.ClaimAsync("notification-1", "sender-a", _clock.GetUtcNow().AddSeconds(30), "payload", default);
            await ledger.RecordWriteAsync(Scope, "write-2", _clock.GetUtcNow(), 1, default);
        }

        var lines = await File.ReadAllLinesAsync(LogPath);
        var damaged = Array.FindIndex(lines, line => line.Contains(good, StringComparison.Ordinal));
        lines[damaged] = lines[damaged].Replace(good, bad, StringComparison.Ordinal);
        await File.WriteAllLinesAsync(LogPath, lines);

        var error = Assert.Throws<InvalidDataException>(() => FileMembershipLedger.Open(_folder.Path, time: _clock));
        Assert.Contains(LogPath, error.Message);
        Assert.Contains($"line {damaged + 1}", error.Message);
    }

    [Fact]
    public async Task Compaction_leaves_out_journal_records_past_the_retention_and_abandoned_claims_and_keeps_the_rest()
    {
        var options = new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 4);
        using (var ledger = FileMembershipLedger.Open(_folder.Path, options, _clock))
        {
            await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);
            await ledger.RecordWriteAsync(Scope, "old-write", _clock.GetUtcNow(), 100, default);
            await ledger.ClaimAsync("abandoned", "sender-a", _clock.GetUtcNow().AddSeconds(30), "payload", default);
            await ledger.ClaimAsync("announced", "sender-a", _clock.GetUtcNow().AddSeconds(30), "payload", default);
            await ledger.CompleteAsync("announced", "sender-a", default);

            _clock.Advance(TimeSpan.FromDays(9));
            await ledger.RecordWriteAsync(Scope, "new-write", _clock.GetUtcNow(), 2, default);
            await ledger.ClaimAsync("held", "sender-b", _clock.GetUtcNow().AddSeconds(30), "payload", default);

            // Membership lines that replace each other, until the log holds more than twice the live entries and is rewritten.
            for (var step = 1; step <= 20; step++)
            {
                var before = File.ReadAllLines(LogPath).Length;
                await ledger.RecordAsync(Scope, [Change("111111111111", step % 2 == 0 ? ChangeKind.Join : ChangeKind.Leave, T0.AddMinutes(step))], default);
                if (File.ReadAllLines(LogPath).Length < before)
                {
                    break;
                }
            }
        }

        var kinds = File.ReadAllLines(LogPath).Select(Kind).ToList();
        Assert.Equal(4, kinds.Count);
        Assert.Equal(["write", "complete", "claim"], kinds.Skip(1));

        using var reopened = FileMembershipLedger.Open(_folder.Path, options, _clock);
        var until = _clock.GetUtcNow().AddSeconds(30);
        Assert.Equal(2, await reopened.CountSinceAsync(Scope, DateTimeOffset.MinValue, default));
        Assert.Equal(AnnouncementClaim.Claimed, (await reopened.ClaimAsync("abandoned", "sender-c", until, "payload", default)).Outcome);
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, (await reopened.ClaimAsync("announced", "sender-c", until, "payload", default)).Outcome);
        Assert.Equal(AnnouncementClaim.HeldByAnother, (await reopened.ClaimAsync("held", "sender-c", until, "payload", default)).Outcome);
        Assert.Single(await reopened.ReadAsync(Scope, ["111111111111"], default));
    }

    [Fact]
    public async Task Announcement_lines_written_before_payloads_were_kept_still_load()
    {
        await File.WriteAllLinesAsync(
            LogPath,
            [
                """{"kind":"claim","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"announced","owner":"sender-a","until":"2030-01-01T00:00:30.0000000Z"}""",
                """{"kind":"complete","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"announced","owner":"sender-a","until":"2030-01-01T00:00:30.0000000Z"}""",
                """{"kind":"claim","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"released","owner":"sender-b","until":"2030-01-01T00:00:30.0000000Z"}""",
                """{"kind":"release","recordedAt":"2030-01-01T00:00:00.0000000Z","announcement":"released","owner":"sender-b"}""",
            ]);

        using var ledger = FileMembershipLedger.Open(_folder.Path, time: _clock);
        var until = _clock.GetUtcNow().AddSeconds(30);

        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.AlreadyAnnounced, "mine", IsRetry: false), await ledger.ClaimAsync("announced", "sender-c", until, "mine", default));
        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, "mine", IsRetry: false), await ledger.ClaimAsync("released", "sender-c", until, "mine", default));
    }

    [Fact]
    public async Task A_released_payload_survives_compaction_and_reopening()
    {
        var options = new FileLedgerOptions(CompactionFactor: 2, CompactionMinimumLines: 4);
        using (var ledger = FileMembershipLedger.Open(_folder.Path, options, _clock))
        {
            await ledger.ClaimAsync("released", "sender-a", _clock.GetUtcNow().AddSeconds(30), "first", default);
            await ledger.ReleaseAsync("released", "sender-a", default);
            for (var step = 1; step <= 20; step++)
            {
                var before = File.ReadAllLines(LogPath).Length;
                await ledger.RecordAsync(Scope, [Change("111111111111", step % 2 == 0 ? ChangeKind.Join : ChangeKind.Leave, T0.AddMinutes(step))], default);
                if (File.ReadAllLines(LogPath).Length < before)
                {
                    break;
                }
            }
        }

        var release = Assert.Single(File.ReadAllLines(LogPath), line => Kind(line) == "release");
        Assert.DoesNotContain("\"owner\"", release, StringComparison.Ordinal);

        using var reopened = FileMembershipLedger.Open(_folder.Path, options, _clock);
        Assert.Equal(
            new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true),
            await reopened.ClaimAsync("released", "sender-b", _clock.GetUtcNow().AddSeconds(30), "second", default));
    }

    private static string? Kind(string line)
    {
        using var json = JsonDocument.Parse(line);
        return json.RootElement.GetProperty("kind").GetString();
    }

    private static AccountChange Change(string account, ChangeKind kind, DateTimeOffset time, string eventId = "event") =>
        new(account, kind, time, eventId);
}
