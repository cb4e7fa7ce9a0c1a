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

public sealed record ListAccountsForParentRequest
{
    /// <summary>A root (<c>r-…</c>) or an OU (<c>ou-…</c>); only its direct children are listed.</summary>
    [JsonPropertyName("ParentId")] public required string ParentId { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListAccountsForParentResponse
{
    [JsonPropertyName("Accounts")] public ImmutableArray<Account>? Accounts { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
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

public sealed record ListChildrenRequest
{
    [JsonPropertyName("ParentId")] public required string ParentId { get; init; }

    /// <summary><see cref="OrganizationNodeType.Account"/> or <see cref="OrganizationNodeType.OrganizationalUnit"/>.</summary>
    [JsonPropertyName("ChildType")] public required string ChildType { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListChildrenResponse
{
    [JsonPropertyName("Children")] public ImmutableArray<Child>? Children { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

/// <summary>An account or an OU directly under a parent.</summary>
public sealed record Child
{
    [JsonPropertyName("Id")] public string? Id { get; init; }
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ListRootsRequest
{
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListRootsResponse
{
    [JsonPropertyName("Roots")] public ImmutableArray<Root>? Roots { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

public sealed record Root
{
    [JsonPropertyName("Id")] public string? Id { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
    [JsonPropertyName("Name")] public string? Name { get; init; }
    [JsonPropertyName("PolicyTypes")] public ImmutableArray<PolicyTypeSummary>? PolicyTypes { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record PolicyTypeSummary
{
    [JsonPropertyName("Type")] public string? Type { get; init; }
    [JsonPropertyName("Status")] public string? Status { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ListOrganizationalUnitsForParentRequest
{
    [JsonPropertyName("ParentId")] public required string ParentId { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
    [JsonPropertyName("MaxResults")] public int? MaxResults { get; init; }
}

public sealed record ListOrganizationalUnitsForParentResponse
{
    [JsonPropertyName("OrganizationalUnits")] public ImmutableArray<OrganizationalUnit>? OrganizationalUnits { get; init; }
    [JsonPropertyName("NextToken")] public string? NextToken { get; init; }
}

public sealed record OrganizationalUnit
{
    [JsonPropertyName("Id")] public string? Id { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
    [JsonPropertyName("Name")] public string? Name { get; init; }

    /// <summary><c>o-…/r-…/ou-…/</c>, the OU's own id last.</summary>
    [JsonPropertyName("Path")] public string? Path { get; init; }
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
