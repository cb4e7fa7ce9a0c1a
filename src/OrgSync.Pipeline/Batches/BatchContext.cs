namespace OrgSync.Pipeline.Batches;

/// <summary>The invocation a batch runs in.</summary>
/// <param name="InvocationId">Unique per invocation (the Lambda request id); makes lease owners unique.</param>
/// <param name="Deadline">When the invocation is cut off (Lambda's deadline).</param>
public sealed record BatchContext(string InvocationId, DateTimeOffset Deadline);
