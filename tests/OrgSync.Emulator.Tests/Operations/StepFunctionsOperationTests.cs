using System.Text.Json.Nodes;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.StepFunctions;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Operations;

public sealed class StepFunctionsOperationTests
{
    private const string State = """
        {
          "accountId": "111111111111",
          "taskTokens": [ { "taskToken": "open-1" }, { "taskToken": "open-2", "x-note": "kept" }, { "taskToken": "used" },
                          { "taskToken": "member-only", "accountId": "222222222222", "region": "eu-west-1" } ],
          "taskResults": [ { "taskToken": "used", "status": "SUCCESS", "output": "{}", "x-note": "kept" } ]
        }
        """;

    private static JsonArray Results(AwsEmulator emulator) => emulator.State.ExportNode()["taskResults"]!.AsArray();

    [Fact]
    public async Task Callbacks_close_their_token_and_are_logged_in_order()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var success = (await home.StepFunctions("SendTaskSuccess", """{"taskToken":"open-1","output":"{\"accountId\":\"222222222222\"}"}""")).ShouldSucceed();
        Assert.Equal("{}", success.Body);
        Assert.Equal("application/x-amz-json-1.0", success.Response.Content.Headers.ContentType!.MediaType);
        (await home.StepFunctions("SendTaskFailure", """{"taskToken":"open-2","error":"OrgSync.AccountSyncFailed","cause":"channel: blocked"}""")).ShouldSucceed();

        var expected = JsonNode.Parse("""
            [ {"taskToken":"used","status":"SUCCESS","output":"{}","x-note":"kept"},
              {"taskToken":"open-1","status":"SUCCESS","output":"{\"accountId\":\"222222222222\"}"},
              {"taskToken":"open-2","status":"FAILURE","error":"OrgSync.AccountSyncFailed","cause":"channel: blocked"} ]
            """);
        Assert.True(JsonNode.DeepEquals(expected, Results(emulator)), Results(emulator).ToJsonString());
    }

    [Theory]
    [InlineData("SendTaskSuccess", """{"taskToken":"used","output":"{}"}""", "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")]
    [InlineData("SendTaskFailure", """{"taskToken":"used"}""", "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")]
    [InlineData("SendTaskSuccess", """{"taskToken":"never-issued","output":"{}"}""", "InvalidToken", "Invalid Token: 'Invalid token'")]
    [InlineData("SendTaskFailure", """{"taskToken":"member-only"}""", "InvalidToken", "Invalid Token: 'Invalid token'")]
    [InlineData("SendTaskSuccess", """{"taskToken":"open-1","output":"not json"}""", "InvalidOutput", "The provided JSON output data is not valid.")]
    [InlineData("SendTaskSuccess", """{"taskToken":"open-1","output":""}""", "InvalidOutput", "The provided JSON output data is not valid.")]
    [InlineData("SendTaskSuccess", """{"taskToken":"open-1"}""", "ValidationException", "1 validation error detected: Value null at 'output' failed to satisfy constraint: Member must not be null")]
    [InlineData("SendTaskSuccess", """{"taskToken":"","output":"{}"}""", "ValidationException", "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    public async Task A_refused_callback_answers_the_modeled_error_and_records_nothing(string operation, string body, string code, string message)
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var result = await home.StepFunctions(operation, body);
        result.ShouldFail(400, code);
        Assert.Equal(message, result.ErrorMessage);
        Assert.Single(Results(emulator));
    }

    [Fact]
    public async Task A_token_issued_to_an_account_and_region_is_known_there_only()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        using var member = await home.AssumeRoleAsync($"arn:aws:iam::{TestState.Member}:role/OrgSyncMemberRole");
        (await member.StepFunctions("SendTaskFailure", """{"taskToken":"member-only"}""")).ShouldFail(400, "InvalidToken");
        using var memberEu = member.WithRegion("eu-west-1");
        (await memberEu.StepFunctions("SendTaskFailure", """{"taskToken":"member-only"}""")).ShouldSucceed();
        Assert.Equal("""{"taskToken":"member-only","status":"FAILURE"}""", Results(emulator)[^1]!.ToJsonString());
    }

    [Fact]
    public async Task Output_is_limited_in_UTF8_bytes()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        // A JSON string of 'é' (2 bytes each) between quotes: within the limit in characters, over it in bytes.
        string Output(int bytes) => "\"" + new string('é', (bytes - 2) / 2) + new string('x', (bytes - 2) % 2) + "\"";
        var over = await home.StepFunctions("SendTaskSuccess", new JsonObject { ["taskToken"] = "open-1", ["output"] = Output(StepFunctionsHandler.MaxOutputBytes + 1) });
        over.ShouldFail(400, "ValidationException");
        Assert.Equal($"1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to {StepFunctionsHandler.MaxOutputBytes}", over.ErrorMessage);
        (await home.StepFunctions("SendTaskSuccess", new JsonObject { ["taskToken"] = "open-1", ["output"] = Output(StepFunctionsHandler.MaxOutputBytes) })).ShouldSucceed();
    }

    [Fact]
    public async Task Step_Functions_speaks_awsJson1_0()
    {
        await using var emulator = await TestState.StartAsync(state: State);
        using var home = SignedClient.Home(emulator);
        var wrongType = await home.SendAsync("states", HttpMethod.Post, "/", null, """{"taskToken":"open-1"}""", "application/x-amz-json-1.1", new() { ["X-Amz-Target"] = "AWSStepFunctions.SendTaskFailure" });
        wrongType.ShouldFail(400, "UnknownOperationException");
        Assert.Contains("application/x-amz-json-1.0", wrongType.ErrorMessage);
        (await home.StepFunctions("StartExecution", "{}")).ShouldFail(400, "UnknownOperationException");
        // A target of another service does not reach this one.
        (await home.SendAsync("states", HttpMethod.Post, "/", null, "{}", "application/x-amz-json-1.0", new() { ["X-Amz-Target"] = "AWSEvents.PutEvents" })).ShouldFail(400, "UnknownOperationException");
    }

    [Fact]
    public async Task A_lost_response_closes_the_token_so_the_retry_times_out()
    {
        await using var emulator = await TestState.StartAsync(new EmulatorOptions { Faults = new FaultSettings(0, 0, 1) }, State);
        using var home = SignedClient.Home(emulator);
        (await home.StepFunctions("SendTaskSuccess", """{"taskToken":"open-1","output":"{}"}""")).ShouldFail(500, "InternalFailure");
        emulator.Faults = FaultSettings.None;
        (await home.StepFunctions("SendTaskSuccess", """{"taskToken":"open-1","output":"{}"}""")).ShouldFail(400, "TaskTimedOut");
        Assert.Equal(2, Results(emulator).Count);
        Assert.Equal(2, emulator.CallCount("states.SendTaskSuccess"));
    }
}
