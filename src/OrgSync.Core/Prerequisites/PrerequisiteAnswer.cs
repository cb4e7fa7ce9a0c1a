using OrgSync.Core.Applying;

namespace OrgSync.Core.Prerequisites;

/// <summary>What a member-account call answered, as the shell saw it (no AWS types): what <see cref="PrerequisiteRules.Judge"/> turns into an outcome.</summary>
public abstract record PrerequisiteAnswer
{
    private PrerequisiteAnswer()
    {
    }

    /// <summary>The call succeeded.</summary>
    /// <param name="CreatedAt">A put: the <c>CreationTime</c> of the authorization it returned (null when it carried none).</param>
    public sealed record Accepted(DateTimeOffset? CreatedAt = null) : PrerequisiteAnswer;

    /// <summary>The entity asked for does not exist (IAM <c>NoSuchEntity</c>).</summary>
    public sealed record NotFound : PrerequisiteAnswer;

    /// <summary>An access denial: of <c>sts:AssumeRole</c> on the member role, or of the call itself.</summary>
    /// <param name="Action">The IAM action refused (<c>sts:AssumeRole</c>, <c>config:PutAggregationAuthorization</c>, …).</param>
    /// <param name="ByServiceControlPolicy">The denial names an explicit deny in a service control policy.</param>
    /// <param name="Detail">The error in one line.</param>
    public sealed record Denied(string Action, bool ByServiceControlPolicy, string Detail) : PrerequisiteAnswer
    {
        /// <summary>The member role itself could not be assumed.</summary>
        public bool WhileAssumingRole => string.Equals(Action, "sts:AssumeRole", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Any other failure, after the retries inside the invocation.</summary>
    public sealed record Failed(FailureKind Kind, string Detail) : PrerequisiteAnswer;
}
