using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.StepFunctions;

/// <summary>The AWS Step Functions client config: service id <c>SFN</c>, signing name and endpoint prefix <c>states</c>, API 2016-11-23.</summary>
public sealed class StepFunctionsConfig() : OrgSyncClientConfig(ServiceEndpoint.StepFunctions, "2016-11-23");

/// <summary>
/// AWS Step Functions (awsJson1_0, <c>X-Amz-Target: AWSStepFunctions.*</c>), regional: the task
/// callbacks of a wait-for-callback (<c>.waitForTaskToken</c>) state. Every failure is an
/// <see cref="AwsServiceException"/>; <c>TaskTimedOut</c> (the task closed or expired) and
/// <c>InvalidToken</c> are permanent.
/// </summary>
public sealed class StepFunctionsClient : OrgSyncServiceClient
{
    private const string Service = "states";
    private const string TargetPrefix = "AWSStepFunctions";

    private static readonly OperationUnmarshaller<object> SendSuccess =
        new(ServiceOperation.AwsJson10(Service, TargetPrefix, "SendTaskSuccess"), outputType: null);

    private static readonly OperationUnmarshaller<object> SendFailure =
        new(ServiceOperation.AwsJson10(Service, TargetPrefix, "SendTaskFailure"), outputType: null);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public StepFunctionsClient(AWSCredentials? credentials, StepFunctionsConfig config)
        : base(credentials, config)
    {
    }

    public Task SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken) =>
        SendAsync(SendSuccess, new(SendSuccess.Operation) { Body = Serialize(request, AwsWireJsonContext.Default.SendTaskSuccessRequest) }, cancellationToken);

    /// <summary>Completes the task with <paramref name="output"/> (JSON text).</summary>
    public Task SendTaskSuccessAsync(string taskToken, string output, CancellationToken cancellationToken) =>
        SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = taskToken, Output = output }, cancellationToken);

    public Task SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken) =>
        SendAsync(SendFailure, new(SendFailure.Operation) { Body = Serialize(request, AwsWireJsonContext.Default.SendTaskFailureRequest) }, cancellationToken);

    /// <summary>Fails the task with an error code and a cause (either may be null).</summary>
    public Task SendTaskFailureAsync(string taskToken, string? error, string? cause, CancellationToken cancellationToken) =>
        SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = taskToken, Error = error, Cause = cause }, cancellationToken);
}
