namespace OrgSync.Core.Events;

/// <summary>
/// Turns one message body (an EventBridge envelope, verbatim; SPEC §1) into changes, ignored or
/// invalid. Pure and total: never throws for any input, however hostile.
/// </summary>
public static class EventClassifier
{
    /// <summary>SQS's maximum message size; bodies up to this size must parse.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static Classification Classify(string body, ClassifierOptions options) =>
        throw new NotImplementedException("issue 2: events → account changes");
}
