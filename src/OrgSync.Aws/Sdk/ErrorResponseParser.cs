using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>What an error response says: its sanitized code, its message, and the request id its body carries (query XML only).</summary>
internal readonly record struct ParsedError(string Code, string Message, string? RequestId = null);

/// <summary>
/// Reads an error response in its protocol's format (FACTS §4). JSON protocols: the code from the
/// <c>X-Amzn-Errortype</c> header or the body's <c>__type</c> / <c>code</c> / <c>Code</c>, the message
/// from <c>message</c> or <c>Message</c>. Query protocol: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;</c>,
/// <c>&lt;Message&gt;</c> and <c>&lt;RequestId&gt;</c>. Codes are sanitized; a body in no readable format
/// (a proxy's HTML page) is ignored, and a missing code falls back to the HTTP status, as botocore does.
/// </summary>
internal static class ErrorResponseParser
{
    public const string ErrorTypeHeader = "X-Amzn-Errortype";

    public static ParsedError Parse(
        WireProtocol protocol, string? errorTypeHeader, ReadOnlySpan<byte> body, HttpStatusCode statusCode)
    {
        var fields = protocol == WireProtocol.Query ? ReadXmlFields(body) : ReadJsonFields(body);
        var header = ErrorCodes.Sanitize(errorTypeHeader);
        var bodyType = ErrorCodes.Sanitize(fields.Type);
        var bodyCode = ErrorCodes.Sanitize(fields.Code);

        // restJson1 servers MUST send the header; awsJson servers SHOULD send __type; query servers
        // send <Code>. Each protocol prefers its primary location and accepts the others, like botocore.
        var code = protocol == WireProtocol.RestJson1
            ? header ?? bodyCode ?? bodyType
            : bodyType ?? bodyCode ?? header;

        code ??= ((int)statusCode).ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrWhiteSpace(fields.Message)
            ? $"HTTP {(int)statusCode} {statusCode}"
            : fields.Message;
        return new ParsedError(code, message, string.IsNullOrWhiteSpace(fields.RequestId) ? null : fields.RequestId);
    }

    private static Fields ReadJsonFields(ReadOnlySpan<byte> body)
    {
        var fields = new Fields();
        if (body.IsEmpty)
        {
            return fields;
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return fields;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                var value = reader.GetString();
                switch (name)
                {
                    case "__type": fields.Type ??= value; break;
                    case "code" or "Code": fields.Code ??= value; break;
                    case "message" or "Message": fields.Message ??= value; break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or truncated): what was read so far still counts; the rest falls back.
        }

        return fields;
    }

    /// <summary>
    /// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>,
    /// matched by local name whatever the namespace. DTDs are refused and nothing external is resolved.
    /// </summary>
    private static Fields ReadXmlFields(ReadOnlySpan<byte> body)
    {
        var fields = new Fields();
        if (body.IsEmpty)
        {
            return fields;
        }

        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, QueryXml.SafeSettings);
            var inError = false;
            reader.Read();
            while (!reader.EOF)
            {
                // ReadElementContentAsString leaves the reader on the next node already: no Read() after it.
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "Code" or "Message" or "RequestId" or "RequestID"
                    && (inError || reader.LocalName.StartsWith("Request", StringComparison.Ordinal)))
                {
                    var name = reader.LocalName;
                    var text = reader.ReadElementContentAsString();
                    switch (name)
                    {
                        case "Code": fields.Code ??= text; break;
                        case "Message": fields.Message ??= text; break;
                        default: fields.RequestId ??= text; break;
                    }

                    continue;
                }

                if (reader.LocalName == "Error")
                {
                    inError = reader.NodeType == XmlNodeType.Element && !reader.IsEmptyElement;
                }

                reader.Read();
            }
        }
        catch (XmlException)
        {
            // Not XML (or truncated): what was read so far still counts; the rest falls back.
        }

        return fields;
    }

    private sealed class Fields
    {
        public string? Type { get; set; }

        public string? Code { get; set; }

        public string? Message { get; set; }

        public string? RequestId { get; set; }
    }
}
