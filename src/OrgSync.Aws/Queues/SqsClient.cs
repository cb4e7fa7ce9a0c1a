using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SQS;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Queues;

/// <summary>
/// The SDK's SQS client (AWSSDK.SQS, awsJson1_0 <c>AmazonSQS.*</c>) with the same retry rule as the
/// OrgSync clients: the SDK retries clock-skew errors only, everything else reaches the caller.
/// </summary>
internal sealed class SqsClient(AWSCredentials? credentials, AmazonSQSConfig config) : AmazonSQSClient(credentials, config)
{
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ClockSkewOnlyRetryPolicy(Config)));
    }
}
