using OrgSync.Core.Delivery;

namespace OrgSync.Functions.Storage;

/// <summary>Delivery attempts built on first use (see <see cref="LazyMembershipLedger"/>).</summary>
public sealed class LazyDeliveryAttempts(Func<IDeliveryAttempts> create) : IDeliveryAttempts
{
    private readonly Lazy<IDeliveryAttempts> _attempts = new(create);

    public Task<int> RecordAttemptAsync(string deliveryId, DateTimeOffset keepUntil, CancellationToken cancellationToken) =>
        _attempts.Value.RecordAttemptAsync(deliveryId, keepUntil, cancellationToken);
}
