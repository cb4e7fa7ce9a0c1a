using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Functions.Storage;

/// <summary>
/// A ledger built on first use, so that init does not pay for an AWS client an invocation may never
/// need (an SQS batch of ignored events never reads the ledger).
/// </summary>
public sealed class LazyMembershipLedger(Func<IMembershipLedger> create) : IMembershipLedger
{
    private readonly Lazy<IMembershipLedger> _ledger = new(create);

    public Task<ImmutableDictionary<string, AppliedChange>> ReadAsync(
        string scope, IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
        _ledger.Value.ReadAsync(scope, accountIds, cancellationToken);

    public Task RecordAsync(string scope, IReadOnlyCollection<AccountChange> applied, CancellationToken cancellationToken) =>
        _ledger.Value.RecordAsync(scope, applied, cancellationToken);
}
