using System.Collections.Immutable;

namespace OrgSync.Core.Reconcile;

/// <summary>How far one target is from the organization (SPEC §6), each list in account order.</summary>
/// <param name="Missing">Desired members one of its lists lacks: to add.</param>
/// <param name="Stale">Present, but listed as not ACTIVE or outside the scope, or no longer listed although the ledger knows them: to remove.</param>
/// <param name="Foreign">Present, known neither to the organization nor to the ledger (a partner added by hand): removed only when pruning.</param>
/// <param name="Deferred">Changes held back by Config's weekly aggregator budget, newest joins first.</param>
/// <param name="Superseded">Changes an event recorded after the listing started made moot: the event wins, nothing is undone.</param>
public sealed record TargetDrift(
    ImmutableArray<string> Missing,
    ImmutableArray<string> Stale,
    ImmutableArray<string> Foreign,
    ImmutableArray<string> Deferred,
    ImmutableArray<string> Superseded)
{
    public static TargetDrift None { get; } = new([], [], [], [], []);

    public bool IsEmpty => Missing.IsEmpty && Stale.IsEmpty && Foreign.IsEmpty;
}
