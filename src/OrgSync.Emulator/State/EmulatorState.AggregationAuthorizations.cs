using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;

namespace OrgSync.Emulator.State;

public sealed partial class EmulatorState
{
    /// <summary>Authorizations are keyed by whom they authorize: one per aggregator account and Region.</summary>
    internal static string AggregationAuthorizationKey(string authorizedAccountId, string authorizedRegion) => authorizedAccountId + "/" + authorizedRegion;

    /// <summary>AWS's form: <c>arn:aws:config:REGION:ACCOUNT:aggregation-authorization/AUTHORIZEDACCOUNT/AUTHORIZEDREGION</c>.</summary>
    internal static string AggregationAuthorizationArn(string accountId, string region, string authorizedAccountId, string authorizedRegion) =>
        $"arn:aws:config:{region}:{accountId}:aggregation-authorization/{authorizedAccountId}/{authorizedRegion}";

    /// <summary>The organization's id (state <c>organization.id</c>, SPEC §5.1), if the state has one.</summary>
    internal string? OrganizationId() => Organization?.Id;

    private sealed partial class Loader
    {
        public void LoadAggregationAuthorizations(JsonArray items)
        {
            var shape = ServiceModels.Config.Shape("AggregationAuthorization");
            var tags = ServiceModels.Config.Shape("TagsList");
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.aggregationAuthorizations[{i}]";
                var doc = ResourceObject(items[i], path);
                var placement = Place(doc, path);
                Check(shape, doc, path);
                if (doc.TryGetPropertyValue("Tags", out var tagList) && tagList is not null)
                {
                    Check(tags, tagList, path + ".Tags");
                }

                var authorizedAccount = RequireString(source, doc, "AuthorizedAccountId", path);
                var authorizedRegion = RequireString(source, doc, "AuthorizedAwsRegion", path);
                var key = AggregationAuthorizationKey(authorizedAccount, authorizedRegion);
                var region = state.Region(placement.AccountId, placement.Region);
                if (region.AggregationAuthorizations.ContainsKey(key))
                {
                    throw new StateFileException(source, path, $"a second aggregation authorization for {key} in {placement}");
                }

                if (!doc.ContainsKey("AggregationAuthorizationArn"))
                {
                    doc["AggregationAuthorizationArn"] = AggregationAuthorizationArn(placement.AccountId, placement.Region, authorizedAccount, authorizedRegion);
                }

                region.AggregationAuthorizations[key] = new StoredResource(state.NextSequence(), ResourceKind.AggregationAuthorization, doc);
            }
        }
    }
}
