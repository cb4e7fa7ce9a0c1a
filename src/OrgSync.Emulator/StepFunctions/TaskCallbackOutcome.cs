namespace OrgSync.Emulator.StepFunctions;

/// <summary>What became of a SendTaskSuccess / SendTaskFailure.</summary>
internal enum TaskCallbackOutcome
{
    /// <summary>The token was open: the result is recorded and the token is now closed.</summary>
    Recorded,

    /// <summary>No such token (for this caller's account and Region).</summary>
    UnknownToken,

    /// <summary>The token already has a result.</summary>
    AlreadyClosed,
}
