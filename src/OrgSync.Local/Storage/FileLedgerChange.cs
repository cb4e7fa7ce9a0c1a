using System.Globalization;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Local.Storage;

/// <summary>
/// A state change of the file ledger, as written to and read from one log line (<see cref="FileLedgerLine"/>
/// lists the formats). Replaying the changes of a log in order rebuilds the ledger's state.
/// </summary>
internal abstract record FileLedgerChange
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public abstract FileLedgerLine ToLine();

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The change a line states; returns why the line is not one, or null.</summary>
    public static string? Decode(FileLedgerLine line, out FileLedgerChange change)
    {
        change = null!;
        switch (line.Kind)
        {
            case "join" or "leave":
                if (line.Scope is null || string.IsNullOrEmpty(line.Account))
                {
                    return "scope or account missing";
                }

                if (ParseTime(line.Time, "time", out var time) is { } badTime)
                {
                    return badTime;
                }

                var kind = line.Kind == "leave" ? ChangeKind.Leave : ChangeKind.Join;
                change = new MembershipMoved(line.Scope, line.Account, new AppliedChange(kind, time, line.Blocked == true), line.EventId, line.RecordedAt);
                return null;

            case "write":
                if (string.IsNullOrEmpty(line.Scope) || string.IsNullOrEmpty(line.WriteId) || line.AccountsChanged is not >= 0)
                {
                    return "scope, writeId or a non-negative accountsChanged missing";
                }

                if (ParseTime(line.At, "at", out var at) is { } badAt)
                {
                    return badAt;
                }

                change = new WriteRecorded(line.Scope, new WriteJournalEntry(line.WriteId, at, line.AccountsChanged.Value), line.RecordedAt);
                return null;

            case "claim" or "complete" or "release":
                if (string.IsNullOrEmpty(line.Announcement))
                {
                    return "announcement missing";
                }

                if (line.Kind == "release" && line.Payload is null)
                {
                    // Nothing to keep (a claim without a payload, as every claim was before payloads were stored).
                    change = new AnnouncementChanged(line.Announcement, line.Owner, null, line.RecordedAt);
                    return null;
                }

                if (line.Kind != "release" && string.IsNullOrEmpty(line.Owner))
                {
                    return "owner missing";
                }

                if (ParseTime(line.Until, "until", out var until) is { } badUntil)
                {
                    return badUntil;
                }

                var holder = line.Kind == "release" ? null : line.Owner;
                change = new AnnouncementChanged(
                    line.Announcement, line.Owner, new AnnouncementState(holder, until, Completed: line.Kind == "complete", line.Payload), line.RecordedAt);
                return null;

            default:
                return $"kind '{line.Kind}' is none of join, leave, write, claim, complete, release";
        }
    }

    private static string? ParseTime(string? text, string property, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
            ? null
            : $"{property} '{text}' is not {TimeFormat}";
}

/// <summary>A membership entry moved forward (kind <c>join</c> or <c>leave</c>).</summary>
internal sealed record MembershipMoved(string Scope, string Account, AppliedChange Change, string? EventId, string? RecordedAt) : FileLedgerChange
{
    public override FileLedgerLine ToLine() => new()
    {
        Scope = Scope,
        Account = Account,
        Kind = Change.Kind switch
        {
            ChangeKind.Join => "join",
            ChangeKind.Leave => "leave",
            var other => throw new ArgumentOutOfRangeException(nameof(Change), other, "the ledger log has no line kind for this change kind"),
        },
        Time = FormatTime(Change.Time),
        EventId = EventId,
        RecordedAt = RecordedAt,
        Blocked = Change.Blocked ? true : null,
    };
}

/// <summary>A write journal record (kind <c>write</c>).</summary>
internal sealed record WriteRecorded(string Scope, WriteJournalEntry Entry, string? RecordedAt) : FileLedgerChange
{
    public override FileLedgerLine ToLine() => new()
    {
        Scope = Scope,
        Kind = "write",
        RecordedAt = RecordedAt,
        WriteId = Entry.WriteId,
        At = FormatTime(Entry.At),
        AccountsChanged = Entry.AccountsChanged,
    };
}

/// <summary>
/// An announcement claimed, completed (<see cref="State"/> completed) or released (a state without an owner, or no
/// state when nothing is left to keep). The line carries the whole resulting state, so replaying it is setting it.
/// </summary>
/// <param name="Owner">Who made the change; null for a released state written by a compaction.</param>
internal sealed record AnnouncementChanged(string AnnouncementId, string? Owner, AnnouncementState? State, string? RecordedAt) : FileLedgerChange
{
    public override FileLedgerLine ToLine() => new()
    {
        Kind = State switch
        {
            null or { Owner: null } => "release",
            { Completed: true } => "complete",
            _ => "claim",
        },
        RecordedAt = RecordedAt,
        Announcement = AnnouncementId,
        Owner = Owner,
        Until = State is null ? null : FormatTime(State.ClaimedUntil),
        Payload = State?.Payload,
    };
}
