using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// Source-generated (reflection-free, trim-safe) serialization of the Lambda event and response
/// shapes. Unknown members of the events are ignored (AWS adds fields over time); duplicate members are
/// rejected like everywhere else untrusted JSON is read.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowDuplicateProperties = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class LambdaJsonContext : JsonSerializerContext
{
}
