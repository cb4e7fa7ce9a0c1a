using System.Collections.Immutable;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Events;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

public sealed class EventBridgeClientWireTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static PutEventsRequestEntry Entry(string account) => new()
    {
        Time = DateTimeOffset.FromUnixTimeSeconds(1767225600),
        Source = "orgsync",
        DetailType = "Account Sync Completed",
        Detail = $$"""{"accountId":"{{account}}"}""",
        EventBusName = "default",
        Resources = [$"arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/{account}"],
    };

    [Fact]
    public async Task PutEvents_is_an_awsJson11_POST_to_the_regional_endpoint_with_epoch_second_times()
    {
        var aws = new ScriptedAws().On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}"""));
        using var clients = TestAws.Factory(aws);

        await clients.Events("eu-west-1").PutEntriesAsync([Entry("222222222222") with { TraceHeader = "Root=1-abc" }], None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "https://events.eu-west-1.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal($"{ModelOperations.Load("events").Metadata("targetPrefix")}.PutEvents", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.Equal(
            """{"Entries":[{"Time":1767225600,"Source":"orgsync","Resources":["arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222"],"DetailType":"Account Sync Completed","Detail":"{\u0022accountId\u0022:\u0022222222222222\u0022}","EventBusName":"default","TraceHeader":"Root=1-abc"}]}""",
            request.Body);
        SigV4.AssertSigned(request, FakeAws.HomeAccessKey, "eu-west-1", "events", "x-amz-target");
        ModelCheck.AssertValidInput("events", "PutEvents", request.Body);
    }

    [Fact]
    public async Task DescribeEventBus_names_the_bus_and_a_missing_bus_is_ResourceNotFoundException()
    {
        var aws = new ScriptedAws()
            .Then("DescribeEventBus", Reply.Json("""{"Name":"vending","Arn":"arn:aws:events:eu-west-1:111111111111:event-bus/vending","CreationTime":1767225600.5}"""))
            .On("DescribeEventBus", _ => Reply.JsonError(400, "ResourceNotFoundException", "Event bus missing does not exist."));
        using var clients = TestAws.Factory(aws);
        var events = clients.Events("eu-west-1");

        var bus = await events.DescribeEventBusAsync("vending", None);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => events.DescribeEventBusAsync("missing", None));
        await Assert.ThrowsAsync<AwsServiceException>(() => events.DescribeEventBusAsync(null, None));

        Assert.Equal(("vending", "arn:aws:events:eu-west-1:111111111111:event-bus/vending"), (bus.Name, bus.Arn));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_500), bus.CreationTime);
        Assert.Equal(EventBridgeClient.ResourceNotFound, missing.ErrorCode);
        Assert.Equal(["""{"Name":"vending"}""", """{"Name":"missing"}""", "{}"], aws.Requests.Select(r => r.Body));
        Assert.Equal($"{ModelOperations.Load("events").Metadata("targetPrefix")}.DescribeEventBus", aws.Requests[0].Header("X-Amz-Target"));
        Assert.All(aws.Requests, r => ModelCheck.AssertValidInput("events", "DescribeEventBus", r.Body));
        SigV4.AssertSigned(aws.Requests[0], FakeAws.HomeAccessKey, "eu-west-1", "events", "x-amz-target");
    }

    [Fact]
    public async Task Each_entry_is_paired_with_its_result_so_only_the_failed_ones_are_sent_again()
    {
        var aws = new ScriptedAws().On("PutEvents", _ => Reply.Json("""
            {"FailedEntryCount":2,"Entries":[
              {"EventId":"e-1"},
              {"ErrorCode":"ThrottlingException","ErrorMessage":"Rate exceeded"},
              {"EventId":"e-3"},
              {"ErrorCode":"MalformedDetail","ErrorMessage":"Detail is malformed."}]}
            """));
        using var clients = TestAws.Factory(aws);
        var entries = new[] { Entry("222222222222"), Entry("333333333333"), Entry("444444444444"), Entry("555555555555") with { Detail = "{" } };

        var outcome = await clients.Events("us-east-1").PutEntriesAsync(entries, None);

        Assert.False(outcome.AllSucceeded);
        Assert.Equal(entries, outcome.Entries.Select(e => e.Entry));
        Assert.Equal([true, false, true, false], outcome.Entries.Select(e => e.Succeeded));
        Assert.Equal(["e-1", null, "e-3", null], outcome.Entries.Select(e => e.Result.EventId));
        Assert.Equal([entries[1], entries[3]], outcome.Failed.Select(f => f.Entry));
        Assert.Equal([FailureKind.Throttling, FailureKind.Permanent], outcome.Failed.Select(f => f.Failure!.Value));
        Assert.Equal("Detail is malformed.", outcome.Failed[1].Result.ErrorMessage);
    }

    [Fact]
    public async Task All_entries_accepted()
    {
        var aws = new ScriptedAws().On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"},{"EventId":"e-2"}]}"""));
        using var clients = TestAws.Factory(aws);

        var outcome = await clients.Events("us-east-1").PutEntriesAsync([Entry("222222222222"), Entry("333333333333")], None);

        Assert.True(outcome.AllSucceeded);
        Assert.Empty(outcome.Failed);
        Assert.All(outcome.Entries, e => Assert.Null(e.Failure));
    }

    [Theory]
    [InlineData("""{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}""")]
    [InlineData("""{"FailedEntryCount":0}""")]
    public async Task A_result_count_that_differs_from_the_request_is_an_unreadable_response(string body)
    {
        var aws = new ScriptedAws().On("PutEvents", _ => Reply.Json(body));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Events("us-east-1").PutEntriesAsync([Entry("222222222222"), Entry("333333333333")], None));

        Assert.Equal((ErrorCodes.UnreadableResponse, FailureKind.Transient), (error.ErrorCode, error.FailureKind));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task The_model_takes_one_to_ten_entries(int count)
    {
        var model = ModelCheck.MembersOf("events", "PutEventsRequest");
        Assert.Contains("Entries", model);
        var aws = new ScriptedAws();
        using var clients = TestAws.Factory(aws);

        await Assert.ThrowsAsync<ArgumentException>(() => clients.Events("us-east-1").PutEntriesAsync([.. Enumerable.Repeat(Entry("222222222222"), count)], None));

        Assert.Empty(aws.Requests);
        Assert.Equal(EventBridgeClient.MaxEntriesPerCall, OrgSync.Core.Tests.Planning.ServiceModel.Load("events.service-2.json").Shape("PutEventsRequestEntryList").GetProperty("max").GetInt32());
    }

    public static TheoryData<string, string, int> ModeledErrors => ModelOperations.ErrorCases("events", ["PutEvents"]);

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Every_modeled_error_of_the_call_is_read_to_its_code(string operation, string code, int status)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.JsonError(status, code));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Events("us-east-1").PutEventsAsync(new PutEventsRequest { Entries = [Entry("222222222222")] }, None));

        Assert.Equal((code, status, "events", operation), (error.ErrorCode, (int)error.StatusCode, error.Service, error.Operation));
        Assert.Equal(FailureKind.Transient, error.FailureKind); // InternalException is a 500 fault
    }

    [Fact]
    public async Task The_raw_call_returns_the_response_as_the_API_has_it()
    {
        var aws = new ScriptedAws().On("PutEvents", _ => Reply.Json("""{"FailedEntryCount":1,"Entries":[{"ErrorCode":"InternalFailure","ErrorMessage":"try again"}]}"""));
        using var clients = TestAws.Factory(aws);

        var response = await clients.Events("us-east-1").PutEventsAsync(new PutEventsRequest { Entries = ImmutableArray.Create(Entry("222222222222")) }, None);

        Assert.Equal(1, response.FailedEntryCount);
        Assert.Equal("InternalFailure", Assert.Single(response.Entries!.Value).ErrorCode);
    }
}
