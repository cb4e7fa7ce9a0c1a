using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Models;

internal enum ShapeType
{
    String,
    Integer,
    Long,
    Double,
    Float,
    Boolean,
    Timestamp,
    Blob,
    Structure,
    List,
    Map,
}

/// <summary>
/// A botocore <c>service-2.json</c> model, read lazily: shapes are materialised (with their compiled
/// patterns) the first time a request needs them and cached for the life of the process.
/// </summary>
internal sealed class ServiceModel
{
    private readonly JsonElement _shapes;
    private readonly ConcurrentDictionary<string, ShapeModel> _shapeCache = new(StringComparer.Ordinal);

    private ServiceModel(string id, JsonElement root)
    {
        Id = id;
        var metadata = root.GetProperty("metadata");
        Protocol = metadata.GetProperty("protocol").GetString()!;
        ApiVersion = metadata.GetProperty("apiVersion").GetString()!;
        TargetPrefix = metadata.TryGetProperty("targetPrefix", out var prefix) ? prefix.GetString() : null;
        JsonVersion = metadata.TryGetProperty("jsonVersion", out var jsonVersion) ? jsonVersion.GetString() : null;
        XmlNamespace = metadata.TryGetProperty("xmlNamespace", out var ns) ? ns.GetString() : null;
        SigningName = (metadata.TryGetProperty("signingName", out var signing) ? signing : metadata.GetProperty("endpointPrefix")).GetString()!;
        _shapes = root.GetProperty("shapes");

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var op in root.GetProperty("operations").EnumerateObject())
        {
            var http = op.Value.GetProperty("http");
            operations[op.Name] = new OperationModel(
                op.Name,
                http.GetProperty("method").GetString()!,
                http.GetProperty("requestUri").GetString()!,
                op.Value.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null,
                op.Value.TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null,
                op.Value.TryGetProperty("errors", out var errors)
                    ? errors.EnumerateArray().Select(e => e.GetProperty("shape").GetString()!).ToArray()
                    : []);
        }

        Operations = operations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The model's file stem: <c>config</c>, <c>imagebuilder</c>, <c>sts</c>, <c>organizations</c>, <c>iam</c>.</summary>
    public string Id { get; }

    public string Protocol { get; }

    public string ApiVersion { get; }

    public string? TargetPrefix { get; }

    /// <summary>awsJson1_0 or awsJson1_1: the version in the request and response media type.</summary>
    public string? JsonVersion { get; }

    /// <summary>The awsJson protocols: POST / with <c>X-Amz-Target: TargetPrefix.Operation</c>.</summary>
    public bool IsAwsJson => Protocol == "json";

    /// <summary>The query protocol: form-encoded <c>Action</c>/<c>Version</c>, XML answers.</summary>
    public bool IsQuery => Protocol == "query";

    /// <summary>The media type of requests and answers: <c>application/x-amz-json-1.1</c>, <c>application/json</c>, <c>text/xml</c>.</summary>
    public string MediaType => Protocol switch
    {
        "json" => "application/x-amz-json-" + JsonVersion,
        "rest-json" => "application/json",
        _ => "text/xml",
    };

    /// <summary>
    /// How an error shape spells its message member (<c>message</c> in Config and Image Builder, <c>Message</c>
    /// in Organizations); awsJson answers use the model's spelling.
    /// </summary>
    public string ErrorMessageMember(string code) =>
        HasShape(code) && Shape(code).Members.ContainsKey("Message") ? "Message" : "message";

    public string? XmlNamespace { get; }

    /// <summary>The service of a SigV4 credential scope (botocore: <c>signingName</c>, else <c>endpointPrefix</c>).</summary>
    public string SigningName { get; }

    /// <summary>How the protocol writes a timestamp unless the shape says otherwise (botocore: JSON protocols epoch seconds, query ISO-8601).</summary>
    public TimestampFormat DefaultTimestampFormat => Protocol is "json" or "rest-json" ? TimestampFormat.EpochSeconds : TimestampFormat.Text;

