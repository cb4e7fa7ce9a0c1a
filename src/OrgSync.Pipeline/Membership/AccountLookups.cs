using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Organizations;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Pipeline.Membership;

/// <summary>
/// A batch's accounts as Organizations describes them, looked up once each (SPEC §3.5 <i>Membership</i>, §2
/// <c>scope</c>): every account whose newest joining change (a join, or a move a scoped target may turn into one)
/// is not overtaken by a leave — when <c>verifyMembership</c> is on and the account is not an allowed
/// non-member, or when some target has a scope. Leaves need no check: removing access is always safe.
/// </summary>
public sealed class AccountLookups
{
    private const int MaxConcurrentLookups = 8;

    private readonly ImmutableDictionary<string, AccountLookup> _lookups;

    private AccountLookups(ImmutableDictionary<string, AccountLookup> lookups, bool anyScopedTarget)
    {
        _lookups = lookups;
        AnyScopedTarget = anyScopedTarget;
    }

    public static AccountLookups None { get; } = new(ImmutableDictionary<string, AccountLookup>.Empty, anyScopedTarget: false);

    public bool AnyScopedTarget { get; }

    /// <summary>The lookup of <paramref name="accountId"/>, when one was needed.</summary>
    public AccountLookup? Of(string accountId) => _lookups.GetValueOrDefault(accountId);

    /// <summary>Accounts whose joins reach no target, or reach no scoped target, with why.</summary>
    public IEnumerable<(string AccountId, string Reason)> Failures =>
        _lookups.Select(pair => (pair.Key, Reason: pair.Value.Failure(AnyScopedTarget))).Where(pair => pair.Reason is not null)!;

    public static async Task<AccountLookups> ForAsync(
        ClassifiedBatch batch, TargetsFile targets, IOrganizationDirectory directory, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(directory);

        var anyScoped = targets.Aggregators.Any(t => t.OrganizationScope is not null)
            || targets.Distributions.Any(t => t.OrganizationScope is not null)
            || targets.DeliveryChannels.Any(t => t.OrganizationScope is not null);
        var allowed = targets.AllowedNonMembers.ToHashSet(StringComparer.Ordinal);
        var wanted = JoiningAccounts(batch.Changes.Select(c => c.Change))
            .Select(account => (Account: account, Verify: targets.VerifyMembership && !allowed.Contains(account)))
            .Where(account => account.Verify || anyScoped)
            .ToList();
        if (wanted.Count == 0)
        {
            return new AccountLookups(ImmutableDictionary<string, AccountLookup>.Empty, anyScoped);
        }

        var results = new AccountLookup[wanted.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, wanted.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentLookups },
            async (index, _) => results[index] = await LookUpAsync(directory, wanted[index].Account, wanted[index].Verify, deadline, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);
        return new AccountLookups(
            wanted.Select((account, index) => KeyValuePair.Create(account.Account, results[index])).ToImmutableDictionary(StringComparer.Ordinal),
            anyScoped);
    }

    /// <summary>Accounts with a join or a move that no leave of the same account outranks.</summary>
    public static IEnumerable<string> JoiningAccounts(IEnumerable<AccountChange> changes) =>
        changes
            .GroupBy(change => change.AccountId, StringComparer.Ordinal)
            .Where(account =>
            {
                var newestLeave = account.Where(c => c.Kind == ChangeKind.Leave).MaxBy(c => c, Comparer<AccountChange>.Create(ChangeOrder.Compare));
                return account.Any(c => c.Kind != ChangeKind.Leave && (newestLeave is null || ChangeOrder.Compare(c, newestLeave) > 0));
            })
            .Select(account => account.Key)
            .Order(StringComparer.Ordinal);

    private static async Task<AccountLookup> LookUpAsync(
        IOrganizationDirectory directory, string accountId, bool verify, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        AccountLookup Unanswered(string why) => verify
            ? new AccountLookup(null, Retry: $"account {accountId}: its membership could not be verified ({why}); its join waits")
            : new AccountLookup(null, ScopeProblem: $"account {accountId}: where it sits in the organization could not be read ({why}); scoped targets wait");

        OrganizationAccount? account;
        try
        {
            account = await directory.DescribeAccountAsync(accountId, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Unanswered("the invocation is about to time out before Organizations answered");
        }
        catch (OrganizationUnavailableException exception)
        {
            return Unanswered(exception.Message);
        }

        if (!verify)
        {
            return new AccountLookup(account);
        }

        return account switch
        {
            null => new AccountLookup(null, Refusal:
                $"account {accountId} is not a member of the organization (AccountNotFoundException): its join is refused for every target"),
            { IsActive: true } => new AccountLookup(account),
            { State: AccountState.PendingActivation } => new AccountLookup(account, Retry:
                $"account {accountId} is PENDING_ACTIVATION in the organization: its join waits until the account is ACTIVE"),
            _ => new AccountLookup(account, Refusal:
                $"account {accountId} is {account.StateName} in the organization, not ACTIVE: its join is refused for every target"),
        };
    }
}
