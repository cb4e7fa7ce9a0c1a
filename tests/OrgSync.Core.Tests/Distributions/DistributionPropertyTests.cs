using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using OrgSync.Core.Distributions;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Distributions;

public class DistributionPropertyTests
{
    private static readonly Gen<(DistributionConfiguration Read, MembershipDelta Delta, DistributionTarget Target)> Cases =
        from config in Generators.DistributionConfiguration
        from delta in Generators.Delta
        from target in Generators.DistributionTarget
        select (RoundTrip(config, Wire.DistributionConfiguration), delta, target);

    [Fact]
    public void Applying_the_planned_update_and_planning_again_writes_nothing()
    {
        Properties.Check(Cases, c =>
        {
            var plan = DistributionPlanner.Plan(c.Read, c.Delta, c.Target);
            Assert.IsNotType<Plan<UpdateDistributionConfigurationRequest>.Failure>(plan);
            if (plan is not Plan<UpdateDistributionConfigurationRequest>.Write write)
            {
                return;
            }

            var updated = RoundTrip(
                c.Read with { Description = write.Request.Description, Distributions = write.Request.Distributions, DateUpdated = "2027-01-01T00:00:00.000Z" },
                Wire.DistributionConfiguration);

            var again = DistributionPlanner.Plan(updated, c.Delta, c.Target);
            Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(again);
        });
    }

    [Fact]
    public void The_order_of_changes_in_a_batch_does_not_change_the_request()
    {
        var cases =
            from config in Generators.DistributionConfiguration
            from target in Generators.DistributionTarget
            from changes in Generators.Changes
            from shuffled in Gen.Shuffle(changes)
            from excluded in Generators.Exclusions
            from removeOnLeave in Gen.Elements(true, false)
            select (Read: RoundTrip(config, Wire.DistributionConfiguration), target, changes, shuffled, excluded, removeOnLeave);

        Properties.Check(cases, c =>
        {
            string Planned(IEnumerable<OrgSync.Core.Events.AccountChange> batch) => Describe(DistributionPlanner.Plan(
                c.Read, BatchChanges.ToDelta(BatchChanges.Collapse(batch).Values, c.excluded, c.removeOnLeave), c.target));

            Assert.Equal(Planned(c.changes), Planned(c.shuffled));
        });
    }

    /// <summary>
    /// Everything but the owned lists survives byte for byte: the JSON of each distribution with the
    /// lists the target maintains taken out (and a launchPermission left empty by that) is identical
    /// before and after, for configurations covering every member of the model plus unknown ones.
    /// </summary>
    [Fact]
    public void Every_member_but_the_owned_lists_is_preserved_byte_for_byte()
    {
        Properties.Check(Cases, c =>
        {
            var plan = DistributionPlanner.Plan(c.Read, c.Delta, c.Target);
            if (plan is not Plan<UpdateDistributionConfigurationRequest>.Write write)
            {
                Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.NoChange>(plan);
                return;
            }

            Assert.Equal(c.Read.Description, write.Request.Description);
            var before = c.Read.Distributions!.Value;
            var after = write.Request.Distributions;
            Assert.Equal(before.Length, after.Length);
            for (var i = 0; i < before.Length; i++)
            {
                var owned = Owned(before[i], c.Target);
                Assert.Equal(WithoutOwnedLists(before[i], owned), WithoutOwnedLists(after[i], owned));
                if (owned.UserIds)
                {
                    AssertMerged(before[i].AmiDistributionConfiguration!.LaunchPermission?.UserIds, after[i].AmiDistributionConfiguration!.LaunchPermission?.UserIds, c.Delta);
                }

                if (owned.TargetAccountIds)
                {
                    AssertMerged(before[i].AmiDistributionConfiguration!.TargetAccountIds, after[i].AmiDistributionConfiguration!.TargetAccountIds, c.Delta);
                }
            }
        });
    }

