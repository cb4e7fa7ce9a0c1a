using System.Net;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// The response unmarshaller of a query-protocol operation (IAM), plugged into the SDK pipeline through
/// <see cref="XmlResponseUnmarshaller"/>: the body <c>&lt;{Operation}Response&gt;&lt;{Operation}Result&gt;…</c>
/// is parsed with <see cref="System.Xml.Linq"/> (no reflection, trim-safe) and <paramref name="read"/> turns
/// the result element into the output. Errors become <see cref="Errors.AwsServiceException"/>; a body
/// that is not the expected XML is an <see cref="AmazonUnmarshallingException"/>, as the SDK's JSON path throws.
/// </summary>
/// <param name="read">Reads the <c>{Operation}Result</c> element; null for operations without output.</param>
internal sealed class QueryOperationUnmarshaller<TOutput>(ServiceOperation operation, Func<XElement, TOutput>? read)
    : XmlResponseUnmarshaller, IOperationUnmarshaller<TOutput>
{
    public ServiceOperation Operation { get; } = operation;

    public ResponseUnmarshaller Sdk => this;

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext input)
    {
        var body = ResponseBodies.ReadAll(input.Stream);
        if (read is null || body.Length == 0)
        {
            return new OperationResponse<TOutput>();
        }

        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, QueryXml.SafeSettings);
            var root = XDocument.Load(reader).Root
                ?? throw new FormatException("the response has no root element");
            var resultName = Operation.Name + "Result";
            var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == resultName)
                ?? throw new FormatException($"<{root.Name.LocalName}> has no <{resultName}>");
            return new OperationResponse<TOutput> { Output = read(result) };
        }
        catch (Exception e) when (e is XmlException or FormatException or OverflowException)
        {
            throw new AmazonUnmarshallingException(
                ResponseBodies.RequestIdOf(input.ResponseData), lastKnownLocation: null, e, input.ResponseData.StatusCode);
        }
    }

    public override AmazonServiceException UnmarshallException(
        XmlUnmarshallerContext input, Exception innerException, HttpStatusCode statusCode) =>
        ResponseBodies.ToException(Operation, input.ResponseData, ResponseBodies.ReadAll(input.Stream), statusCode, innerException);
}
