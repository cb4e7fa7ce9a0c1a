using OrgSync.Core.Membership;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Membership;

/// <summary>
/// What every <see cref="IAnnouncementLedger"/> must do, on a clock the test moves, run against each
/// implementation by a subclass that only says how to make one.
/// </summary>
public abstract class AnnouncementLedgerContract
{
    protected static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly Lazy<IAnnouncementLedger> _ledger;

    protected AnnouncementLedgerContract() => _ledger = new(() => CreateLedger(Clock));

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected IAnnouncementLedger Ledger => _ledger.Value;

    protected abstract IAnnouncementLedger CreateLedger(TimeProvider time);

    protected static string NewId() => "notification/" + Guid.NewGuid().ToString("N");

    private async Task<AnnouncementClaim> ClaimAsync(string id, string owner, TimeSpan? duration = null) =>
        (await TicketAsync(id, owner, "payload of " + owner, duration)).Outcome;

    private Task<AnnouncementTicket> TicketAsync(string id, string owner, string payload, TimeSpan? duration = null) =>
        Ledger.ClaimAsync(id, owner, Clock.GetUtcNow() + (duration ?? Duration), payload, CancellationToken.None);

    private Task<bool> CompleteAsync(string id, string owner) => Ledger.CompleteAsync(id, owner, CancellationToken.None);

    private Task ReleaseAsync(string id, string owner) => Ledger.ReleaseAsync(id, owner, CancellationToken.None);

