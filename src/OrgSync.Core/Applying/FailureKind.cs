namespace OrgSync.Core.Applying;

/// <summary>How a failed call should be treated by whoever decides about retries.</summary>
public enum FailureKind
{
    /// <summary>The service asked us to slow down; back off and retry.</summary>
    Throttling,

    /// <summary>A server error, timeout or broken connection, or a state expected to clear by itself; retry.</summary>
    Transient,

    /// <summary>Retrying the same request cannot succeed (validation, access, missing resource...).</summary>
    Permanent,
}
