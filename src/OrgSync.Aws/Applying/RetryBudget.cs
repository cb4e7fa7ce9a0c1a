using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Applying;

/// <summary>
/// The one rule for retrying an AWS failure inside the invocation, shared by the apply loop and plain reads
/// (<see cref="CallRetry"/>): only failures worth retrying now (throttling, 5xx, timeouts — not those left to SQS
/// redelivery, nor permanent ones), at most <see cref="ApplierOptions.MaxAttempts"/> failures, each after a
/// full-jitter backoff that must end before the deadline.
/// </summary>
internal sealed class RetryBudget(ApplierOptions options, DateTimeOffset deadline)
{
    public int Failures { get; private set; }

    /// <summary>The wait before the next attempt, or null with why there is none.</summary>
    public TimeSpan? Next(AwsServiceException error, out string giveUp)
    {
        giveUp = string.Empty;
        if (!error.RetryWithinInvocation)
        {
            giveUp = error.Describe();
            return null;
        }

        Failures++;
        if (Failures >= options.MaxAttempts)
        {
            giveUp = $"gave up after {Failures} failed attempts";
            return null;
        }

        var delay = options.Backoff(Failures);
        var resumeAt = options.Time.GetUtcNow() + delay;
        if (resumeAt >= deadline)
        {
            giveUp = $"no time left to retry before the deadline {deadline:O} (next attempt would start at {resumeAt:O}) after {Failures} failed attempt(s)";
            return null;
        }

        return delay;
    }
}
