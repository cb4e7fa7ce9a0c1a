using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using OrgSync.Emulator.Models;

namespace OrgSync.Emulator.Protocols;

/// <summary>
/// Answers of the query protocol (STS, IAM): <c>&lt;OpResponse xmlns=…&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;
/// &lt;ResponseMetadata&gt;&lt;RequestId/&gt;…</c>, the result written from a JSON document by the output
/// shape (members in model order, lists as <c>&lt;member&gt;</c> elements), and <c>&lt;ErrorResponse&gt;</c>.
/// </summary>
internal static class QueryXml
{
    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Indent = true };

    /// <summary>The answer to <paramref name="operation"/>, its result written by the model's output shape.</summary>
    public static string Response(ServiceModel model, OperationModel operation, string requestId, JsonObject result)
    {
        var shape = operation.OutputShape is { } name ? model.Shape(name) : ShapeModel.EmptyStructure;
        return Response(model, operation.Name, requestId, w => WriteMembers(w, shape, result));
    }

    /// <summary>The answer to <paramref name="operation"/>, its result written by <paramref name="result"/>.</summary>
    public static string Response(ServiceModel model, string operation, string requestId, Action<XmlWriter> result)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, Settings))
        {
            w.WriteStartElement(operation + "Response", model.XmlNamespace);
            w.WriteStartElement(operation + "Result");
            result(w);
            w.WriteEndElement();
            w.WriteStartElement("ResponseMetadata");
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        return sb.ToString();
    }

    public static string Error(ServiceModel model, AwsError error, string requestId)
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, Settings))
        {
            w.WriteStartElement("ErrorResponse", model.XmlNamespace);
            w.WriteStartElement("Error");
            w.WriteElementString("Type", error.IsServerFault ? "Receiver" : "Sender");
            w.WriteElementString("Code", error.Code);
            w.WriteElementString("Message", error.Message);
            w.WriteEndElement();
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
        }

        return sb.ToString();
    }

    private static void WriteMembers(XmlWriter w, ShapeModel shape, JsonObject value)
    {
        foreach (var member in shape.OrderedMembers)
        {
            if (value.TryGetPropertyValue(member.Name, out var child) && child is not null)
            {
                w.WriteStartElement(member.WireName);
                WriteValue(w, member.Shape, child);
                w.WriteEndElement();
            }
        }
    }

    private static void WriteValue(XmlWriter w, ShapeModel shape, JsonNode value)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                WriteMembers(w, shape, (JsonObject)value);
                break;
            case ShapeType.List:
                foreach (var item in ((JsonArray)value).OfType<JsonNode>())
                {
                    w.WriteStartElement(shape.ListMember!.LocationName ?? "member");
                    WriteValue(w, shape.ListMember.Shape, item);
                    w.WriteEndElement();
                }

                break;
            case ShapeType.Map:
                foreach (var (key, entry) in (JsonObject)value)
                {
                    w.WriteStartElement("entry");
                    w.WriteElementString(shape.MapKey!.LocationName ?? "key", key);
                    w.WriteStartElement(shape.MapValue!.LocationName ?? "value");
                    if (entry is not null)
                    {
                        WriteValue(w, shape.MapValue.Shape, entry);
                    }

                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                break;
            default:
                w.WriteString(Scalar((JsonValue)value));
                break;
        }
    }

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
