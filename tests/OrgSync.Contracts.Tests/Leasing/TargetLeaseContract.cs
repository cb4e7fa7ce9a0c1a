using OrgSync.Core.Leasing;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Leasing;

/// <summary>
/// What every <see cref="ITargetLease"/> must do, on a clock the test moves. Whole-millisecond
/// times throughout: a store may keep expiry in milliseconds.
/// </summary>
public abstract class TargetLeaseContract
{
    protected static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    private readonly Lazy<ITargetLease> _lease;

    protected TargetLeaseContract() => _lease = new(() => CreateLease(Clock));

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected ITargetLease Lease => _lease.Value;

    protected abstract ITargetLease CreateLease(TimeProvider time);

    protected static string NewKey() => "distribution/eu-west-1/" + Guid.NewGuid().ToString("N");

    private Task<LeaseGrant?> AcquireAsync(string key, string owner, TimeSpan? duration = null) =>
        Lease.TryAcquireAsync(key, owner, duration ?? Duration, CancellationToken.None);

    private Task<bool> IsCurrentAsync(LeaseGrant grant) => Lease.IsCurrentAsync(grant, CancellationToken.None);

    [Fact]
    public async Task A_free_key_is_granted()
    {
        var key = NewKey();

        var grant = await AcquireAsync(key, "consumer-a");

        Assert.NotNull(grant);
        Assert.Equal(key, grant.Key);
        Assert.Equal("consumer-a", grant.Owner);
        Assert.True(grant.FencingToken > 0);
        Assert.Equal(Clock.GetUtcNow() + Duration, grant.ExpiresAt);
        Assert.True(await IsCurrentAsync(grant));
    }

    [Fact]
    public async Task A_held_key_is_denied_to_everyone_else_until_it_expires()
    {
        var key = NewKey();
        var held = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(held);

        Assert.Null(await AcquireAsync(key, "consumer-b"));
        Assert.Null(await AcquireAsync(key, "consumer-a"));
        Clock.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.Null(await AcquireAsync(key, "consumer-b"));
        Assert.True(await IsCurrentAsync(held));
    }

    [Fact]
    public async Task An_expired_lease_is_granted_to_the_next_with_a_higher_token()
    {
        var key = NewKey();
        var first = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(first);

        Clock.Advance(Duration);
        Assert.False(await IsCurrentAsync(first));
        var second = await AcquireAsync(key, "consumer-b");

        Assert.NotNull(second);
        Assert.Equal("consumer-b", second.Owner);
        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public async Task Keys_are_independent()
    {
        var first = await AcquireAsync(NewKey(), "consumer-a");
        var second = await AcquireAsync(NewKey(), "consumer-b");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(await IsCurrentAsync(first));
        Assert.True(await IsCurrentAsync(second));
    }

    [Fact]
    public async Task The_fencing_token_strictly_increases_across_grants()
    {
        var key = NewKey();
        var tokens = new List<long>();

        for (var round = 0; round < 6; round++)
        {
            var grant = await AcquireAsync(key, $"consumer-{round}");
            Assert.NotNull(grant);
            tokens.Add(grant.FencingToken);
            if (round % 2 == 0)
            {
                await Lease.ReleaseAsync(grant, CancellationToken.None);
            }
            else
            {
                Clock.Advance(Duration);
            }
        }

        Assert.Equal(tokens.Order(), tokens);
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact]
    public async Task A_released_key_is_free_at_once_and_the_old_grant_is_no_longer_current()
    {
        var key = NewKey();
        var first = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(first);

        await Lease.ReleaseAsync(first, CancellationToken.None);

        Assert.False(await IsCurrentAsync(first));
        Assert.Null(await Lease.RenewAsync(first, Duration, CancellationToken.None));
        var second = await AcquireAsync(key, "consumer-b");
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first.FencingToken);
    }

