using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;

namespace OrgSync.Emulator.Protocols;

/// <summary>The emulated services; each speaks its model's protocol and spells common errors its own way.</summary>
public enum AwsService
{
    Config,
    ImageBuilder,
    Sts,
    Organizations,
    Iam,
    Events,
    StepFunctions,
}

/// <summary>An error as the service sends it: wire code, message, HTTP status; Sender (client) or Receiver (server) fault.</summary>
internal sealed record AwsError(string Code, string Message, int Status)
{
    public bool IsServerFault => Status >= 500;

    /// <summary>Further members of the error shape that awsJson answers carry (Organizations: <c>Reason</c>, <c>Type</c>).</summary>
    public JsonObject? Fields { get; init; }
}

internal sealed class AwsErrorException(AwsError error) : Exception(error.Code + ": " + error.Message)
{
    public AwsError Error { get; } = error;
}

/// <summary>
/// Errors that are not modeled per operation (authentication, throttling, framework validation) as each
/// service's front end sends them. awsJson services (Config, Organizations) send them as 400s; the
/// restJson front end (Image Builder) answers authentication failures with 403, as API Gateway-fronted
/// services do; the query services (STS, IAM) have their own codes: InvalidClientTokenId,
/// SignatureDoesNotMatch, ExpiredToken (403), ValidationError. A service whose model has an error shape
/// for a failure answers with that shape (Image Builder's InvalidParameterValueException, Organizations'
/// InvalidInputException and TooManyRequestsException, IAM's ServiceFailure), so SDKs raise the modeled
/// exception class.
/// </summary>
internal static class CommonErrors
{
    public const string SignatureMismatchText =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static AwsErrorException Fail(AwsError error) => new(error);

    public static AwsError MissingAuthentication(AwsService service) =>
        Authentication(service, "MissingAuthenticationTokenException", "Missing Authentication Token", "MissingAuthenticationToken", queryMessage: "Request is missing Authentication Token");

    public static AwsError IncompleteSignature(AwsService service, string message) =>
        Authentication(service, "IncompleteSignatureException", message, "IncompleteSignature", queryStatus: 400);

    public static AwsError UnknownAccessKey(AwsService service) =>
        Authentication(service, "UnrecognizedClientException", "The security token included in the request is invalid.", "InvalidClientTokenId");

    public static AwsError ExpiredToken(AwsService service) =>
        Authentication(service, "ExpiredTokenException", "The security token included in the request is expired", "ExpiredToken");

    public static AwsError InvalidSignature(AwsService service, string message) =>
        Authentication(service, "InvalidSignatureException", message, "SignatureDoesNotMatch");

    /// <summary>A model constraint broken (Organizations: see <see cref="Organizations.OrganizationsErrors.InvalidInput"/>).</summary>
    public static AwsError Validation(AwsService service, string message) => service switch
    {
        _ when IsQuery(service) => new("ValidationError", message, 400),
        // Image Builder's model has no ValidationException; it answers bad parameters with this shape.
        AwsService.ImageBuilder => ImageBuilderError("InvalidParameterValueException", message),
        _ => new("ValidationException", message, 400),
    };

    public static AwsError Serialization(AwsService service, string message) => service switch
    {
        // The query protocol carries only text, so a value that does not parse is a validation failure there.
        _ when IsQuery(service) => new("ValidationError", message, 400),
        AwsService.ImageBuilder => ImageBuilderError("InvalidParameterValueException", message),
        _ => new("SerializationException", message, 400),
    };

    public static AwsError UnknownOperation(AwsService service, string message) => service switch
    {
        _ when IsQuery(service) => new("InvalidAction", message, 400),
        AwsService.ImageBuilder => new("UnknownOperationException", message, 404),
        _ => new("UnknownOperationException", message, 400),
    };

    public static AwsError Throttling(AwsService service) => service switch
    {
        _ when IsQuery(service) => new("Throttling", "Rate exceeded", 400),
        AwsService.ImageBuilder => ImageBuilderError("CallRateLimitExceededException", "You have exceeded the permitted request rate for the specific operation."),
        AwsService.Organizations => ServiceModels.Organizations.Error("TooManyRequestsException", "You have sent too many requests in too short a period of time. Try again later."),
        _ => new("ThrottlingException", "Rate exceeded", 400),
    };

    /// <summary>A 5xx; <paramref name="unavailable"/> picks 503 over 500 where the service has both.</summary>
    public static AwsError ServerError(AwsService service, bool unavailable) => (service, unavailable) switch
    {
        (AwsService.Sts, _) => new("InternalFailure", "An internal error occurred. Try again.", 500),
        (AwsService.Iam, _) => ServiceModels.Iam.Error("ServiceFailureException", "The request processing has failed because of an unknown error, exception or failure."),
        (AwsService.ImageBuilder, false) => ImageBuilderError("ServiceException", "The service encountered an unrecoverable error. Try again."),
        (AwsService.ImageBuilder, true) => ImageBuilderError("ServiceUnavailableException", "The service is unable to process your request at this time."),
        (AwsService.Organizations, false) => ServiceModels.Organizations.Error("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later."),
        (_, false) => new("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500),
        (_, true) => new("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503),
    };

    /// <summary>An error Image Builder models, with the model's status (<c>httpStatusCode</c>).</summary>
    public static AwsError ImageBuilderError(string code, string message) => new(code, message, ServiceModels.ImageBuilder.ErrorStatus(code));

    private static bool IsQuery(AwsService service) => ServiceModels.For(service).IsQuery;

    // Config, Organizations and Image Builder share the codes; the query services name their own (and answer a malformed signature with 400).
    private static AwsError Authentication(AwsService service, string code, string message, string queryCode, int queryStatus = 403, string? queryMessage = null) => service switch
    {
        _ when IsQuery(service) => new(queryCode, queryMessage ?? message, queryStatus),
        AwsService.ImageBuilder => new(code, message, 403),
        _ => new(code, message, 400),
    };
}
