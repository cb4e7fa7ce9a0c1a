using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Aws.Tests.Models;

/// <summary>Assertions that what a client sends and reads has the model's member names and constraints.</summary>
internal static class ModelCheck
{
    /// <summary>The JSON body a client sent is a valid input of <paramref name="operation"/>: every member known to the model, every constraint met.</summary>
    public static void AssertValidInput(string service, string operation, string body)
    {
        if (ModelOperations.Load(service).InputOf(operation) is not { } input)
        {
            Assert.Equal("{}", body); // awsJson: an operation without input still sends an empty object
            return;
        }

        var unknown = new List<string>();
        using var document = JsonDocument.Parse(body);
        var errors = ServiceModel.Load(service + ".service-2.json").Validate(document.RootElement, input, unknownMembers: unknown);
        Assert.True(errors.Count == 0, $"{operation}: {string.Join("; ", errors)}");
        Assert.True(unknown.Count == 0, $"{operation} sent members the model does not have: {string.Join(", ", unknown)}");
    }

    /// <summary>The wire names a record declares (its <c>[JsonPropertyName]</c>s, or for XML-read records its property names).</summary>
    public static IReadOnlySet<string> WireNamesOf(Type record, bool json) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetCustomAttribute<JsonExtensionDataAttribute>() is null)
            .Select(p => json ? p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name : p.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> MembersOf(string service, string shape) =>
        ServiceModel.Load(service + ".service-2.json").Members(shape).Keys.ToHashSet(StringComparer.Ordinal);
}
