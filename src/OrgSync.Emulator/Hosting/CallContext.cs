using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.Signing;
using OrgSync.Emulator.State;

namespace OrgSync.Emulator.Hosting;

/// <summary>One authenticated, validated call, ready for its operation.</summary>
internal sealed class CallContext
{
    public required AwsService Service { get; init; }

    public required string Region { get; init; }

    public required OperationModel Operation { get; init; }

    public required CallerIdentity Caller { get; init; }

    public required JsonObject Input { get; init; }

    public required string RequestId { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required EmulatorState State { get; init; }

    /// <summary>The caller's account in the request's Region: where the call acts.</summary>
    public RegionState Home => State.Region(Caller.AccountId, Region);

    public static AwsErrorException Error(string code, string message, int status = 400) => new(new AwsError(code, message, status));
}