    [Fact]
    public async Task Renewing_a_current_grant_extends_it_and_keeps_its_token()
    {
        var key = NewKey();
        var grant = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(grant);

        Clock.Advance(Duration - TimeSpan.FromSeconds(1));
        var renewed = await Lease.RenewAsync(grant, Duration, CancellationToken.None);

        Assert.NotNull(renewed);
        Assert.Equal(grant.FencingToken, renewed.FencingToken);
        Assert.Equal(Clock.GetUtcNow() + Duration, renewed.ExpiresAt);
        Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await IsCurrentAsync(renewed));
        Assert.Null(await AcquireAsync(key, "consumer-b"));
    }

    [Fact]
    public async Task An_expired_grant_cannot_be_renewed()
    {
        var key = NewKey();
        var grant = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(grant);

        Clock.Advance(Duration);

        Assert.Null(await Lease.RenewAsync(grant, Duration, CancellationToken.None));
        Assert.False(await IsCurrentAsync(grant));
    }

    [Fact]
    public async Task After_a_takeover_the_stale_grant_fails_the_fencing_check_and_cannot_renew()
    {
        var key = NewKey();
        var stale = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(stale);
        Clock.Advance(Duration + TimeSpan.FromSeconds(1));
        var current = await AcquireAsync(key, "consumer-b");
        Assert.NotNull(current);

        Assert.False(await IsCurrentAsync(stale));
        Assert.Null(await Lease.RenewAsync(stale, Duration, CancellationToken.None));
        Assert.True(await IsCurrentAsync(current));
    }

    [Fact]
    public async Task A_grant_with_a_forged_owner_or_token_is_not_current()
    {
        var key = NewKey();
        var grant = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(grant);

        Assert.False(await IsCurrentAsync(grant with { Owner = "consumer-b" }));
        Assert.False(await IsCurrentAsync(grant with { FencingToken = grant.FencingToken + 1 }));
        Assert.Null(await Lease.RenewAsync(grant with { Owner = "consumer-b" }, Duration, CancellationToken.None));
        Assert.False(await IsCurrentAsync(new LeaseGrant(NewKey(), "consumer-a", grant.FencingToken, grant.ExpiresAt)));
        Assert.True(await IsCurrentAsync(grant));
    }

    [Fact]
    public async Task Release_by_a_stale_holder_does_not_free_the_new_holders_lease()
    {
        var key = NewKey();
        var stale = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(stale);
        Clock.Advance(Duration);
        var current = await AcquireAsync(key, "consumer-b");
        Assert.NotNull(current);

        await Lease.ReleaseAsync(stale, CancellationToken.None);

        Assert.True(await IsCurrentAsync(current));
        Assert.Null(await AcquireAsync(key, "consumer-c"));
    }

    [Fact]
    public async Task Releasing_twice_is_harmless()
    {
        var key = NewKey();
        var grant = await AcquireAsync(key, "consumer-a");
        Assert.NotNull(grant);

        await Lease.ReleaseAsync(grant, CancellationToken.None);
        var next = await AcquireAsync(key, "consumer-b");
        await Lease.ReleaseAsync(grant, CancellationToken.None);

        Assert.NotNull(next);
        Assert.True(await IsCurrentAsync(next));
    }

    [Fact]
    public async Task Of_many_concurrent_acquirers_exactly_one_wins_each_round()
    {
        var key = NewKey();
        var winners = new List<LeaseGrant>();

        for (var round = 0; round < 4; round++)
        {
            var grants = await Task.WhenAll(Enumerable.Range(0, 16).Select(consumer =>
                Task.Run(() => AcquireAsync(key, $"consumer-{round}-{consumer}"))));

            var winner = Assert.Single(grants, grant => grant is not null);
            Assert.True(await IsCurrentAsync(winner!));
            winners.Add(winner!);
            await Lease.ReleaseAsync(winner!, CancellationToken.None);
        }

        Assert.Equal(winners.Select(grant => grant.FencingToken).Order(), winners.Select(grant => grant.FencingToken));
        Assert.Equal(winners.Count, winners.Select(grant => grant.FencingToken).Distinct().Count());
    }

    [Fact]
    public async Task A_cancelled_acquire_takes_nothing()
    {
        var key = NewKey();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Lease.TryAcquireAsync(key, "consumer-a", Duration, cancelled.Token));

        Assert.NotNull(await AcquireAsync(key, "consumer-b"));
    }
}
