using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Organizations;

/// <summary>
/// Organizations' errors as AWS words them. Sources: the member-account and no-organization messages
/// as SDK users quote them from AWS; the not-found messages as AWS (and moto) word them; the reasons of
/// InvalidInputException and their texts from the model's documentation of that shape.
/// </summary>
internal static class OrganizationsErrors
{
    private static ServiceModel Model => ServiceModels.Organizations;

    /// <summary>The caller's account belongs to no organization (or the state file has none).</summary>
    public static AwsErrorException NotInUse() => Fail("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");

    /// <summary>A member account called an operation that only the management account may call.</summary>
    public static AwsErrorException AccessDenied() => Fail("AccessDeniedException", "You don't have permissions to access this resource.");

    public static AwsErrorException AccountNotFound() => Fail("AccountNotFoundException", "You specified an account that doesn't exist.");

    public static AwsErrorException ParentNotFound() => Fail("ParentNotFoundException", "You specified a parent that doesn't exist.");

    public static AwsErrorException ChildNotFound() => Fail("ChildNotFoundException", "You specified a child that doesn't exist.");

    public static AwsErrorException OrganizationalUnitNotFound() => Fail("OrganizationalUnitNotFoundException", "You specified an organizational unit that doesn't exist.");

    public static AwsErrorException InvalidNextToken() => CommonErrors.Fail(InvalidInputError(
        "INVALID_NEXT_TOKEN", "Get the value for the NextToken parameter from the response to a previous call of the operation."));

    /// <summary>
    /// A model constraint broken: Organizations answers InvalidInputException with the reason of the first
    /// problem (INVALID_PATTERN, MAX_VALUE_EXCEEDED, INPUT_REQUIRED, …) and its text, followed here by the
    /// emulator's detail (which value, where, which constraint).
    /// </summary>
    public static AwsError InvalidInput(ValidationReport report)
    {
        var (reason, text) = ReasonOf(report.Violations[0].Constraint);
        return InvalidInputError(reason, $"{text} ({report.ToAwsValidationMessage()})");
    }

    private static AwsError InvalidInputError(string? reason, string message)
    {
        var error = Model.Error("InvalidInputException", message);
        return reason is null ? error : error with { Fields = new JsonObject { ["Reason"] = reason } };
    }

    // The constraint texts are ModelValidator's; the reasons and their wording are the model's (InvalidInputExceptionReason).
    private static (string? Reason, string Text) ReasonOf(string constraint) => constraint switch
    {
        _ when constraint.StartsWith("Member must satisfy regular expression pattern", StringComparison.Ordinal) => ("INVALID_PATTERN", "You provided a value that doesn't match the required pattern."),
        _ when constraint.StartsWith("Member must have length less than or equal", StringComparison.Ordinal) => ("MAX_LENGTH_EXCEEDED", "You provided a string parameter that is longer than allowed."),
        _ when constraint.StartsWith("Member must have length greater than or equal", StringComparison.Ordinal) => ("MIN_LENGTH_EXCEEDED", "You provided a string parameter that is shorter than allowed."),
        _ when constraint.StartsWith("Member must have value less than or equal", StringComparison.Ordinal) => ("MAX_VALUE_EXCEEDED", "You provided a numeric parameter that has a larger value than allowed."),
        _ when constraint.StartsWith("Member must have value greater than or equal", StringComparison.Ordinal) => ("MIN_VALUE_EXCEEDED", "You provided a numeric parameter that has a smaller value than allowed."),
        _ when constraint.StartsWith("Member must satisfy enum value set", StringComparison.Ordinal) => ("INVALID_ENUM", "You specified an invalid value."),
        _ when constraint.StartsWith("Member must not be null", StringComparison.Ordinal) => ("INPUT_REQUIRED", "You must include a value for all required parameters."),
        // A member the model does not define: AWS ignores it; the emulator refuses it, with no modeled reason.
        _ => (null, "You specified an invalid value."),
    };

    private static AwsErrorException Fail(string shape, string message) => CommonErrors.Fail(Model.Error(shape, message));
}
