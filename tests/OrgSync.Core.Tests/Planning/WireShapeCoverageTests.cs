using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Serialization;
using OrgSync.Core.Distributions;

namespace OrgSync.Core.Tests.Planning;

/// <summary>
/// Our wire records against the service models: a model update that adds, renames or removes a
/// member of a shape we write back (and so must carry over) fails here instead of silently
/// dropping data on update.
/// </summary>
public class WireShapeCoverageTests
{
    /// <summary>Model shapes whose record has another name (one record serves both filter kinds).</summary>
    private static readonly Dictionary<string, string> RecordNames = new(StringComparer.Ordinal)
    {
        ["AggregatorFilterResourceType"] = "AggregatorFilter",
        ["AggregatorFilterServicePrincipal"] = "AggregatorFilter",
        ["Tag"] = "ConfigTag",
    };

    private static readonly Type[] Records = typeof(DistributionConfiguration).Assembly.GetTypes();

    public static TheoryData<string, string> Roots => new()
    {
        { "imagebuilder.service-2.json", "Distribution" },
        { "imagebuilder.service-2.json", "DistributionConfiguration" },
        { "imagebuilder.service-2.json", "UpdateDistributionConfigurationRequest" },
        { "config.service-2.json", "ConfigurationAggregator" },
        { "config.service-2.json", "PutConfigurationAggregatorRequest" },
        { "config.service-2.json", "DeliveryChannel" },
        { "config.service-2.json", "PutDeliveryChannelRequest" },
    };

    [Theory]
    [MemberData(nameof(Roots))]
    public void Every_model_member_of_every_nested_structure_has_a_json_property_on_our_record(string modelFile, string root)
    {
        var model = ServiceModel.Load(modelFile);
        var structures = model.StructuresFrom(root);
        Assert.NotEmpty(structures);

        foreach (var structure in structures)
        {
            var record = RecordFor(structure);
            var properties = record.GetProperties()
                .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
                .Where(p => p.Name is not null)
                .ToDictionary(p => p.Name!, p => p.Property, StringComparer.Ordinal);
            var members = model.Members(structure);

            Assert.True(
                members.Keys.ToHashSet().SetEquals(properties.Keys),
                $"{structure} ↔ {record.Name}: model only [{string.Join(", ", members.Keys.Except(properties.Keys))}], record only [{string.Join(", ", properties.Keys.Except(members.Keys))}]");

            foreach (var (member, memberShape) in members)
            {
                if (model.StructureIn(memberShape) is { } nested)
                {
                    Assert.True(
                        ElementType(properties[member].PropertyType) == RecordFor(nested),
                        $"{structure}.{member} holds {nested} but {record.Name} declares {properties[member].PropertyType}");
                }
            }

            // Members added to the model after this build must survive a round trip too.
            var keepsUnknownMembers = record.GetProperties().Any(p => p.GetCustomAttribute<JsonExtensionDataAttribute>() is not null);
            Assert.True(keepsUnknownMembers || IsRequestOnly(record), $"{record.Name} has no [JsonExtensionData]");
        }
    }

    [Fact]
    public void The_distribution_walk_reaches_every_nested_structure_of_the_model()
    {
        var reached = ServiceModel.ImageBuilder.StructuresFrom("Distribution");

        Assert.Equal(
            [
                "AmiDistributionConfiguration", "ContainerDistributionConfiguration", "Distribution", "FastLaunchConfiguration",
                "FastLaunchLaunchTemplateSpecification", "FastLaunchSnapshotConfiguration", "LaunchPermissionConfiguration",
                "LaunchTemplateConfiguration", "S3ExportConfiguration", "SsmParameterConfiguration", "TargetContainerRepository",
            ],
            reached.Order(StringComparer.Ordinal));
    }

    private static Type RecordFor(string structure)
    {
        var name = RecordNames.GetValueOrDefault(structure, structure);
        // Wire records are top-level; nested types of the same name (TargetWork.Distribution) are no wire shape.
        var matches = Records.Where(t => !t.IsNested && t.Name == name && t.Namespace?.StartsWith("OrgSync.Core.", StringComparison.Ordinal) == true).ToList();
        return Assert.Single(matches);
    }

    /// <summary>Requests are built by planners, never read, so they have nothing unknown to keep.</summary>
    private static bool IsRequestOnly(Type record) => record.Name.EndsWith("Request", StringComparison.Ordinal) || record.Name == "ConfigTag";

    private static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) ? type.GetGenericArguments()[0] : type;
    }
}
