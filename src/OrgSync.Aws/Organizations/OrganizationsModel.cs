using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Aws.Organizations;

// AWS Organizations request/response envelopes (awsJson1_1, names as in organizations.service-2.json).
// Every List* operation pages with NextToken/MaxResults (1–20); a page may be empty and still carry a token.

public sealed record ListAccountsRequest
{
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }

    /// <summary>1–20; absent: the service's default.</summary>
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListAccountsResponse
{
    [JsonPropertyName("Accounts")] public ImmutableArray<Account>? Accounts { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

public sealed record DescribeAccountRequest
{
    [JsonPropertyName("AccountId")] public required string AccountId { get; init; }
}

public sealed record DescribeAccountResponse
{
    [JsonPropertyName("Account")] public Account? Account { get; init; }
}

public sealed record ListParentsRequest
{
    /// <summary>An account id or an OU id.</summary>
    [JsonPropertyName("ChildId")] public required string ChildId { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListParentsResponse
{
    [JsonPropertyName("Parents")] public ImmutableArray<Parent>? Parents { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

/// <summary>A root or an OU that holds a child.</summary>
public sealed record Parent
{
    [JsonPropertyName("Id")] public string? Id { get; init; }

    /// <summary><see cref="OrganizationNodeType.Root"/> or <see cref="OrganizationNodeType.OrganizationalUnit"/>.</summary>
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record PolicyTypeSummary
{
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonPropertyName("Status")] public string? Status { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record DescribeOrganizationResponse
{
    [JsonPropertyName("Organization")] public Organization? Organization { get; init; }
}

public sealed record Organization
{
    /// <summary><c>o-</c> and 10–32 lowercase letters or digits.</summary>
    [JsonPropertyName("Id")] public string? Id { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }

    /// <summary><c>ALL</c> or <c>CONSOLIDATED_BILLING</c>.</summary>
    [JsonPropertyName("FeatureSet")] public string? FeatureSet { get; init; }
    [JsonPropertyName("MasterAccountArn")] public string? MasterAccountArn { get; init; }
    [JsonPropertyName("MasterAccountId")] public string? MasterAccountId { get; init; }
    [JsonPropertyName("MasterAccountEmail")] public string? MasterAccountEmail { get; init; }
    [JsonPropertyName("AvailablePolicyTypes")] public ImmutableArray<PolicyTypeSummary>? AvailablePolicyTypes { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
