using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrgSync.Core.Events;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>The <c>Reconcile Account</c> request a pass sends for one account: an EventBridge envelope the classifier reads as a channel-only join.</summary>
public static class ReconcileAccountRequest
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="passId">Unique per pass: with the account it is the envelope id, so a message sent twice is one change.</param>
    /// <param name="listedAt">The listing's start: the change's time, so a later event wins over it.</param>
    /// <param name="homeAccountId">The account OrgSync runs in, when known (the envelope's <c>account</c>).</param>
    public static string Body(string accountId, DateTimeOffset listedAt, string passId, string? homeAccountId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", $"{passId}/{accountId}");
            writer.WriteString("detail-type", EventClassifier.ReconcileAccount);
            writer.WriteString("source", EventClassifier.ReconcileSource);
            if (homeAccountId is not null)
            {
                writer.WriteString("account", homeAccountId);
            }

            writer.WriteString("time", listedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartArray("resources");
            writer.WriteEndArray();
            writer.WriteStartObject("detail");
            writer.WriteString("accountId", accountId);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
