using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Tests.Reconcile;

/// <summary>What a pass may remove, as the targets file says (SPEC §2, §6).</summary>
public class DriftPolicyTests
{
    [Fact]
    public void The_defaults_remove_the_stale_keep_the_foreign_and_touch_everything()
    {
        var policy = DriftPolicy.Of(TargetsFileLoader.Parse("{}"));

        Assert.Empty(policy.Untouchable);
        Assert.True(policy.RemoveOnLeave);
        Assert.False(policy.PruneForeign);
    }

    [Fact]
    public void Untouchable_is_the_excluded_accounts_and_the_allowed_non_members()
    {
        var policy = DriftPolicy.Of(TargetsFileLoader.Parse("""
            {
              "excludeAccounts": ["999999999999", "222222222222"],
              "allowedNonMembers": ["444455556666", "222222222222"]
            }
            """));

        Assert.Equal(["222222222222", "444455556666", "999999999999"], policy.Untouchable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Untouchable_compares_account_ids_ordinally()
    {
        var policy = DriftPolicy.Of(TargetsFileLoader.Parse("""{ "excludeAccounts": ["999999999999"] }"""));

        Assert.Contains("999999999999", policy.Untouchable);
        Assert.DoesNotContain("99999999999", policy.Untouchable);
    }

    [Theory]
    [InlineData("""{ "removeOnLeave": false }""", false, false)]
    [InlineData("""{ "removeOnLeave": true, "reconcile": { "pruneForeignAccounts": true } }""", true, true)]
    [InlineData("""{ "removeOnLeave": false, "reconcile": { "pruneForeignAccounts": true } }""", false, true)]
    [InlineData("""{ "reconcile": { "pruneForeignAccounts": false } }""", true, false)]
    public void Remove_on_leave_and_pruning_come_from_their_own_keys(string json, bool removeOnLeave, bool pruneForeign)
    {
        var policy = DriftPolicy.Of(TargetsFileLoader.Parse(json));

        Assert.Equal(removeOnLeave, policy.RemoveOnLeave);
        Assert.Equal(pruneForeign, policy.PruneForeign);
    }
}
