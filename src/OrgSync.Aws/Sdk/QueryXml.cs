using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Reading query-protocol (awsQuery) response members: elements matched by local name whatever the
/// service's XML namespace, lists as <c>&lt;member&gt;</c> children, timestamps as ISO-8601 text.
/// A member that is present but malformed throws <see cref="FormatException"/> (an unreadable response).
/// </summary>
internal static class QueryXml
{
    public static XElement? Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(XElement parent, string name) => Child(parent, name)?.Value;

    public static int? Int(XElement parent, string name) =>
        Child(parent, name) is { } element ? int.Parse(element.Value, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset? Time(XElement parent, string name) =>
        Child(parent, name) is { } element
            ? DateTimeOffset.Parse(element.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;

    /// <summary>A list member: each <c>&lt;member&gt;</c> of the named element, read by <paramref name="read"/>; null when the list is absent.</summary>
    public static ImmutableArray<T>? List<T>(XElement parent, string name, Func<XElement, T> read) =>
        Child(parent, name) is { } list
            ? list.Elements().Where(e => e.Name.LocalName == "member").Select(read).ToImmutableArray()
            : null;

    /// <summary>A structure member read by <paramref name="read"/>; null when absent.</summary>
    public static T? Structure<T>(XElement parent, string name, Func<XElement, T> read)
        where T : class =>
        Child(parent, name) is { } element ? read(element) : null;

    /// <summary>The text of a required member; a response without it is unreadable.</summary>
    public static string Required(XElement parent, string name) =>
        Text(parent, name) ?? throw new FormatException($"<{parent.Name.LocalName}> has no <{name}>");

    /// <summary>Reads XML text into a document without DTDs or external resolution.</summary>
    public static XmlReaderSettings SafeSettings { get; } = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
}
