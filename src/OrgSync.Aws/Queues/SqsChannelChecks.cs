using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;
using OrgSync.Core.Reconcile;

namespace OrgSync.Aws.Queues;

/// <summary>
/// The reconcile pass's channel checks sent to the OrgSync queue (<c>ORGSYNC_QUEUE_URL</c>) in batches of ten, each
/// batch retried by the one rule (<see cref="CallRetry"/>, <see cref="RetryBudget"/>) within the deadline: a call that
/// fails as a whole is sent again, and of a call SQS answered, only the entries it failed with a fault of its own
/// (<c>SenderFault</c> false, or throttling) — never one it accepted, nor one it refused. No batch is started at or
/// after the deadline; a call that fails as a whole for good, or cancellation, stops the sending. What was accepted is
/// counted and returned; the rest are the next pass's.
/// </summary>
public sealed partial class SqsChannelChecks : IChannelChecks
{
    private const string Service = "sqs";
    private const string Operation = "SendMessageBatch";

    private readonly Func<AwsClientFactory> _clients;
    private readonly string _queueUrl;
    private readonly string _region;
    private readonly ApplierOptions _options;
    private readonly CallRetry _retry;
    private readonly ILogger _logger;

    /// <param name="clients">Called on first send, so that a pass that sends nothing builds no client.</param>
    public SqsChannelChecks(Func<AwsClientFactory> clients, string queueUrl, string region, ApplierOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _queueUrl = queueUrl;
        _region = region;
        _options = options;
        _logger = options.LoggerFactory.CreateLogger<SqsChannelChecks>();
        _retry = new CallRetry(options, _logger);
    }

    public async Task<int> SendAsync(IReadOnlyList<string> requests, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var batches = QueueSender.Batches([.. requests.Select(body => new OutgoingMessage(body))]).ToList();
        if (batches.Count == 0)
        {
            return 0;
        }

        var sender = _clients().Sqs(_region);
        var sent = 0;
        foreach (var batch in batches)
        {
            if (_options.Time.GetUtcNow() >= deadline)
            {
                LogStopped(_logger, sent, requests.Count, _queueUrl, $"the deadline {deadline:O} was reached");
                break;
            }

            var (accepted, stopped) = await SendBatchAsync(sender, batch, deadline, cancellationToken).ConfigureAwait(false);
            sent += accepted;
            if (stopped is not null)
            {
                LogStopped(_logger, sent, requests.Count, _queueUrl, stopped);
                break;
            }
        }

        return sent;
    }

    /// <summary>One batch until each entry was accepted, refused, or ran out of retries; failed entries alone go again.</summary>
    /// <returns>How many SQS accepted; why no further batch should be started, if none should.</returns>
    private async Task<(int Accepted, string? Stopped)> SendBatchAsync(
        QueueSender sender, ImmutableArray<OutgoingMessage> batch, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var budget = new RetryBudget(_options, deadline);
        var pending = batch;
        var accepted = 0;
        try
        {
            while (true)
            {
                var sending = pending;
                var outcomes = await _retry.RunAsync(
                    "sqs/SendMessageBatch", ct => sender.SendBatchAsync(_queueUrl, sending, ct), deadline, cancellationToken).ConfigureAwait(false);
                accepted += outcomes.Count(o => o.Succeeded);
                var retry = ImmutableArray.CreateBuilder<OutgoingMessage>();
                AwsServiceException? retryable = null;
                foreach (var failed in outcomes.Where(o => !o.Succeeded))
                {
                    var error = EntryError(failed);
                    if (error.RetryWithinInvocation)
                    {
                        retry.Add(failed.Message);
                        retryable ??= error;
                    }
                    else
                    {
                        LogRefused(_logger, _queueUrl, error.ErrorCode, failed.ErrorMessage);
                    }
                }

                if (retryable is null)
                {
                    return (accepted, null);
                }

                if (budget.Next(retryable, out var giveUp) is not { } delay)
                {
                    LogNotSent(_logger, retry.Count, _queueUrl, retryable.ErrorCode, giveUp);
                    return (accepted, null);
                }

                await Task.Delay(delay, _options.Time, cancellationToken).ConfigureAwait(false);
                pending = retry.ToImmutable();
            }
        }
        catch (AwsServiceException error)
        {
            // A call that failed as a whole and may not be retried (any more): the next ones would meet the same.
            return (accepted, error.Describe());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A call in flight may or may not have been accepted: not counted, so the next pass sends it again.
            return (accepted, "the invocation is about to time out");
        }
    }

    /// <summary>A failed entry as the failure it is, with the status its <c>SenderFault</c> stood for (false: the service's, 5xx).</summary>
    private static AwsServiceException EntryError(QueueSendOutcome entry) => new(
        Service,
        Operation,
        entry.ErrorCode ?? ErrorCodes.UnreadableResponse,
        entry.ErrorMessage ?? "the entry failed",
        entry.Failure == FailureKind.Permanent ? HttpStatusCode.BadRequest : HttpStatusCode.InternalServerError,
        requestId: null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A channel check was refused by {QueueUrl}: {ErrorCode} ({ErrorMessage}); the next pass sends it again")]
    private static partial void LogRefused(ILogger logger, string queueUrl, string errorCode, string? errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} channel check(s) not accepted by {QueueUrl}: {ErrorCode}, {GiveUp}; the next pass sends them again")]
    private static partial void LogNotSent(ILogger logger, int count, string queueUrl, string errorCode, string giveUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel checks stopped after {Sent} of {Total} were accepted by {QueueUrl}: {Reason}")]
    private static partial void LogStopped(ILogger logger, int sent, int total, string queueUrl, string reason);
}
