using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;

namespace OrgSync.Core.Json;

/// <summary>
/// Source-generated (reflection-free, trim-safe) serialization of the AWS wire shapes. Absent
/// members stay absent: null is never written, so a round trip does not invent members.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    MaxDepth = StrictJson.MaxDepth)]
[JsonSerializable(typeof(ConfigurationAggregator))]
[JsonSerializable(typeof(PutConfigurationAggregatorRequest))]
[JsonSerializable(typeof(DeliveryChannel))]
[JsonSerializable(typeof(PutDeliveryChannelRequest))]
[JsonSerializable(typeof(DistributionConfiguration))]
[JsonSerializable(typeof(Distribution))]
[JsonSerializable(typeof(UpdateDistributionConfigurationRequest))]
public sealed partial class CoreJsonContext : JsonSerializerContext
{
    /// <summary>The context with relaxed escaping: output is JSON for tools and humans, never embedded in HTML.</summary>
    public static CoreJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = StrictJson.MaxDepth,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
