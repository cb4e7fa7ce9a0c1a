using OrgSync.Aws.Config;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

/// <summary>Config's aggregation authorizations and aggregator source status: the prerequisites of account-sourced aggregators (SPEC §3.5).</summary>
public sealed class ConfigAuthorizationWireTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Dictionary<string, (Func<ConfigServiceClient, Task> Call, string Body)> Operations = new(StringComparer.Ordinal)
    {
        ["PutAggregationAuthorization"] = (
            c => c.PutAggregationAuthorizationAsync(new() { AuthorizedAccountId = "111111111111", AuthorizedAwsRegion = "us-east-1", Tags = [new() { Key = "owner", Value = "orgsync" }] }, None),
            """{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1","Tags":[{"Key":"owner","Value":"orgsync"}]}"""),
        ["DeleteAggregationAuthorization"] = (
            c => c.DeleteAggregationAuthorizationAsync(new() { AuthorizedAccountId = "111111111111", AuthorizedAwsRegion = "eu-west-1" }, None),
            """{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"eu-west-1"}"""),
        ["DescribeAggregationAuthorizations"] = (
            c => c.DescribeAggregationAuthorizationsAsync(new() { Limit = 50, NextToken = "t" }, None),
            """{"Limit":50,"NextToken":"t"}"""),
        ["DescribeConfigurationAggregatorSourcesStatus"] = (
            c => c.DescribeConfigurationAggregatorSourcesStatusAsync(new() { ConfigurationAggregatorName = "org", UpdateStatus = [AggregatedSourceStatusType.Failed] }, None),
            """{"ConfigurationAggregatorName":"org","UpdateStatus":["FAILED"]}"""),
    };

    public static TheoryData<string> OperationNames => [.. Operations.Keys];

    public static TheoryData<string, string, int> ModeledErrors => ModelOperations.ErrorCases("config", Operations.Keys);

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Each_operation_is_an_awsJson11_POST_in_the_callers_region_with_the_model_members(string operation)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.Json("{}"));
        using var clients = TestAws.Factory(aws);

        await Operations[operation].Call(clients.Config("eu-west-1", FakeAws.HomeCredentials));

        var request = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "https://config.eu-west-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal("StarlingDoveService." + operation, request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal(Operations[operation].Body, request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "eu-west-1", "config", "x-amz-target");
        ModelCheck.AssertValidInput("config", operation, request.Body);
    }

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Every_modeled_error_is_read_to_its_code(string operation, string code, int status)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.JsonError(status, code));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Operations[operation].Call(clients.Config("us-east-1")));

        Assert.Equal((code, status, FailureKind.Permanent), (error.ErrorCode, (int)error.StatusCode, error.FailureKind));
    }

    [Fact]
    public async Task Put_returns_the_authorization_with_its_epoch_creation_time()
    {
        var aws = new ScriptedAws().On("PutAggregationAuthorization", _ => Reply.Json("""
            {"AggregationAuthorization":{"AggregationAuthorizationArn":"arn:aws:config:us-east-1:222222222222:aggregation-authorization/111111111111/us-east-1",
             "AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1","CreationTime":1767225600.123}}
            """));
        using var clients = TestAws.Factory(aws);

        var response = await clients.Config("us-east-1").PutAggregationAuthorizationAsync(new() { AuthorizedAccountId = "111111111111", AuthorizedAwsRegion = "us-east-1" }, None);

        var authorization = response.AggregationAuthorization!;
        Assert.Equal(("111111111111", "us-east-1"), (authorization.AuthorizedAccountId, authorization.AuthorizedAwsRegion));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), authorization.CreationTime);
        Assert.Equal("""{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}""", aws.Requests[0].Body);
    }

    [Fact]
    public async Task Describing_all_authorizations_walks_every_page()
    {
        var aws = new ScriptedAws().Then(
            "DescribeAggregationAuthorizations",
            Reply.Json("""{"AggregationAuthorizations":[{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"us-east-1"}],"NextToken":"n1"}"""),
            Reply.Json("""{"AggregationAuthorizations":[],"NextToken":"n2"}"""),
            Reply.Json("""{"AggregationAuthorizations":[{"AuthorizedAccountId":"111111111111","AuthorizedAwsRegion":"eu-west-1"}]}"""));
        using var clients = TestAws.Factory(aws);

        var all = await clients.Config("us-east-1").DescribeAllAggregationAuthorizationsAsync(pageSize: null, None);

        Assert.Equal(["us-east-1", "eu-west-1"], all.Select(a => a.AuthorizedAwsRegion));
        Assert.Equal(["{}", """{"NextToken":"n1"}""", """{"NextToken":"n2"}"""], aws.Requests.Select(r => r.Body));
    }

    [Fact]
    public async Task Source_status_lists_every_page_and_reads_failed_sources()
    {
        var aws = new ScriptedAws().Then(
            "DescribeConfigurationAggregatorSourcesStatus",
            Reply.Json("""{"AggregatedSourceStatusList":[{"SourceId":"222222222222","SourceType":"ACCOUNT","AwsRegion":"us-east-1","LastUpdateStatus":"FAILED","LastUpdateTime":1767225600,"LastErrorCode":"AccessDeniedException","LastErrorMessage":"not authorized"}],"NextToken":"s1"}"""),
            Reply.Json("""{"AggregatedSourceStatusList":[{"SourceId":"333333333333","SourceType":"ACCOUNT","AwsRegion":"us-east-1","LastUpdateStatus":"SUCCEEDED"}]}"""));
        using var clients = TestAws.Factory(aws);

        var all = await clients.Config("us-east-1").DescribeAllConfigurationAggregatorSourcesStatusAsync("org", updateStatus: null, pageSize: 100, None);

        Assert.Equal([("222222222222", "FAILED"), ("333333333333", "SUCCEEDED")], all.Select(s => (s.SourceId!, s.LastUpdateStatus!)));
        Assert.Equal(("AccessDeniedException", DateTimeOffset.FromUnixTimeSeconds(1767225600)), (all[0].LastErrorCode, all[0].LastUpdateTime));
        Assert.Equal(
            ["""{"ConfigurationAggregatorName":"org","Limit":100}""", """{"ConfigurationAggregatorName":"org","NextToken":"s1","Limit":100}"""],
            aws.Requests.Select(r => r.Body));
        Assert.All(aws.Requests, r => ModelCheck.AssertValidInput("config", r.Operation, r.Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public async Task Delete_accepts_an_empty_body_or_an_empty_object(string body)
    {
        var aws = new ScriptedAws().On("DeleteAggregationAuthorization", _ => Reply.Json(body));
        using var clients = TestAws.Factory(aws);

        await clients.Config("us-east-1").DeleteAggregationAuthorizationAsync(new() { AuthorizedAccountId = "111111111111", AuthorizedAwsRegion = "us-east-1" }, None);

        Assert.Single(aws.Requests);
    }
}
