using System.Text.Json.Serialization;

namespace OrgSync.Aws.StepFunctions;

// AWS Step Functions task callbacks (awsJson1_0, camelCase, names as in stepfunctions.service-2.json;
// the model calls these SendTaskSuccessInput / SendTaskFailureInput). Both answer with an empty object.

public sealed record SendTaskSuccessRequest
{
    /// <summary>The token a wait-for-callback task handed out (1–2048 characters).</summary>
    [JsonPropertyName("taskToken")] public required string TaskToken { get; init; }

    /// <summary>The task's JSON output, as text (at most 256 KiB); sensitive.</summary>
    [JsonPropertyName("output")] public required string Output { get; init; }
}

public sealed record SendTaskFailureRequest
{
    [JsonPropertyName("taskToken")] public required string TaskToken { get; init; }

    /// <summary>An error code for the state machine's <c>Catch</c> (0–256 characters); sensitive.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>A readable cause (0–32768 characters); sensitive.</summary>
    [JsonPropertyName("cause")] public string? Cause { get; init; }
}
