using System.Collections.Frozen;
using System.Text;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.StepFunctions;

/// <summary>
/// AWS Step Functions (awsJson1_0): the task callbacks of the wait-for-callback pattern. The tokens are
/// those state <c>taskTokens</c> issues; each accepted callback closes its token and is appended to state
/// <c>taskResults</c>.
/// </summary>
internal static class StepFunctionsHandler
{
    /// <summary>SensitiveData's max, which "apply to the payload size, and are expressed as bytes in UTF-8 encoding".</summary>
    public const int MaxOutputBytes = 262_144;

    public static readonly FrozenSet<string> Supported = new[] { "SendTaskSuccess", "SendTaskFailure" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Writes = Supported;

    public static JsonObject Execute(CallContext call) => call.Operation.Name switch
    {
        "SendTaskSuccess" => SendTaskSuccess(call),
        "SendTaskFailure" => SendTaskFailure(call),
        var other => throw new InvalidOperationException("not dispatched: " + other),
    };

    private static JsonObject SendTaskSuccess(CallContext call)
    {
        var output = call.Input.GetString("output")!;
        if (Encoding.UTF8.GetByteCount(output) > MaxOutputBytes)
        {
            // A sensitive member: AWS leaves its value out of the message.
            throw CommonErrors.Fail(CommonErrors.Validation(call.Service,
                $"1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to {MaxOutputBytes}"));
        }

        if (WireJson.KindOf(output) is null)
        {
            throw CallContext.Error("InvalidOutput", "The provided JSON output data is not valid.");
        }

        return Record(call, new JsonObject { ["taskToken"] = call.Input.GetString("taskToken"), ["status"] = "SUCCESS", ["output"] = output });
    }

    private static JsonObject SendTaskFailure(CallContext call)
    {
        var result = new JsonObject { ["taskToken"] = call.Input.GetString("taskToken"), ["status"] = "FAILURE" };
        foreach (var member in (ReadOnlySpan<string>)["error", "cause"])
        {
            if (call.Input.GetString(member) is { } text)
            {
                result[member] = text;
            }
        }

        return Record(call, result);
    }

    /// <summary>
    /// A closed token answers TaskTimedOut with the message AWS gives ("Task Timed Out: 'Provided task does
    /// not exist anymore'"); a token never issued answers InvalidToken, worded in the same "Title: 'detail'"
    /// form (moto words it "Invalid Token: Invalid token").
    /// </summary>
    private static JsonObject Record(CallContext call, JsonObject result) =>
        call.State.RecordTaskResult(call.Caller.AccountId, call.Region, result) switch
        {
            TaskCallbackOutcome.Recorded => [],
            TaskCallbackOutcome.AlreadyClosed => throw CallContext.Error("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"),
            _ => throw CallContext.Error("InvalidToken", "Invalid Token: 'Invalid token'"),
        };
}
