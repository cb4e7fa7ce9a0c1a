using System.Text.Json.Nodes;

namespace OrgSync.Emulator.Models;

/// <summary>
/// Copies of stored documents cut down to what a model shape defines, so that placement fields and
/// unknown state-file fields never leak into an API response.
/// </summary>
internal static class ModelProjection
{
    public static JsonNode? Project(ShapeModel shape, JsonNode? node)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure when node is JsonObject obj:
                var result = new JsonObject();
                foreach (var member in shape.OrderedMembers)
                {
                    if (obj.TryGetPropertyValue(member.Name, out var child) && child is not null)
                    {
                        result[member.Name] = Project(member.Shape, child);
                    }
                }

                return result;
            case ShapeType.List when node is JsonArray array:
                return new JsonArray(array.Select(item => Project(shape.ListMember!.Shape, item)).ToArray());
            case ShapeType.Map when node is JsonObject map:
                var projected = new JsonObject();
                foreach (var (key, value) in map)
                {
                    projected[key] = Project(shape.MapValue!.Shape, value);
                }

                return projected;
            default:
                return node?.DeepClone();
        }
    }
}
