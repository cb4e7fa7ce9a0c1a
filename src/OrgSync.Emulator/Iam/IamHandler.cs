using System.Collections.Frozen;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Iam;

/// <summary>
/// IAM (query protocol, XML answers) <c>GetRole</c> over the state file's roles. IAM is global: any Region
/// in the signature is accepted (SDKs sign it for us-east-1). The caller's account — of the home key, or
/// of the role its AssumeRole credentials act as — decides whose roles are visible.
/// </summary>
internal static class IamHandler
{
    public static readonly FrozenSet<string> Supported = new[] { "GetRole" }.ToFrozenSet(StringComparer.Ordinal);

    private static ServiceModel Model => ServiceModels.Iam;

    public static string Execute(CallContext call) => call.Operation.Name switch
    {
        "GetRole" => GetRole(call),
        var other => throw new InvalidOperationException("not dispatched: " + other),
    };

    private static string GetRole(CallContext call)
    {
        var name = call.Input.GetString("RoleName")!;
        var role = call.State.Roles.Find(call.Caller.AccountId, name, call.Now)
            ?? throw CommonErrors.Fail(Model.Error("NoSuchEntityException", $"The role with name {name} cannot be found."));
        return QueryXml.Response(Model, call.Operation, call.RequestId, new System.Text.Json.Nodes.JsonObject { ["Role"] = role });
    }
}
