using System.Text.Json.Nodes;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Config;

/// <summary>
/// Aggregation authorizations: a source account, in a source Region (the request's), lets one
/// aggregator account and Region collect its data.
/// </summary>
internal static partial class ConfigHandler
{
    /// <summary>The Limit AWS applies when a request gives 0 or none ("the default is maximum").</summary>
    private const int MaxAuthorizationsPerPage = 100;

    /// <summary>
    /// Idempotent, as the API reference says: an existing authorization is returned as it is (its tags
    /// and CreationTime stay, even when the request carries other tags).
    /// </summary>
    private static JsonObject PutAggregationAuthorization(CallContext call, RegionState home)
    {
        var input = call.Input;
        var authorizedAccount = input.GetString("AuthorizedAccountId")!;
        var authorizedRegion = input.GetString("AuthorizedAwsRegion")!;
        var key = EmulatorState.AggregationAuthorizationKey(authorizedAccount, authorizedRegion);
        if (!home.AggregationAuthorizations.TryGetValue(key, out var stored))
        {
            var document = new JsonObject
            {
                ["accountId"] = call.Caller.AccountId,
                ["region"] = call.Region,
                ["AggregationAuthorizationArn"] = EmulatorState.AggregationAuthorizationArn(call.Caller.AccountId, call.Region, authorizedAccount, authorizedRegion),
                ["AuthorizedAccountId"] = authorizedAccount,
                ["AuthorizedAwsRegion"] = authorizedRegion,
                ["CreationTime"] = EpochSeconds(call.Now),
            };
            if (input.GetArray("Tags") is { } tags)
            {
                document["Tags"] = tags.DeepClone();
            }

            stored = new StoredResource(call.State.NextSequence(), ResourceKind.AggregationAuthorization, document);
            home.AggregationAuthorizations[key] = stored;
        }

        return new JsonObject { ["AggregationAuthorization"] = ModelProjection.Project(Model.Shape("AggregationAuthorization"), stored.Document) };
    }

    /// <summary>
    /// Deleting an authorization that does not exist succeeds: the model names no not-found error for
    /// this operation (only InvalidParameterValueException), and moto answers 200 either way.
    /// </summary>
    private static JsonObject? DeleteAggregationAuthorization(CallContext call, RegionState home)
    {
        home.AggregationAuthorizations.Remove(EmulatorState.AggregationAuthorizationKey(
            call.Input.GetString("AuthorizedAccountId")!, call.Input.GetString("AuthorizedAwsRegion")!));
        return null;
    }

    private static JsonObject DescribeAggregationAuthorizations(CallContext call, RegionState home)
    {
        var input = call.Input;
        var (page, nextToken) = Paging.Page(
            home.AggregationAuthorizations.Keys.ToList(),
            key => key,
            "aggregation-authorization",
            input.GetString("NextToken"),
            input.GetLong("Limit") is { } limit and > 0 ? (int)limit : MaxAuthorizationsPerPage,
            () => CallContext.Error("InvalidNextTokenException", "The nextToken provided is invalid"));
        var shape = Model.Shape("AggregationAuthorization");
        var result = new JsonObject
        {
            ["AggregationAuthorizations"] = new JsonArray(page.Select(key => ModelProjection.Project(shape, home.AggregationAuthorizations[key].Document)).ToArray()),
        };
        if (nextToken is not null)
        {
            result["NextToken"] = nextToken;
        }

        return result;
    }

    /// <summary>Whether <paramref name="sourceAccount"/> lets the caller's aggregator collect its data from <paramref name="sourceRegion"/>.</summary>
    private static bool IsAuthorized(EmulatorState state, string sourceAccount, string sourceRegion, string aggregatorAccount, string aggregatorRegion)
    {
        var source = state.Region(sourceAccount, sourceRegion);
        lock (source.Gate)
        {
            return source.AggregationAuthorizations.ContainsKey(EmulatorState.AggregationAuthorizationKey(aggregatorAccount, aggregatorRegion));
        }
    }
}