    public FrozenDictionary<string, OperationModel> Operations { get; }

    public bool HasShape(string name) => _shapes.TryGetProperty(name, out _);

    /// <summary>The HTTP status of an error shape (its <c>httpStatusCode</c>); 400, the client-error default, when the model gives none.</summary>
    public int ErrorStatus(string code) => HasShape(code) && Shape(code).ErrorStatus is { } status ? status : 400;

    /// <summary>
    /// An error this model defines, by its shape name: the wire code (<c>error.code</c>, e.g. IAM's
    /// <c>NoSuchEntity</c> for <c>NoSuchEntityException</c>) and status (<c>httpStatusCode</c>; else 500 for a
    /// server fault, 400 for a client one).
    /// </summary>
    public AwsError Error(string shapeName, string message)
    {
        var shape = Shape(shapeName);
        if (!shape.IsError)
        {
            throw new InvalidOperationException($"{Id} model: '{shapeName}' is not an error shape");
        }

        return new AwsError(shape.ErrorCode!, message, shape.ErrorStatus ?? (shape.IsFault ? 500 : 400));
    }

    public ShapeModel Shape(string name) => _shapeCache.GetOrAdd(name, static (n, self) => self.Build(n), this);

    public ShapeModel InputOf(OperationModel operation) =>
        operation.InputShape is { } name ? Shape(name) : ShapeModel.EmptyStructure;

    public static ServiceModel Parse(string id, Stream json)
    {
        // Clone detaches the elements from the pooled document so the model can live for the process.
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        return new ServiceModel(id, document.RootElement.Clone());
    }

    private ShapeModel Build(string name)
    {
        if (!_shapes.TryGetProperty(name, out var element))
        {
            throw new InvalidOperationException($"{Id} model has no shape '{name}'");
        }

        return ShapeModel.FromElement(this, name, element);
    }
}

/// <summary>A timestamp on the wire: a JSON number of epoch seconds, or text (ISO-8601, RFC 822).</summary>
internal enum TimestampFormat
{
    EpochSeconds,
    Text,
}

internal sealed record OperationModel(
    string Name,
    string HttpMethod,
    string RequestUri,
    string? InputShape,
    string? OutputShape,
    IReadOnlyList<string> Errors);

internal sealed class MemberModel
{
    private readonly ServiceModel? _model;
    private ShapeModel? _shape;

    public MemberModel(ServiceModel? model, string name, string shapeName, string? location, string? locationName, bool idempotencyToken)
    {
        _model = model;
        Name = name;
        ShapeName = shapeName;
        Location = location;
        LocationName = locationName;
        IsIdempotencyToken = idempotencyToken;
    }

    public string Name { get; }

    public string ShapeName { get; }

    /// <summary>null = body (or query parameters for the query protocol); otherwise querystring, header, uri...</summary>
    public string? Location { get; }

    public string? LocationName { get; }

    public bool IsIdempotencyToken { get; }

    public string WireName => LocationName ?? Name;

    public ShapeModel Shape => _shape ??= _model!.Shape(ShapeName);
}

internal sealed class ShapeModel
{
    public static readonly ShapeModel EmptyStructure = new("(none)", ShapeType.Structure);