    [Fact]
    public async Task A_new_announcement_is_claimed()
    {
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(NewId(), "sender-a"));
    }

    [Fact]
    public async Task A_held_claim_is_denied_to_everyone_else_until_it_runs_out()
    {
        var id = NewId();
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-a"));

        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-b"));
        Clock.Advance(Duration - TimeSpan.FromTicks(1));
        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-b"));
        Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-b"));
        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-a"));
    }

    [Fact]
    public async Task The_holder_claiming_again_keeps_the_claim_until_the_new_end()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");
        Clock.Advance(Duration - TimeSpan.FromSeconds(1));

        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-a"));
        Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-b"));
    }

    [Fact]
    public async Task A_completed_announcement_is_never_claimed_again()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");

        Assert.True(await CompleteAsync(id, "sender-a"));

        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(id, "sender-b"));
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(id, "sender-a"));
        Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(id, "sender-b"));
    }

    [Fact]
    public async Task Completing_again_is_idempotent()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");

        Assert.True(await CompleteAsync(id, "sender-a"));
        Assert.True(await CompleteAsync(id, "sender-a"));
        Clock.Advance(Duration * 2);
        Assert.True(await CompleteAsync(id, "sender-a"));
    }

    [Fact]
    public async Task Only_the_claimant_completes_and_anyone_else_records_nothing()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");

        Assert.False(await CompleteAsync(id, "sender-b"));

        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-b"));
        Assert.True(await CompleteAsync(id, "sender-a"));
        Assert.False(await CompleteAsync(id, "sender-b"));
    }

    [Fact]
    public async Task An_announcement_never_claimed_cannot_be_completed()
    {
        var id = NewId();

        Assert.False(await CompleteAsync(id, "sender-a"));

        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-b"));
    }

    [Fact]
    public async Task A_claimant_whose_claim_ran_out_still_completes_while_nobody_took_it_over()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");
        Clock.Advance(Duration + TimeSpan.FromMinutes(5));

        Assert.True(await CompleteAsync(id, "sender-a"));

        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(id, "sender-b"));
    }

    [Fact]
    public async Task After_a_takeover_only_the_new_claimant_completes()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");
        Clock.Advance(Duration);
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-b"));

        Assert.False(await CompleteAsync(id, "sender-a"));
        Assert.True(await CompleteAsync(id, "sender-b"));
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(id, "sender-a"));
    }

    [Fact]
    public async Task A_released_claim_is_free_at_once_and_its_owner_can_no_longer_complete()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");

        await ReleaseAsync(id, "sender-a");

        Assert.False(await CompleteAsync(id, "sender-a"));
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-b"));
    }

    [Fact]
    public async Task A_release_by_anyone_but_the_holder_changes_nothing()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");

        await ReleaseAsync(id, "sender-b");
        await ReleaseAsync(NewId(), "sender-a");

        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-b"));
        Assert.True(await CompleteAsync(id, "sender-a"));
    }

    [Fact]
    public async Task A_stale_claimants_release_does_not_free_the_new_claim()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");
        Clock.Advance(Duration);
        await ClaimAsync(id, "sender-b");

        await ReleaseAsync(id, "sender-a");

        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-c"));
    }

    [Fact]
    public async Task Releasing_twice_or_after_completion_is_harmless()
    {
        var released = NewId();
        await ClaimAsync(released, "sender-a");
        await ReleaseAsync(released, "sender-a");
        await ClaimAsync(released, "sender-b");
        await ReleaseAsync(released, "sender-a");
        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(released, "sender-c"));

        var completed = NewId();
        await ClaimAsync(completed, "sender-a");
        await CompleteAsync(completed, "sender-a");
        await ReleaseAsync(completed, "sender-a");
        Assert.Equal(AnnouncementClaim.AlreadyAnnounced, await ClaimAsync(completed, "sender-b"));
        Assert.True(await CompleteAsync(completed, "sender-a"));
    }

    [Fact]
    public async Task Announcements_are_independent_even_when_one_id_extends_another()
    {
        var id = NewId();
        await ClaimAsync(id, "sender-a");
        await CompleteAsync(id, "sender-a");

        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id + "#announcement", "sender-b"));
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id[..^1], "sender-b"));
        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(NewId(), "sender-b"));
    }

    [Fact]
    public async Task Of_many_concurrent_claimants_exactly_one_wins_each_round_and_none_after_completion()
    {
        var id = NewId();

        for (var round = 0; round < 3; round++)
        {
            var claims = await ClaimConcurrentlyAsync(id, round);
            var winner = Assert.Single(Enumerable.Range(0, claims.Length), sender => claims[sender] == AnnouncementClaim.Claimed);
            Assert.All(claims.Where((_, sender) => sender != winner), claim => Assert.Equal(AnnouncementClaim.HeldByAnother, claim));
            await ReleaseAsync(id, $"sender-{round}-{winner}");
        }

        var last = await ClaimConcurrentlyAsync(id, 3);
        var finisher = Array.IndexOf(last, AnnouncementClaim.Claimed);
        Assert.True(await CompleteAsync(id, $"sender-3-{finisher}"));

        Assert.All(await ClaimConcurrentlyAsync(id, 4), claim => Assert.Equal(AnnouncementClaim.AlreadyAnnounced, claim));
    }

    [Fact]
    public async Task The_first_claim_stores_its_payload_and_is_no_retry()
    {
        var ticket = await TicketAsync(NewId(), "sender-a", """{"detail":"first"}""");

        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, """{"detail":"first"}""", IsRetry: false), ticket);
    }

    [Fact]
    public async Task Every_later_claimant_is_handed_the_first_payload_not_its_own()
    {
        var id = NewId();
        await TicketAsync(id, "sender-a", "first");

        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.HeldByAnother, "first", IsRetry: true), await TicketAsync(id, "sender-b", "second"));
        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true), await TicketAsync(id, "sender-a", "again"));

        Clock.Advance(Duration * 2);
        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true), await TicketAsync(id, "sender-c", "third"));

        await ReleaseAsync(id, "sender-c");
        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true), await TicketAsync(id, "sender-d", "fourth"));

        Assert.True(await CompleteAsync(id, "sender-d"));
        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.AlreadyAnnounced, "first", IsRetry: true), await TicketAsync(id, "sender-e", "fifth"));
    }

    [Fact]
    public async Task A_release_keeps_the_payload_but_frees_the_claim()
    {
        var id = NewId();
        await TicketAsync(id, "sender-a", "first");
        await ReleaseAsync(id, "sender-a");

        Assert.False(await CompleteAsync(id, "sender-a"));
        var ticket = await TicketAsync(id, "sender-b", "second");

        Assert.Equal(new AnnouncementTicket(AnnouncementClaim.Claimed, "first", IsRetry: true), ticket);
        Assert.Equal(AnnouncementClaim.HeldByAnother, await ClaimAsync(id, "sender-a"));
        Assert.True(await CompleteAsync(id, "sender-b"));
    }

    [Fact]
    public async Task Payloads_are_kept_exactly_and_per_announcement()
    {
        const string Detail = """{"notificationId":"n-1","reason":"caf\u00e9 «quoted» \"x\"\n","targets":[]}""";
        var first = NewId();
        var second = NewId();
        await TicketAsync(first, "sender-a", Detail);
        await TicketAsync(second, "sender-a", "other");
        await ReleaseAsync(first, "sender-a");

        Assert.Equal(Detail, (await TicketAsync(first, "sender-b", "x")).Payload);
        Assert.Equal("other", (await TicketAsync(second, "sender-a", "y")).Payload);
    }

    [Fact]
    public async Task Concurrent_claimants_are_all_handed_one_payload()
    {
        var id = NewId();

        var tickets = await Task.WhenAll(Enumerable.Range(0, 16).Select(sender => Task.Run(() => TicketAsync(id, $"sender-{sender}", $"payload-{sender}"))));

        var winner = Assert.Single(tickets, ticket => ticket.Outcome == AnnouncementClaim.Claimed);
        Assert.All(tickets, ticket => Assert.Equal(winner.Payload, ticket.Payload));
    }

    [Fact]
    public async Task Bad_arguments_are_rejected()
    {
        var id = NewId();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ClaimAsync("", "sender-a"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ClaimAsync(id, ""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => CompleteAsync(id, ""));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => ReleaseAsync("", "sender-a"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TicketAsync(id, "sender-a", ""));

        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-a"));
    }

    [Fact]
    public async Task A_cancelled_claim_takes_nothing()
    {
        var id = NewId();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger.ClaimAsync(id, "sender-a", Clock.GetUtcNow() + Duration, "payload", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger.CompleteAsync(id, "sender-a", cancelled.Token));

        Assert.Equal(AnnouncementClaim.Claimed, await ClaimAsync(id, "sender-b"));
    }

    private Task<AnnouncementClaim[]> ClaimConcurrentlyAsync(string id, int round) =>
        Task.WhenAll(Enumerable.Range(0, 16).Select(sender => Task.Run(() => ClaimAsync(id, $"sender-{round}-{sender}"))));
}
