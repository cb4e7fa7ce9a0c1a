using System.Collections.Immutable;
using System.Reflection;
using OrgSync.Local.Inputs;

namespace OrgSync.Local.Sample;

/// <summary>
/// The sample organization bundled into the assembly (<c>infra/sample/targets.json</c>, <c>state.json</c>
/// and <c>events/*.json</c>), so that <c>orgsync local</c> with no options runs from any working directory.
/// </summary>
public static class BundledSample
{
    private const string Prefix = "OrgSync.Sample/";
    private const string EventsPrefix = Prefix + "events/";

    public const string TargetsName = "infra/sample/targets.json";
    public const string StateName = "infra/sample/state.json";

    public static string TargetsJson => Read(Prefix + "targets.json");

    public static string StateJson => Read(Prefix + "state.json");

    /// <summary>The sample events, named as <c>--events events</c> from the repository root names them.</summary>
    public static ImmutableArray<InputMessage> Events
    {
        get
        {
            var assembly = typeof(BundledSample).Assembly;
            return
            [
                .. assembly.GetManifestResourceNames()
                    .Where(name => name.StartsWith(EventsPrefix, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .SelectMany(name => InputFiles.FromBytes("events/" + name[EventsPrefix.Length..], ReadBytes(name))),
            ];
        }
    }

    private static string Read(string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(name));

    private static byte[] ReadBytes(string name)
    {
        using var stream = typeof(BundledSample).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the bundled sample resource {name} is missing from {Assembly.GetExecutingAssembly().GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
