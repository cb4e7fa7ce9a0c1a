using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Pipeline.Reconcile;

namespace OrgSync.Local.Reconcile;

/// <summary>Writes a <see cref="ReconcileSection"/> with <see cref="ReconcileSummary.Write"/>: one shape for both commands.</summary>
internal sealed class ReconcileSectionJsonConverter : JsonConverter<ReconcileSection>
{
    public override ReconcileSection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("a reconcile section is written, never read");

    public override void Write(Utf8JsonWriter writer, ReconcileSection value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReconcileSummary.Write(writer, value.Outcome, value.ApiCalls);
    }
}
