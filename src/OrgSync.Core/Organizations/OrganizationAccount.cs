using System.Collections.Immutable;

namespace OrgSync.Core.Organizations;

/// <summary>What Organizations says about one account: its state and where it sits.</summary>
/// <param name="Parents">
/// The ids from the root down to the account's direct parent (<c>r-…</c>, then each <c>ou-…</c>), from
/// <c>Account.Paths</c> or, where an endpoint returns none, from <c>ListParents</c> walked up to the root.
/// </param>
/// <param name="JoinedAt">When it joined, when known (reconcile defers the newest joins first).</param>
public sealed record OrganizationAccount(string Id, AccountState State, ImmutableArray<string> Parents, DateTimeOffset? JoinedAt = null)
{
    /// <summary>A member, as SPEC §3.5 and §6 count them: <c>ACTIVE</c>.</summary>
    public bool IsActive => State == AccountState.Active;

    /// <summary>The state as Organizations spells it (<c>PENDING_CLOSURE</c>), for reasons people read.</summary>
    public string StateName => State switch
    {
        AccountState.Active => "ACTIVE",
        AccountState.PendingActivation => "PENDING_ACTIVATION",
        AccountState.Suspended => "SUSPENDED",
        AccountState.PendingClosure => "PENDING_CLOSURE",
        _ => "CLOSED",
    };

    /// <summary>The state from the wire: <c>State</c>, else the retired <c>Status</c> (only when <c>State</c> is absent); null when neither is known.</summary>
    public static AccountState? ParseState(string? state, string? status) => (state ?? status) switch
    {
        "ACTIVE" => AccountState.Active,
        "PENDING_ACTIVATION" => AccountState.PendingActivation,
        "SUSPENDED" => AccountState.Suspended,
        "PENDING_CLOSURE" => AccountState.PendingClosure,
        "CLOSED" => AccountState.Closed,
        _ => null,
    };
}
