using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Sdk;
using OrgSync.Core.Aggregators;

namespace OrgSync.Aws.Config;

// AWS Config's aggregation authorizations (in the source account) and the aggregator's view of its
// sources (in the aggregator account): awsJson1_1 envelopes, names as in config.service-2.json.

public sealed record PutAggregationAuthorizationRequest
{
    /// <summary>The aggregator's account (12 digits).</summary>
    [JsonPropertyName("AuthorizedAccountId")] public required string AuthorizedAccountId { get; init; }

    /// <summary>The aggregator's Region.</summary>
    [JsonPropertyName("AuthorizedAwsRegion")] public required string AuthorizedAwsRegion { get; init; }
    [JsonPropertyName("Tags")] public ImmutableArray<ConfigTag>? Tags { get; init; }
}

public sealed record PutAggregationAuthorizationResponse
{
    [JsonPropertyName("AggregationAuthorization")] public AggregationAuthorization? AggregationAuthorization { get; init; }
}

public sealed record DeleteAggregationAuthorizationRequest
{
    [JsonPropertyName("AuthorizedAccountId")] public required string AuthorizedAccountId { get; init; }
    [JsonPropertyName("AuthorizedAwsRegion")] public required string AuthorizedAwsRegion { get; init; }
}

/// <summary>An authorization, in a source account, for one aggregator account and Region to collect its data.</summary>
public sealed record AggregationAuthorization
{
    [JsonPropertyName("AggregationAuthorizationArn")] public string? AggregationAuthorizationArn { get; init; }
    [JsonPropertyName("AuthorizedAccountId")] public string? AuthorizedAccountId { get; init; }
    [JsonPropertyName("AuthorizedAwsRegion")] public string? AuthorizedAwsRegion { get; init; }
    [JsonPropertyName("CreationTime")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? CreationTime { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record DescribeConfigurationAggregatorSourcesStatusRequest
{
    [JsonPropertyName("ConfigurationAggregatorName")] public required string ConfigurationAggregatorName { get; init; }

    /// <summary>Only sources whose last update has one of these statuses (<see cref="AggregatedSourceStatusType"/>); at least one when given.</summary>
    [JsonPropertyName("UpdateStatus")] public ImmutableArray<string>? UpdateStatus { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }

    /// <summary>0–100; 0 or absent means the maximum.</summary>
    [JsonPropertyName("Limit")] public int? Limit { get; init; }
}

public sealed record DescribeConfigurationAggregatorSourcesStatusResponse
{
    [JsonPropertyName("AggregatedSourceStatusList")] public ImmutableArray<AggregatedSourceStatus>? AggregatedSourceStatusList { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

/// <summary>How collection from one source (an account or the organization, in one Region) last went.</summary>
public sealed record AggregatedSourceStatus
{
    /// <summary>The source account id, or the organization.</summary>
    [JsonPropertyName("SourceId")] public string? SourceId { get; init; }

    /// <summary><c>ACCOUNT</c> or <c>ORGANIZATION</c>.</summary>
    [JsonPropertyName("SourceType")] public string? SourceType { get; init; }
    [JsonPropertyName("AwsRegion")] public string? AwsRegion { get; init; }

    /// <summary><see cref="AggregatedSourceStatusType"/>: <c>FAILED</c>, <c>SUCCEEDED</c> or <c>OUTDATED</c>.</summary>
    [JsonPropertyName("LastUpdateStatus")] public string? LastUpdateStatus { get; init; }
    [JsonPropertyName("LastUpdateTime")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? LastUpdateTime { get; init; }
    [JsonPropertyName("LastErrorCode")] public string? LastErrorCode { get; init; }
    [JsonPropertyName("LastErrorMessage")] public string? LastErrorMessage { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
