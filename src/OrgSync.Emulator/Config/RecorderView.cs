using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Config;

/// <summary>
/// Configuration recorders as DescribeConfigurationRecorders answers with them: the stored document (what
/// the put or the state file gave) completed with the ARN and the defaults AWS reports.
/// </summary>
internal static class RecorderView
{
    /// <summary>
    /// A recorder as Config describes it: with its ARN (<c>…:configuration-recorder/NAME/ID</c>) and with the
    /// defaults of what the put left out — a recording group of all supported resource types without the global
    /// IAM types, continuous recording, and the PAID scope of a customer managed recorder.
    /// </summary>
    public static JsonObject Describe(JsonObject document)
    {
        var output = (JsonObject)ModelProjection.Project(ServiceModels.Config.Shape("ConfigurationRecorder"), document)!;
        var name = output.GetString("name")!;
        var recorder = new JsonObject
        {
            ["arn"] = output.GetString("arn") ?? RecorderArn(document.GetString("accountId")!, document.GetString("region")!, name),
            ["name"] = name,
        };
        foreach (var (member, value) in output)
        {
            if (member is not ("arn" or "name"))
            {
                recorder[member] = value?.DeepClone();
            }
        }

        recorder["recordingGroup"] = RecordingGroupOutput(output.GetObject("recordingGroup"));
        var mode = output.GetObject("recordingMode")?.DeepClone().AsObject() ?? new JsonObject { ["recordingFrequency"] = "CONTINUOUS" };
        mode["recordingModeOverrides"] ??= new JsonArray();
        recorder["recordingMode"] = mode;
        if (output.GetString("servicePrincipal") is null)
        {
            recorder["recordingScope"] ??= "PAID";
        }

        return recorder;
    }

    /// <summary>Every member present, as Config returns the group: the strategy follows from what the put chose.</summary>
    private static JsonObject RecordingGroupOutput(JsonObject? group)
    {
        if (group is null)
        {
            return RecordingGroupOutput(new JsonObject { ["allSupported"] = true });
        }

        var allSupported = group.GetBool("allSupported");
        var resourceTypes = group.GetArray("resourceTypes") ?? [];
        var exclusions = group.GetObject("exclusionByResourceTypes")?.GetArray("resourceTypes") ?? [];
        var strategy = group.GetObject("recordingStrategy")?.GetString("useOnly")
            ?? (allSupported ? "ALL_SUPPORTED_RESOURCE_TYPES" : exclusions.Count > 0 ? "EXCLUSION_BY_RESOURCE_TYPES" : "INCLUSION_BY_RESOURCE_TYPES");
        return new JsonObject
        {
            ["allSupported"] = allSupported,
            ["includeGlobalResourceTypes"] = group.GetBool("includeGlobalResourceTypes"),
            ["resourceTypes"] = resourceTypes.DeepClone(),
            ["exclusionByResourceTypes"] = new JsonObject { ["resourceTypes"] = exclusions.DeepClone() },
            ["recordingStrategy"] = new JsonObject { ["useOnly"] = strategy },
        };
    }

    /// <summary>
    /// The recorder ARN AWS would assign (its id is random there, 16 lowercase letters and digits): derived
    /// here from the recorder's identity, so repeated runs describe the same ARN.
    /// </summary>
    internal static string RecorderArn(string accountId, string region, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"recorder/{accountId}/{region}/{name}"));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var id = new string(hash.Take(16).Select(b => alphabet[b % alphabet.Length]).ToArray());
        return $"arn:aws:config:{region}:{accountId}:configuration-recorder/{name}/{id}";
    }
}