    private ShapeModel(string name, ShapeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public ShapeType Type { get; }

    public long? Min { get; private init; }

    public long? Max { get; private init; }

    /// <summary>The pattern as the model spells it (quoted in validation messages, as AWS does).</summary>
    public string? PatternSource { get; private init; }

    public ModelPattern? Pattern { get; private init; }

    public IReadOnlyList<string>? Enum { get; private init; }

    public FrozenSet<string>? EnumSet { get; private init; }

    public FrozenDictionary<string, MemberModel> Members { get; private init; } = FrozenDictionary<string, MemberModel>.Empty;

    /// <summary>Members in model order (FrozenDictionary does not keep it).</summary>
    public IReadOnlyList<MemberModel> OrderedMembers { get; private init; } = [];

    public IReadOnlyList<string> Required { get; private init; } = [];

    public MemberModel? ListMember { get; private init; }

    public MemberModel? MapKey { get; private init; }

    public MemberModel? MapValue { get; private init; }

    public bool IsError { get; private init; }

    /// <summary>A server-side error (<c>"fault": true</c>).</summary>
    public bool IsFault { get; private init; }

    public string? ErrorCode { get; private init; }

    public int? ErrorStatus { get; private init; }

    /// <summary>For a timestamp shape: its <c>timestampFormat</c>, or the protocol's default.</summary>
    public TimestampFormat TimestampFormat { get; private init; }

    public static ShapeModel FromElement(ServiceModel model, string name, JsonElement e)
    {
        var type = e.GetProperty("type").GetString() switch
        {
            "string" => ShapeType.String,
            "integer" => ShapeType.Integer,
            "long" => ShapeType.Long,
            "double" => ShapeType.Double,
            "float" => ShapeType.Float,
            "boolean" => ShapeType.Boolean,
            "timestamp" => ShapeType.Timestamp,
            "blob" => ShapeType.Blob,
            "structure" => ShapeType.Structure,
            "list" => ShapeType.List,
            "map" => ShapeType.Map,
            var other => throw new InvalidOperationException($"{model.Id} shape {name}: unsupported type '{other}'"),
        };

        var ordered = new List<MemberModel>();
        if (e.TryGetProperty("members", out var members))
        {
            foreach (var m in members.EnumerateObject())
            {
                ordered.Add(ReadMember(model, m.Name, m.Value));
            }
        }

        string[]? enumValues = e.TryGetProperty("enum", out var en) ? en.EnumerateArray().Select(v => v.GetString()!).ToArray() : null;
        var pattern = e.TryGetProperty("pattern", out var p) ? p.GetString() : null;
        string? errorCode = null;
        int? errorStatus = null;
        if (e.TryGetProperty("error", out var error))
        {
            errorCode = error.TryGetProperty("code", out var code) ? code.GetString() : null;
            errorStatus = error.TryGetProperty("httpStatusCode", out var status) ? status.GetInt32() : null;
        }

        return new ShapeModel(name, type)
        {
            Min = e.TryGetProperty("min", out var min) ? (long)min.GetDouble() : null,
            Max = e.TryGetProperty("max", out var max) ? (long)max.GetDouble() : null,
            PatternSource = pattern,
            Pattern = pattern is null ? null : ModelPattern.Compile(pattern),
            Enum = enumValues,
            EnumSet = enumValues?.ToFrozenSet(StringComparer.Ordinal),
            Members = ordered.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal),
            OrderedMembers = ordered,
            Required = e.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToArray() : [],
            ListMember = e.TryGetProperty("member", out var lm) ? ReadMember(model, "member", lm) : null,
            MapKey = e.TryGetProperty("key", out var k) ? ReadMember(model, "key", k) : null,
            MapValue = e.TryGetProperty("value", out var v) ? ReadMember(model, "value", v) : null,
            IsError = e.TryGetProperty("exception", out var ex) && ex.GetBoolean(),
            IsFault = e.TryGetProperty("fault", out var fault) && fault.GetBoolean(),
            ErrorCode = errorCode ?? name,
            ErrorStatus = errorStatus,
            TimestampFormat = e.TryGetProperty("timestampFormat", out var format)
                ? format.GetString() == "unixTimestamp" ? TimestampFormat.EpochSeconds : TimestampFormat.Text
                : model.DefaultTimestampFormat,
        };
    }

    private static MemberModel ReadMember(ServiceModel model, string name, JsonElement m) =>
        new(
            model,
            name,
            m.GetProperty("shape").GetString()!,
            m.TryGetProperty("location", out var loc) ? loc.GetString() : null,
            m.TryGetProperty("locationName", out var ln) ? ln.GetString() : null,
            m.TryGetProperty("idempotencyToken", out var it) && it.GetBoolean());
}
