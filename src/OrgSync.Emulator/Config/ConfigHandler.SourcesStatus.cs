using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Config;

/// <summary>
/// DescribeConfigurationAggregatorSourcesStatus: for the caller's aggregator, one status per source
/// account and source Region (SPEC §5.1), and one for an organization source.
/// </summary>
internal static partial class ConfigHandler
{
    /// <summary>
    /// What an aggregator source with <c>AllAwsRegions</c> covers here: the 17 commercial Regions that every
    /// account has enabled by default (the ones that need no opt-in), all of which Config supports. AWS
    /// would also follow opt-in Regions the account enabled and Regions launched later; the emulator keeps
    /// one fixed, documented list so a test knows what to expect.
    /// </summary>
    public static readonly ImmutableArray<string> AllAwsRegions =
    [
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
        "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ];

    /// <summary>
    /// The emulator's report of a source account that has not authorized the aggregator. AWS's public
    /// sources (API reference, SDK docs, issue trackers) show no example of the values Config reports, only
    /// that a failure "contains the related error code or message"; these are the emulator's own.
    /// </summary>
    internal const string MissingAuthorizationCode = "AuthorizationNotFound";

    private const int MaxStatusesPerPage = 100;

    /// <summary>The ARN of the caller's aggregator <paramref name="name"/>: the stored one, else the one it would get.</summary>
    internal static string AggregatorArnOf(CallContext call, string name)
    {
        var home = call.Home;
        lock (home.Gate)
        {
            return home.Aggregators.TryGetValue(name, out var stored) && stored.Document.GetString("ConfigurationAggregatorArn") is { } arn
                ? arn
                : EmulatorState.AggregatorArn(call.Caller.AccountId, call.Region, name);
        }
    }

    private static JsonObject DescribeSourcesStatus(CallContext call)
    {
        var input = call.Input;
        var name = input.GetString("ConfigurationAggregatorName")!;
        JsonObject aggregator;
        var home = call.Home;
        lock (home.Gate)
        {
            aggregator = home.Aggregators.TryGetValue(name, out var stored)
                ? (JsonObject)stored.Document.DeepClone()
                : throw CallContext.Error("NoSuchConfigurationAggregatorException", "The configuration aggregator does not exist. Check the configuration aggregator name and try again.");
        }

        var wanted = input.GetArray("UpdateStatus").Strings().ToHashSet(StringComparer.Ordinal);
        var statuses = SourceStatuses(call, aggregator)
            .Where(status => wanted.Count == 0 || wanted.Contains(status.Status.GetString("LastUpdateStatus")!))
            .ToDictionary(status => status.Key, status => status.Status, StringComparer.Ordinal);
        var (page, nextToken) = Paging.Page(
            statuses.Keys.Order(StringComparer.Ordinal).ToList(),
            key => key,
            "source-status",
            input.GetString("NextToken"),
            input.GetLong("Limit") is { } limit and > 0 ? (int)limit : MaxStatusesPerPage,
            () => CallContext.Error("InvalidNextTokenException", "The nextToken provided is invalid"));
        var result = new JsonObject { ["AggregatedSourceStatusList"] = new JsonArray(page.Select(key => (JsonNode)statuses[key]).ToArray()) };
        if (nextToken is not null)
        {
            result["NextToken"] = nextToken;
        }

        return result;
    }

    private static IEnumerable<(string Key, JsonObject Status)> SourceStatuses(CallContext call, JsonObject aggregator)
    {
        var aggregatorAccount = call.Caller.AccountId;
        foreach (var source in aggregator.GetArray("AccountAggregationSources")?.OfType<JsonObject>() ?? [])
        {
            var regions = source.GetBool("AllAwsRegions") ? AllAwsRegions.AsEnumerable() : source.GetArray("AwsRegions").Strings();
            foreach (var account in source.GetArray("AccountIds").Strings().Distinct(StringComparer.Ordinal))
            {
                foreach (var region in regions.Distinct(StringComparer.Ordinal))
                {
                    var status = new JsonObject
                    {
                        ["SourceId"] = account,
                        ["SourceType"] = "ACCOUNT",
                        ["AwsRegion"] = region,
                    };
                    if (IsAuthorized(call.State, account, region, aggregatorAccount, call.Region))
                    {
                        status["LastUpdateStatus"] = "SUCCEEDED";
                    }
                    else
                    {
                        status["LastUpdateStatus"] = "FAILED";
                        status["LastErrorCode"] = MissingAuthorizationCode;
                        status["LastErrorMessage"] =
                            $"Account {account} has not authorized the aggregator account {aggregatorAccount} in {call.Region} to collect data from {region} (no aggregation authorization).";
                    }

                    status["LastUpdateTime"] = EpochSeconds(call.Now);
                    yield return ($"ACCOUNT/{account}/{region}", status);
                }
            }
        }

        if (aggregator.GetObject("OrganizationAggregationSource") is not null)
        {
            // Authorization is integrated with Organizations for an organization source: it needs none.
            var organization = call.State.OrganizationId() ?? aggregatorAccount;
            yield return ($"ORGANIZATION/{organization}", new JsonObject
            {
                ["SourceId"] = organization,
                ["SourceType"] = "ORGANIZATION",
                ["AwsRegion"] = call.Region,
                ["LastUpdateStatus"] = "SUCCEEDED",
                ["LastUpdateTime"] = EpochSeconds(call.Now),
            });
        }
    }
}
