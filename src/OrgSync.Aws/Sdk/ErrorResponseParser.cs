using System.Globalization;
using System.Net;
using System.Text.Json;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Reads an error response in either wire format (FACTS §4): the code from the
/// <c>X-Amzn-Errortype</c> header or the body's <c>__type</c> / <c>code</c> / <c>Code</c>, sanitized;
/// the message from <c>message</c> or <c>Message</c>. A body that is not JSON (a proxy's HTML page)
/// is ignored; a missing code falls back to the HTTP status, as botocore does.
/// </summary>
internal static class ErrorResponseParser
{
    public const string ErrorTypeHeader = "X-Amzn-Errortype";

    public static (string Code, string Message) Parse(
        WireProtocol protocol, string? errorTypeHeader, ReadOnlySpan<byte> body, HttpStatusCode statusCode)
    {
        var fields = ReadFields(body);
        var header = ErrorCodes.Sanitize(errorTypeHeader);
        var bodyType = ErrorCodes.Sanitize(fields.Type);
        var bodyCode = ErrorCodes.Sanitize(fields.Code);

        // restJson1 servers MUST send the header; awsJson servers SHOULD send __type. Each protocol
        // prefers its primary location and accepts the others, like botocore's parsers.
        var code = protocol == WireProtocol.RestJson1
            ? header ?? bodyCode ?? bodyType
            : bodyType ?? bodyCode ?? header;

        code ??= ((int)statusCode).ToString(CultureInfo.InvariantCulture);
        var message = string.IsNullOrWhiteSpace(fields.Message)
            ? $"HTTP {(int)statusCode} {statusCode}"
            : fields.Message;
        return (code, message);
    }

    private static (string? Type, string? Code, string? Message) ReadFields(ReadOnlySpan<byte> body)
    {
        string? type = null, code = null, message = null;
        if (body.IsEmpty)
        {
            return (type, code, message);
        }

        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (type, code, message);
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
                    case "__type": type ??= value; break;
                    case "code" or "Code": code ??= value; break;
                    case "message" or "Message": message ??= value; break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or truncated): what was read so far still counts; the rest falls back.
        }

        return (type, code, message);
    }
}
