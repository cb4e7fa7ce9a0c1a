namespace OrgSync.Aws.Organizations;

/// <summary>The values of Organizations' <c>ParentType</c> and <c>ChildType</c> enums (organizations.service-2.json).</summary>
public static class OrganizationNodeType
{
    /// <summary>A parent: the organization's root.</summary>
    public const string Root = "ROOT";

    /// <summary>A parent or a child: an organizational unit.</summary>
    public const string OrganizationalUnit = "ORGANIZATIONAL_UNIT";

    /// <summary>A child: an account.</summary>
    public const string Account = "ACCOUNT";
}
