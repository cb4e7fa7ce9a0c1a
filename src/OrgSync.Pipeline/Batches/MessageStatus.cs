namespace OrgSync.Pipeline.Batches;

public enum MessageStatus
{
    /// <summary>Every change it contributed was applied (or was already there, stale, superseded or excluded).</summary>
    Succeeded,

    /// <summary>Not an event OrgSync acts on (SPEC §1): consumed, never retried.</summary>
    Ignored,

    /// <summary>Malformed or untrusted: a batch item failure, redelivered until it is dead-lettered.</summary>
    Invalid,

    /// <summary>A target it contributed a change to failed: a batch item failure, redelivered.</summary>
    Failed,
}
