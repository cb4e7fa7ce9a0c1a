using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Pipeline.Units;

/// <summary>
/// The changes one target unit is asked to reflect: per account the newest change (SPEC §1, <see
/// cref="Core.Membership.ChangeOrder"/>), and which inputs carry it — those fail when the unit fails. A change
/// is carried by every input with a change that ranks equal to it: a duplicate delivery of the same event, or a
/// second event saying the same thing at the same time. An input whose change lost to a newer one carries nothing.
/// </summary>
public sealed record ChangeSet(ImmutableArray<AccountChange> Winners, ImmutableDictionary<string, ImmutableArray<int>> Carriers)
{
    public static ChangeSet Empty { get; } = new([], ImmutableDictionary<string, ImmutableArray<int>>.Empty);

    /// <summary>The indexes of the inputs that carry the winning change of <paramref name="accountId"/>.</summary>
    public ImmutableArray<int> CarriersOf(string accountId) => Carriers.GetValueOrDefault(accountId, []);

    /// <summary>Only the winners of these accounts (and their carriers).</summary>
    public ChangeSet For(IEnumerable<string> accountIds)
    {
        var wanted = accountIds.ToHashSet(StringComparer.Ordinal);
        return new ChangeSet(
            [.. Winners.Where(change => wanted.Contains(change.AccountId))],
            Carriers.Where(pair => wanted.Contains(pair.Key)).ToImmutableDictionary(StringComparer.Ordinal));
    }
}