    [Fact]
    public void The_client_token_is_stable_for_equal_inputs_and_differs_when_any_differs()
    {
        var cases =
            from c in Cases
            from otherDate in Gen.Elements("2030-01-01T00:00:00.000Z", "2030-01-01T00:00:00.001Z")
            from otherDescription in Generators.Text(1, 5)
            select (c.Read, c.Delta, c.Target, otherDate, otherDescription);

        Properties.Check(cases, c =>
        {
            if (DistributionPlanner.Plan(c.Read, c.Delta, c.Target) is not Plan<UpdateDistributionConfigurationRequest>.Write write)
            {
                return;
            }

            var request = write.Request;
            var token = request.ClientToken;
            Assert.InRange(token.Length, 1, 36);

            // Equal inputs that are different objects (read again, planned again): the same token.
            var readAgain = RoundTrip(c.Read, Wire.DistributionConfiguration);
            var plannedAgain = Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(DistributionPlanner.Plan(readAgain, c.Delta, c.Target));
            Assert.Equal(token, plannedAgain.Request.ClientToken);
            Assert.Equal(token, DistributionClientToken.Compute(readAgain, RoundTrip(request, Wire.UpdateDistributionConfigurationRequest)));

            // Any input different: another token.
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read, request with { DistributionConfigurationArn = request.DistributionConfigurationArn + "x" }));
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read with { DateUpdated = c.otherDate }, request));
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read with { DateUpdated = c.Read.DateUpdated is null ? c.otherDate : null }, request));
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read with { Description = c.Read.Description + "." }, request));
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read, request with { Description = request.Description + c.otherDescription }));
            Assert.NotEqual(token, DistributionClientToken.Compute(c.Read, request with { Distributions = request.Distributions.RemoveAt(0) }));
        });
    }

    private readonly record struct OwnedLists(bool UserIds, bool TargetAccountIds);

    private static OwnedLists Owned(Distribution distribution, DistributionTarget target)
    {
        var inScope = distribution.AmiDistributionConfiguration is not null
            && (target.Regions is null || target.Regions.Value.Contains(distribution.Region!));
        var organizationShare = distribution.AmiDistributionConfiguration?.LaunchPermission?.OrganizationArns is { IsDefaultOrEmpty: false };
        return new OwnedLists(
            inScope && target.Share.Contains(ShareKind.LaunchPermission) && !organizationShare,
            inScope && target.Share.Contains(ShareKind.TargetAccountIds));
    }

    private static string WithoutOwnedLists(Distribution distribution, OwnedLists owned)
    {
        var node = JsonNode.Parse(ToJson(distribution, Wire.Distribution))!.AsObject();
        if (node["amiDistributionConfiguration"] is JsonObject ami)
        {
            if (owned.TargetAccountIds)
            {
                ami.Remove("targetAccountIds");
            }

            if (owned.UserIds && ami["launchPermission"] is JsonObject permission)
            {
                permission.Remove("userIds");
                if (permission.Count == 0)
                {
                    ami.Remove("launchPermission");
                }
            }
        }

        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void AssertMerged(ImmutableArray<string>? before, ImmutableArray<string>? after, MembershipDelta delta)
    {
        var expected = (before ?? []).Union(delta.Joins).Except(delta.Leaves).Order(StringComparer.Ordinal).ToList();
        if (expected.Count == 0)
        {
            Assert.Null(after);
        }
        else if (!(before ?? []).ToHashSet().SetEquals(expected))
        {
            Assert.Equal(expected, after!.Value.AsEnumerable());
        }
        else
        {
            Assert.Equal(before, after);
        }
    }

    private static string Describe(Plan<UpdateDistributionConfigurationRequest> plan) => plan switch
    {
        Plan<UpdateDistributionConfigurationRequest>.Write write => ToJson(write.Request, Wire.UpdateDistributionConfigurationRequest),
        _ => plan.ToString(),
    };
}
