using System.Collections.Immutable;
using OrgSync.Core.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Planning;

public class AccountListMergeTests
{
    [Fact]
    public void Union_with_joins_minus_leaves_deduplicated_and_ordinal_sorted()
    {
        var merge = AccountListMerge.Apply(IdList(3, 1, 3, 2), Delta(joins: [5, 4], leaves: [2]));

        Assert.Equal(Ids(1, 3, 4, 5), merge.Accounts);
        Assert.Equal(Ids(4, 5), merge.Added);
        Assert.Equal(Ids(2), merge.Removed);
        Assert.True(merge.Changed);
    }

    [Fact]
    public void A_set_equal_list_read_unsorted_with_duplicates_is_unchanged()
    {
        // Joining an account already there and removing one that is absent change nothing.
        var merge = AccountListMerge.Apply(IdList(2, 1, 2), Delta(joins: [1], leaves: [9]));

        Assert.False(merge.Changed);
        Assert.Empty(merge.Added);
        Assert.Empty(merge.Removed);
        Assert.Equal(Ids(1, 2), merge.Accounts);
    }

    [Fact]
    public void Absent_and_default_lists_are_empty()
    {
        Assert.Equal(Ids(1), AccountListMerge.Apply(null, Delta(joins: [1])).Accounts);
        Assert.Equal(Ids(1), AccountListMerge.Apply(default(ImmutableArray<string>), Delta(joins: [1])).Accounts);
    }

    [Fact]
    public void Sorting_is_ordinal_not_culture_or_numeric()
    {
        var merge = AccountListMerge.Apply(["900000000000", "100000000000"], Delta(["099999999999"], []));

        Assert.Equal(["099999999999", "100000000000", "900000000000"], merge.Accounts.AsEnumerable());
    }

    [Fact]
    public void An_account_both_joining_and_leaving_ends_removed()
    {
        var absentBefore = AccountListMerge.Apply(IdList(1), Delta(joins: [2], leaves: [2]));
        Assert.Equal(Ids(1), absentBefore.Accounts);
        Assert.False(absentBefore.Changed);

        var presentBefore = AccountListMerge.Apply(IdList(1, 2), Delta(joins: [2], leaves: [2]));
        Assert.Equal(Ids(1), presentBefore.Accounts);
        Assert.Equal(Ids(2), presentBefore.Removed);
        Assert.Empty(presentBefore.Added);
    }
}
