namespace OrgSync.Aws.Organizations;

/// <summary>The values of Organizations' <c>ParentType</c> enum (organizations.service-2.json).</summary>
public static class OrganizationNodeType
{
    /// <summary>The organization's root.</summary>
    public const string Root = "ROOT";

    /// <summary>An organizational unit.</summary>
    public const string OrganizationalUnit = "ORGANIZATIONAL_UNIT";
}
