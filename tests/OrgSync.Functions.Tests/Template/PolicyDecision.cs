namespace OrgSync.Functions.Tests.Template;

/// <summary>What a resource policy says to one request (<see cref="ResourcePolicy.Evaluate"/>).</summary>
public enum PolicyDecision
{
    /// <summary>An explicit Deny matches: nothing can allow the request.</summary>
    Denied,

    /// <summary>An Allow matches and no Deny.</summary>
    Allowed,

    /// <summary>Neither: a service principal is refused; a principal of the account still needs an identity policy.</summary>
    NotMentioned,
}
