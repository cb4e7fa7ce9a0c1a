namespace OrgSync.Emulator.StepFunctions;

/// <summary>
/// A task token a test issued (state <c>taskTokens</c>), as Step Functions would hand one to a
/// wait-for-callback task. With an account or Region it is known only to callers there.
/// </summary>
internal sealed record IssuedTaskToken(string Token, string? AccountId, string? Region)
{
    public bool IsVisibleTo(string accountId, string region) =>
        (AccountId is null || AccountId == accountId) && (Region is null || Region == region);
}
