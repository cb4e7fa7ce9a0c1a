using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Core.Tests.Membership;

public class BatchChangesPropertyTests
{
    [Fact]
    public void Collapse_does_not_depend_on_the_order_of_the_batch()
    {
        var cases =
            from changes in Generators.Changes
            from shuffled in Gen.Shuffle(changes)
            select (changes, shuffled);

        Properties.Check(cases, c =>
        {
            var collapsed = BatchChanges.Collapse(c.changes);
            var fromShuffled = BatchChanges.Collapse(c.shuffled);

            Assert.Equal(collapsed.OrderBy(p => p.Key, StringComparer.Ordinal), fromShuffled.OrderBy(p => p.Key, StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Collapse_keeps_for_each_account_a_change_no_other_change_of_that_account_supersedes()
    {
        Properties.Check(Generators.Changes, changes =>
        {
            var collapsed = BatchChanges.Collapse(changes);

            Assert.Equal(changes.Select(c => c.AccountId).Distinct().Count(), collapsed.Count);
            foreach (var change in changes)
            {
                var kept = collapsed[change.AccountId];
                Assert.Contains(kept, changes);
                Assert.True(ChangeOrder.Compare(kept, change) >= 0);
            }
        });
    }

    [Fact]
    public void A_delta_never_holds_an_excluded_account_and_never_a_leave_without_remove_on_leave()
    {
        var cases =
            from changes in Generators.Changes
            from excluded in Generators.Exclusions
            from removeOnLeave in Gen.Elements(true, false)
            select (changes, excluded, removeOnLeave);

        Properties.Check(cases, c =>
        {
            var delta = BatchChanges.ToDelta(BatchChanges.Collapse(c.changes).Values, c.excluded, c.removeOnLeave);

            Assert.DoesNotContain(delta.Joins.Concat(delta.Leaves), c.excluded.Contains);
            Assert.Empty(delta.Joins.Intersect(delta.Leaves));
            if (!c.removeOnLeave)
            {
                Assert.Empty(delta.Leaves);
            }
        });
    }

    [Fact]
    public void A_delta_is_the_delta_of_the_same_changes_without_their_moves()
    {
        var cases =
            from changes in Generators.Changes
            from removeOnLeave in Gen.Elements(true, false)
            select (changes, removeOnLeave);
        var none = new HashSet<string>(StringComparer.Ordinal);

        Properties.Check(cases, c =>
        {
            var withMoves = BatchChanges.ToDelta(c.changes, none, c.removeOnLeave);
            var withoutMoves = BatchChanges.ToDelta(c.changes.Where(change => change.Kind != ChangeKind.Move), none, c.removeOnLeave);

            Assert.Equal(withoutMoves.Joins, withMoves.Joins);
            Assert.Equal(withoutMoves.Leaves, withMoves.Leaves);
            var movedOnly = c.changes.GroupBy(change => change.AccountId).Where(g => g.All(change => change.Kind == ChangeKind.Move)).Select(g => g.Key);
            Assert.DoesNotContain(withMoves.Joins.Concat(withMoves.Leaves), movedOnly.Contains);
        });
    }
}
