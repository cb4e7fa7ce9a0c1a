namespace OrgSync.Emulator.Organizations;

/// <summary>
/// An account of the emulated organization, as the state file gives it (<c>Id</c>, <c>Name</c>, <c>Email</c>,
/// <c>State</c>, <c>parentId</c>, <c>JoinedMethod</c>, <c>JoinedTimestamp</c>) with its path computed from
/// the parents: <c>o-…/r-…/ou-…/111111111111/</c>.
/// </summary>
internal sealed record OrganizationAccount(
    string Id,
    string? Name,
    string? Email,
    string State,
    string ParentId,
    string? JoinedMethod,
    double? JoinedTimestamp,
    string Path)
{
    /// <summary>
    /// The retired <c>Status</c>, derived from <c>State</c> as AWS reports both while Status lasts: a closed
    /// account shows as SUSPENDED, one pending activation as ACTIVE, the other states under their own name.
    /// </summary>
    public string Status => StatusOf(State);

    public static string StatusOf(string state) => state switch
    {
        "CLOSED" => "SUSPENDED",
        "PENDING_ACTIVATION" => "ACTIVE",
        _ => state,
    };
}
