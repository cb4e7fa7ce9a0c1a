using OrgSync.Core.Delivery;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.Delivery;

/// <summary>
/// What every <see cref="IDeliveryAttempts"/> must do, on a clock the test moves, run against each implementation by
/// a subclass that only says how to make one.
/// </summary>
public abstract class DeliveryAttemptsContract
{
    protected static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private readonly Lazy<IDeliveryAttempts> _attempts;

    protected DeliveryAttemptsContract() => _attempts = new(() => CreateAttempts(Clock));

    protected ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected IDeliveryAttempts Attempts => _attempts.Value;

    protected abstract IDeliveryAttempts CreateAttempts(TimeProvider time);

    protected static string NewId() => Guid.NewGuid().ToString();

    private Task<int> RecordAsync(string id) => Attempts.RecordAttemptAsync(id, Clock.GetUtcNow() + Retention, CancellationToken.None);

    [Fact]
    public async Task The_first_attempt_is_1_and_each_further_one_counts_on()
    {
        var id = NewId();

        Assert.Equal(1, await RecordAsync(id));
        Assert.Equal(2, await RecordAsync(id));
        Assert.Equal(3, await RecordAsync(id));
    }

    [Fact]
    public async Task Each_id_counts_on_its_own()
    {
        var first = NewId();
        var second = NewId();

        Assert.Equal(1, await RecordAsync(first));
        Assert.Equal(2, await RecordAsync(first));
        Assert.Equal(1, await RecordAsync(second));
        Assert.Equal(3, await RecordAsync(first));
        Assert.Equal(2, await RecordAsync(second));
    }

    [Fact]
    public async Task Concurrent_attempts_are_all_counted_each_with_its_own_number()
    {
        var id = NewId();

        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => RecordAsync(id))));

        Assert.Equal(Enumerable.Range(1, 20), numbers.Order());
        Assert.Equal(21, await RecordAsync(id));
    }

    [Fact]
    public async Task A_count_is_kept_until_its_keep_until()
    {
        var id = NewId();
        await RecordAsync(id);

        Clock.Advance(Retention - TimeSpan.FromSeconds(1));

        Assert.Equal(2, await RecordAsync(id));
        Clock.Advance(Retention - TimeSpan.FromSeconds(1)); // kept from the second attempt on
        Assert.Equal(3, await RecordAsync(id));
    }

    [Fact]
    public async Task An_empty_id_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Attempts.RecordAttemptAsync(string.Empty, Clock.GetUtcNow() + Retention, CancellationToken.None));
    }
}
