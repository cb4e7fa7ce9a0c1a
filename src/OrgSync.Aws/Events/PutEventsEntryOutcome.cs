using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Events;

/// <summary>One entry of a <c>PutEvents</c> call and what EventBridge answered for it.</summary>
public sealed record PutEventsEntryOutcome(PutEventsRequestEntry Entry, PutEventsResultEntry Result)
{
    /// <summary>EventBridge accepted the entry: it has an <c>EventId</c> and no <c>ErrorCode</c>.</summary>
    public bool Succeeded => string.IsNullOrEmpty(Result.ErrorCode) && !string.IsNullOrEmpty(Result.EventId);

    /// <summary>
    /// How to treat a failed entry (<see cref="AwsFailureClassifier"/> on its <c>ErrorCode</c>:
    /// <c>ThrottlingException</c> is throttling, <c>InternalFailure</c> transient, the rest permanent);
    /// null when the entry succeeded.
    /// </summary>
    public FailureKind? Failure => Succeeded
        ? null
        : AwsFailureClassifier.Classify(string.IsNullOrEmpty(Result.ErrorCode) ? ErrorCodes.UnreadableResponse : Result.ErrorCode, statusCode: 200);
}
