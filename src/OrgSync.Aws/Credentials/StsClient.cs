using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SecurityToken;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Credentials;

/// <summary>
/// The SDK's STS client (AWSSDK.SecurityToken) with the same retry rule as the OrgSync clients:
/// the SDK retries clock-skew errors only, everything else reaches the caller's deadline-aware loop.
/// </summary>
internal sealed class StsClient(AWSCredentials? credentials, AmazonSecurityTokenServiceConfig config)
    : AmazonSecurityTokenServiceClient(credentials, config)
{
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ClockSkewOnlyRetryPolicy(Config)));
    }
}

/// <summary>Maps what the STS SDK throws (its modeled exceptions, <c>AccessDenied</c>, throttling, network) to <see cref="AwsServiceException"/>.</summary>
internal static class StsErrors
{
    public static AwsServiceException Translate(Exception exception) => OrgSyncServiceClient.Translate("sts", "AssumeRole", exception);
}
