using System.Collections.Immutable;
using System.Xml.Linq;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Iam;

// IAM shapes (query protocol, XML responses; names as in iam.service-2.json). Read from XML by
// hand (System.Xml.Linq, trim-safe), so the property names are the model's member names.

public sealed record GetRoleRequest
{
    /// <summary>1–64 characters of <c>[\w+=,.@-]</c>.</summary>
    public required string RoleName { get; init; }
}

public sealed record GetRoleResponse
{
    public required Role Role { get; init; }

    internal static GetRoleResponse Read(XElement result) =>
        new() { Role = QueryXml.Structure(result, "Role", Role.Read) ?? throw new FormatException("<GetRoleResult> has no <Role>") };
}

/// <summary>An IAM role. <c>Path</c>, <c>RoleName</c>, <c>RoleId</c>, <c>Arn</c> and <c>CreateDate</c> are always present.</summary>
public sealed record Role
{
    public required string Path { get; init; }
    public required string RoleName { get; init; }
    public required string RoleId { get; init; }
    public required string Arn { get; init; }
    public required DateTimeOffset CreateDate { get; init; }

    /// <summary>The trust policy, URL-encoded JSON as IAM returns it.</summary>
    public string? AssumeRolePolicyDocument { get; init; }
    public string? Description { get; init; }

    /// <summary>Seconds, 3600–43200.</summary>
    public int? MaxSessionDuration { get; init; }
    public AttachedPermissionsBoundary? PermissionsBoundary { get; init; }
    public ImmutableArray<IamTag>? Tags { get; init; }
    public RoleLastUsed? RoleLastUsed { get; init; }

    internal static Role Read(XElement role) => new()
    {
        Path = QueryXml.Required(role, "Path"),
        RoleName = QueryXml.Required(role, "RoleName"),
        RoleId = QueryXml.Required(role, "RoleId"),
        Arn = QueryXml.Required(role, "Arn"),
        CreateDate = QueryXml.Time(role, "CreateDate") ?? throw new FormatException("<Role> has no <CreateDate>"),
        AssumeRolePolicyDocument = QueryXml.Text(role, "AssumeRolePolicyDocument"),
        Description = QueryXml.Text(role, "Description"),
        MaxSessionDuration = QueryXml.Int(role, "MaxSessionDuration"),
        PermissionsBoundary = QueryXml.Structure(role, "PermissionsBoundary", AttachedPermissionsBoundary.Read),
        Tags = QueryXml.List(role, "Tags", IamTag.Read),
        RoleLastUsed = QueryXml.Structure(role, "RoleLastUsed", RoleLastUsed.Read),
    };
}

public sealed record AttachedPermissionsBoundary
{
    /// <summary><c>PermissionsBoundaryPolicy</c>.</summary>
    public string? PermissionsBoundaryType { get; init; }
    public string? PermissionsBoundaryArn { get; init; }

    internal static AttachedPermissionsBoundary Read(XElement boundary) => new()
    {
        PermissionsBoundaryType = QueryXml.Text(boundary, "PermissionsBoundaryType"),
        PermissionsBoundaryArn = QueryXml.Text(boundary, "PermissionsBoundaryArn"),
    };
}

/// <summary>IAM's <c>Tag</c> (named apart from Config's <c>ConfigTag</c>).</summary>
public sealed record IamTag
{
    public required string Key { get; init; }
    public required string Value { get; init; }

    internal static IamTag Read(XElement tag) => new() { Key = QueryXml.Required(tag, "Key"), Value = QueryXml.Text(tag, "Value") ?? string.Empty };
}

public sealed record RoleLastUsed
{
    public DateTimeOffset? LastUsedDate { get; init; }
    public string? Region { get; init; }

    internal static RoleLastUsed Read(XElement lastUsed) => new()
    {
        LastUsedDate = QueryXml.Time(lastUsed, "LastUsedDate"),
        Region = QueryXml.Text(lastUsed, "Region"),
    };
}
