using System.Text;
using System.Text.Json;
using OrgSync.Contracts.Tests.Support;
using OrgSync.Core.Events;
using OrgSync.Local.Storage;

namespace OrgSync.Contracts.Tests.Membership;

/// <summary>The file ledger's durability: reopen, torn writes, corruption, compaction, one owner at a time.</summary>
public sealed class FileMembershipLedgerTests : IDisposable
{
    private const string Scope = "aggregator/us-east-1/org";
    private static readonly DateTimeOffset T0 = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(42);
    private readonly TemporaryFolder _folder = new();

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
    public async Task The_in_memory_ledger_writes_no_file()
    {
        using var ledger = FileMembershipLedger.InMemory();

        await ledger.RecordAsync(Scope, [Change("111111111111", ChangeKind.Join, T0)], default);

        Assert.Null(ledger.LogPath);
        Assert.Single(await ledger.ReadAsync(Scope, ["111111111111"], default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path));
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

    private static AccountChange Change(string account, ChangeKind kind, DateTimeOffset time, string eventId = "event") =>
        new(account, kind, time, eventId);
}
