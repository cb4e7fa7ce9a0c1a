using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Membership;

/// <summary>The ledger in process memory, thread-safe: for tests, and for a function run without <c>ORGSYNC_TABLE_NAME</c>.</summary>
public sealed class InMemoryMembershipLedger : IMembershipLedger
{
    private readonly ConcurrentDictionary<(string Scope, string Account), AppliedChange> _entries = new();

    public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var builder = ImmutableDictionary.CreateBuilder<string, AppliedChange>(StringComparer.Ordinal);
        foreach (var account in accountIds)
        {
            if (_entries.TryGetValue((scope, account), out var entry))
            {
                builder[account] = entry;
            }
        }

        return Task.FromResult(builder.ToImmutable());
    }

    public Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var change in applied)
        {
            var candidate = new AppliedChange(change.Kind, change.Time, change.Blocked);
            _entries.AddOrUpdate(
                (scope, change.AccountId),
                candidate,
                (_, existing) => ChangeOrder.Supersedes(change, existing) ? candidate : existing);
        }

        return Task.CompletedTask;
    }
}
