using OrgSync.Aws.Errors;
using OrgSync.Aws.StepFunctions;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

public sealed class StepFunctionsClientWireTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Dictionary<string, (Func<StepFunctionsClient, Task> Call, string Body)> Operations = new(StringComparer.Ordinal)
    {
        ["SendTaskSuccess"] = (c => c.SendTaskSuccessAsync("token-1", """{"accountId":"222222222222"}""", None), """{"taskToken":"token-1","output":"{\u0022accountId\u0022:\u0022222222222222\u0022}"}"""),
        ["SendTaskFailure"] = (c => c.SendTaskFailureAsync("token-1", "OrgSync.AccountSyncFailed", "aggregator org: AccessDenied", None), """{"taskToken":"token-1","error":"OrgSync.AccountSyncFailed","cause":"aggregator org: AccessDenied"}"""),
    };

    public static TheoryData<string> OperationNames => [.. Operations.Keys];

    public static TheoryData<string, string, int> ModeledErrors => ModelOperations.ErrorCases("stepfunctions", Operations.Keys);

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Task_callbacks_are_awsJson10_POSTs_to_states_signed_for_the_region(string operation)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.Json("{}", "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);

        await Operations[operation].Call(clients.StepFunctions("eu-west-1"));

        var request = Assert.Single(aws.Requests);
        var model = ModelOperations.Load("stepfunctions");
        Assert.Equal(("POST", $"https://{model.Metadata("endpointPrefix")}.eu-west-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal($"{model.Metadata("targetPrefix")}.{operation}", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.ContentType);
        Assert.Equal(Operations[operation].Body, request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "eu-west-1", "states", "x-amz-target", "content-type");
        ModelCheck.AssertValidInput("stepfunctions", operation, request.Body);
    }

    [Fact]
    public async Task A_failure_without_error_and_cause_sends_only_the_token()
    {
        var aws = new ScriptedAws().On("SendTaskFailure", _ => Reply.Json(string.Empty, "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);

        await clients.StepFunctions("us-east-1").SendTaskFailureAsync(new SendTaskFailureRequest { TaskToken = "t" }, None);

        Assert.Equal("""{"taskToken":"t"}""", Assert.Single(aws.Requests).Body);
    }

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Every_modeled_error_is_read_to_its_code(string operation, string code, int status)
    {
        // Step Functions names its errors with a Java-style namespace.
        var aws = new ScriptedAws().On(operation, _ => Reply.JsonError(status, "com.amazonaws.swf.service.v2.model#" + code, "no such task", "application/x-amz-json-1.0"));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Operations[operation].Call(clients.StepFunctions("us-east-1")));

        Assert.Equal((code, status, "states", operation), (error.ErrorCode, (int)error.StatusCode, error.Service, error.Operation));
        Assert.Equal(code == "KmsThrottlingException" ? FailureKind.Throttling : FailureKind.Permanent, error.FailureKind);
    }
}
