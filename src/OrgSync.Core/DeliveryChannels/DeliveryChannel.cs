using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Core.DeliveryChannels;

// AWS Config delivery channel wire shapes. Note the casing: snsTopicARN but s3KmsKeyArn.

public sealed record DeliveryChannel
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("s3BucketName")] public string? S3BucketName { get; init; }
    [JsonPropertyName("s3KeyPrefix")] public string? S3KeyPrefix { get; init; }
    [JsonPropertyName("s3KmsKeyArn")] public string? S3KmsKeyArn { get; init; }
    [JsonPropertyName("snsTopicARN")] public string? SnsTopicArn { get; init; }
    [JsonPropertyName("configSnapshotDeliveryProperties")] public ConfigSnapshotDeliveryProperties? ConfigSnapshotDeliveryProperties { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record ConfigSnapshotDeliveryProperties
{
    [JsonPropertyName("deliveryFrequency")] public string? DeliveryFrequency { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record PutDeliveryChannelRequest
{
    [JsonPropertyName("DeliveryChannel")] public required DeliveryChannel DeliveryChannel { get; init; }
}
