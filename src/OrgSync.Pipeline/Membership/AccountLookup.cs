using System.Collections.Immutable;
using OrgSync.Core.Organizations;

namespace OrgSync.Pipeline.Membership;

/// <summary>What Organizations said about one account of a batch that joins (or moves), and what it means.</summary>
/// <param name="Account">The account as described; null when Organizations does not know it or was not asked.</param>
/// <param name="Refusal">SPEC §3.5: not an ACTIVE member — its join is refused for every target, and the inputs carrying it fail.</param>
/// <param name="Retry">Its join cannot be decided now (PENDING_ACTIVATION, Organizations unavailable) — the inputs fail and are retried.</param>
/// <param name="ScopeProblem">Membership was not checked, and where it sits could not be read: scoped targets cannot decide.</param>
public sealed record AccountLookup(OrganizationAccount? Account, string? Refusal = null, string? Retry = null, string? ScopeProblem = null)
{
    /// <summary>Its joins (and moves) reach no target.</summary>
    public bool BlocksJoins => Refusal is not null || Retry is not null;

    /// <summary>Where it sits: root first, then each OU down to its parent; empty when unknown.</summary>
    public ImmutableArray<string> Parents => Account?.Parents ?? [];

    /// <summary>Why the inputs carrying its joins fail, when they do (for a scope problem: only when a scoped target exists).</summary>
    public string? Failure(bool anyScopedTarget) => Refusal ?? Retry ?? (anyScopedTarget ? ScopeProblem : null);
}
