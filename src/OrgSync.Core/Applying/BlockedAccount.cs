namespace OrgSync.Core.Applying;

/// <summary>
/// An account a prerequisite kept out of one list of a target (SPEC §3.5): the rest of the write went ahead, the
/// inputs that carry the account's change fail, and the ledger records the change one tick before its time and as
/// <see cref="Membership.AppliedChange.Blocked"/>, so a redelivery, an older join of the same account or the next
/// reconcile pass tries again.
/// </summary>
/// <param name="List">The list it was kept out of (e.g. <c>targetAccountIds</c>, <c>AccountIds</c>).</param>
/// <param name="Kind"><see cref="FailureKind.Permanent"/> for a refusal that retrying cannot change (an SCP deny).</param>
public sealed record BlockedAccount(string AccountId, string List, string Reason, FailureKind Kind)
{
    public override string ToString() => $"account {AccountId} blocked from {List}: {Reason}";
}
