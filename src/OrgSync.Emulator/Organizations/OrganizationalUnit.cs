namespace OrgSync.Emulator.Organizations;

/// <summary>An OU of the emulated organization (<c>id</c>, <c>name</c>, <c>parentId</c>) and its path, <c>o-…/r-…/ou-…/</c>.</summary>
internal sealed record OrganizationalUnit(string Id, string Name, string ParentId, string Path);
