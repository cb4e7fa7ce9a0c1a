using System.Globalization;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;

namespace OrgSync.Emulator.Protocols;

/// <summary>
/// Reads query-protocol parameters (<c>RoleArn=…</c>, <c>Tags.member.1.Key=…</c>, <c>Map.entry.1.key=…</c>)
/// into the JSON form of the input shape, so one validator serves every protocol. A parameter the
/// shape does not define is kept under its own name and reported by the validator as unknown; a number
/// that does not parse stays text and is reported as a type mismatch.
/// </summary>
internal static class QueryInput
{
    public static JsonObject Read(ShapeModel shape, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var root = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            Place(shape, root, key.Split('.'), 0, value);
        }

        return root;
    }

    private static void Place(ShapeModel shape, JsonObject target, string[] parts, int at, string value)
    {
        var member = shape.OrderedMembers.FirstOrDefault(m => m.WireName == parts[at]);
        if (member is null)
        {
            target[string.Join('.', parts[at..])] = value;
            return;
        }

        var memberShape = member.Shape;
        if (at == parts.Length - 1)
        {
            target[member.Name] = memberShape.Type is ShapeType.List or ShapeType.Map && value.Length == 0
                ? memberShape.Type == ShapeType.List ? new JsonArray() : new JsonObject()
                : Scalar(memberShape, value);
            return;
        }

        switch (memberShape.Type)
        {
            case ShapeType.Structure:
                var child = target[member.Name] as JsonObject ?? new JsonObject();
                target[member.Name] = child;
                Place(memberShape, child, parts, at + 1, value);
                return;
            case ShapeType.List when parts.Length > at + 2 && parts[at + 1] == "member" && TryIndex(parts[at + 2], out var index):
                var list = target[member.Name] as JsonArray ?? new JsonArray();
                target[member.Name] = list;
                while (list.Count < index)
                {
                    list.Add(null);
                }

                var element = memberShape.ListMember!.Shape;
                if (parts.Length == at + 3)
                {
                    list[index - 1] = Scalar(element, value);
                }
                else if (element.Type == ShapeType.Structure)
                {
                    var item = list[index - 1] as JsonObject ?? new JsonObject();
                    list[index - 1] = item;
                    Place(element, item, parts, at + 3, value);
                }
                else
                {
                    target[string.Join('.', parts[at..])] = value;
                }

                return;
            case ShapeType.Map when parts.Length == at + 4 && parts[at + 1] == "entry" && TryIndex(parts[at + 2], out var entry) && parts[at + 3] is "key" or "value":
                // Entries arrive as key/value pairs; collect them under a private name, then fold.
                var pending = target["__entries." + member.Name] as JsonObject ?? new JsonObject();
                target["__entries." + member.Name] = pending;
                var slot = pending[entry.ToString(CultureInfo.InvariantCulture)] as JsonObject ?? new JsonObject();
                pending[entry.ToString(CultureInfo.InvariantCulture)] = slot;
                slot[parts[at + 3]] = value;
                if (slot.GetString("key") is { } k && slot.ContainsKey("value"))
                {
                    var map = target[member.Name] as JsonObject ?? new JsonObject();
                    target[member.Name] = map;
                    map[k] = Scalar(memberShape.MapValue!.Shape, slot.GetString("value")!);
                    pending.Remove(entry.ToString(CultureInfo.InvariantCulture));
                    if (pending.Count == 0)
                    {
                        target.Remove("__entries." + member.Name);
                    }
                }

                return;
            default:
                target[string.Join('.', parts[at..])] = value;
                return;
        }
    }

    private static bool TryIndex(string text, out int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index >= 1 && index <= 10_000;

    private static JsonValue Scalar(ShapeModel shape, string text) => shape.Type switch
    {
        ShapeType.Integer or ShapeType.Long when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        ShapeType.Double or ShapeType.Float when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        ShapeType.Boolean when text is "true" or "false" => JsonValue.Create(text == "true"),
        _ => JsonValue.Create(text),
    };
}
