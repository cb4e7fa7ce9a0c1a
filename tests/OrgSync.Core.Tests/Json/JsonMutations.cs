using System.Text.Json.Nodes;

namespace OrgSync.Core.Tests.Json;

/// <summary>Structural mutations of a valid document for property tests: random nodes replaced by awkward values, or removed.</summary>
internal static class JsonMutations
{
    /// <summary>
    /// Applies each pick in turn to a node below the root (<c>Node</c> modulo their count): removed from its
    /// object when <c>Value</c> is a multiple of <paramref name="removeOneIn"/>, otherwise replaced by
    /// <c>replacements[Value modulo their count]</c> (a null entry writes JSON null).
    /// </summary>
    public static string Mutate(string json, IEnumerable<(int Node, int Value)> picks, JsonNode?[] replacements, int removeOneIn)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var (node, value) in picks)
        {
            var nodes = Descendants(root).Where(n => n.Parent is not null).ToList();
            if (nodes.Count == 0)
            {
                break;
            }

            var target = nodes[node % nodes.Count];
            var replacement = replacements[value % replacements.Length]?.DeepClone();
            switch (target.Parent)
            {
                case JsonObject parent when value % removeOneIn == 0:
                    parent.Remove(target.GetPropertyName());
                    break;
                case JsonObject parent:
                    parent[target.GetPropertyName()] = replacement;
                    break;
                case JsonArray array:
                    array[target.GetElementIndex()] = replacement;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
