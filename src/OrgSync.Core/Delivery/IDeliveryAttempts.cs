namespace OrgSync.Core.Delivery;

/// <summary>
/// Counts the deliveries of one input where no queue counts them: Lambda invokes <c>EventBridgeFunction</c>
/// asynchronously and retries a failed event with the same request id, but tells the function nothing of which
/// attempt this is. Counting attempts per request id gives the function SQS's <c>ApproximateReceiveCount</c>, so
/// that a failure on the last attempt is announced (SPEC §7) before Lambda dead-letters the event.
/// </summary>
public interface IDeliveryAttempts
{
    /// <summary>
    /// Records one more attempt of <paramref name="deliveryId"/> and returns how many were recorded so far, this one
    /// included: 1 on the first. Concurrent calls for the same id are all counted, each returning a different number.
    /// The count is kept at least until <paramref name="keepUntil"/> (each call moves it to the call's
    /// <paramref name="keepUntil"/>); after that the store may forget it, and a later attempt may count from 1 again.
    /// </summary>
    Task<int> RecordAttemptAsync(string deliveryId, DateTimeOffset keepUntil, CancellationToken cancellationToken);
}
