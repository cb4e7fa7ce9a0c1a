using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Core.Membership;

namespace OrgSync.Pipeline.Notifications;

/// <summary>
/// The announcement-ledger side of one completion step: one claim owner and claim end for the batch, claims made
/// concurrently (bounded), completions and releases that do not depend on the invocation's cancellation, and the
/// failures the step adds to messages.
/// </summary>
internal sealed partial class AnnouncementRun(
    IAnnouncementLedger announcements, TimeProvider time, ILogger logger, string owner, DateTimeOffset until, DateTimeOffset deadline)
{
    private const int MaxConcurrentCalls = 8;

    /// <summary>How long completing or releasing a claim may take once the sends are done, whatever the invocation's cancellation.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<string>> _failures = new(StringComparer.Ordinal);

    /// <summary>What to claim, with its payload, and whose message fails (saying what) when the ledger cannot be asked.</summary>
    public sealed record Claim(string AnnouncementId, string Payload, string MessageId, string Subject);

    /// <summary>No send starts a retry after this instant.</summary>
    public DateTimeOffset Deadline => deadline;

    public void Fail(string messageId, string reason)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(messageId, out var reasons))
            {
                _failures[messageId] = reasons = [];
            }

            reasons.Add(reason);
        }
    }

    public ImmutableDictionary<string, ImmutableArray<string>> Failures()
    {
        lock (_gate)
        {
            return _failures.ToImmutableDictionary(pair => pair.Key, pair => pair.Value.ToImmutableArray(), StringComparer.Ordinal);
        }
    }

    /// <summary>Claims each item's announcement with its payload; null where the ledger could not be asked (the item's message fails).</summary>
    public async Task<ImmutableArray<AnnouncementTicket?>> ClaimAsync<T>(ImmutableArray<T> items, Func<T, Claim> claimOf, CancellationToken cancellationToken)
    {
        var tickets = new AnnouncementTicket?[items.Length];
        await ForEachAsync(items.Length, async i =>
        {
            var claim = claimOf(items[i]);
            try
            {
                tickets[i] = await announcements.ClaimAsync(claim.AnnouncementId, owner, until, claim.Payload, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                Fail(claim.MessageId, $"{claim.Subject} could not be claimed in the announcement ledger ({exception.GetType().Name}: {exception.Message}); it is announced when the message is redelivered");
                LogClaimFailed(logger, exception, claim.AnnouncementId);
            }
        }).ConfigureAwait(false);
        return [.. tickets];
    }

    /// <summary>Completes the sent announcements and releases the others (failing their messages), whatever the invocation's cancellation.</summary>
    public Task SettleAsync(int count, Func<int, (string Id, bool Sent)> outcomeOf, Action<int> failed) =>
        ForEachAsync(count, async k =>
        {
            var (id, sent) = outcomeOf(k);
            if (!sent)
            {
                failed(k);
            }

            try
            {
                using var timeout = new CancellationTokenSource(SettleTimeout, time);
                if (!sent)
                {
                    await announcements.ReleaseAsync(id, owner, timeout.Token).ConfigureAwait(false);
                }
                else if (!await announcements.CompleteAsync(id, owner, timeout.Token).ConfigureAwait(false))
                {
                    LogCompletionTakenOver(logger, id);
                }
            }
            catch (Exception exception)
            {
                // A completion not recorded lets a redelivery of the same input send the announcement again (same id,
                // same payload); a release not recorded delays the retry until the claim runs out.
                LogSettleFailed(logger, exception, id, sent ? "completed" : "released");
            }
        });

    public static Task ForEachAsync(int count, Func<int, Task> body) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentCalls },
            async (index, _) => await body(index).ConfigureAwait(false));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Announcement} could not be claimed in the announcement ledger; its message is retried")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string announcement);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Announcement} was sent, but its claim had run out and another invocation took it over; it may send it again (same id and payload)")]
    private static partial void LogCompletionTakenOver(ILogger logger, string announcement);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Announcement} could not be {Action} in the announcement ledger")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, string announcement, string action);
}
