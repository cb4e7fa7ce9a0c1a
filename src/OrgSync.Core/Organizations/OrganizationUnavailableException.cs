namespace OrgSync.Core.Organizations;

/// <summary>Organizations could not answer; the reason says why, and whether waiting will help.</summary>
public sealed class OrganizationUnavailableException : Exception
{
    public OrganizationUnavailableException()
    {
    }

    public OrganizationUnavailableException(string message)
        : base(message)
    {
    }

    public OrganizationUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Retrying later may succeed (throttling, a server error); false for a permanent refusal (access denied).</summary>
    public bool IsTransient { get; init; } = true;
}
