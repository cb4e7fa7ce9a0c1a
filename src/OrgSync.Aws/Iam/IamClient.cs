using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Iam;

/// <summary>
/// The IAM client config: service id <c>IAM</c>, signing name <c>iam</c>, API 2010-05-08. A global
/// service: <c>https://iam.amazonaws.com</c>, signed for us-east-1 in the aws partition.
/// </summary>
public sealed class IamConfig() : OrgSyncClientConfig(ServiceEndpoint.Iam, ApiVersion)
{
    public const string ApiVersion = "2010-05-08";
}

/// <summary>
/// IAM (the query protocol: a form body <c>Action=GetRole&amp;Version=2010-05-08&amp;…</c>, XML responses
/// and XML errors), the read OrgSync needs in member accounts. Every failure is an <see cref="AwsServiceException"/>.
/// </summary>
public sealed class IamClient : OrgSyncServiceClient
{
    /// <summary>IAM's code (HTTP 404) for a role, user or policy that does not exist.</summary>
    public const string NoSuchEntity = "NoSuchEntity";

    private const string Service = "iam";

    private static readonly QueryOperationUnmarshaller<GetRoleResponse> GetRole =
        new(ServiceOperation.Query(Service, IamConfig.ApiVersion, "GetRole"), GetRoleResponse.Read);

    /// <param name="credentials">Null: the SDK's default credential chain.</param>
    public IamClient(AWSCredentials? credentials, IamConfig config)
        : base(credentials, config)
    {
    }

    /// <summary><c>GetRole</c>; <see cref="NoSuchEntity"/> (HTTP 404) when the role does not exist.</summary>
    public async Task<GetRoleResponse> GetRoleAsync(GetRoleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new OperationRequest(GetRole.Operation) { Query = [new("RoleName", request.RoleName)] };
        return await SendAsync(GetRole, call, cancellationToken).ConfigureAwait(false)
            ?? throw new AwsServiceException(Service, GetRole.Operation.Name, ErrorCodes.UnreadableResponse, "GetRole answered with an empty body", System.Net.HttpStatusCode.OK, requestId: null);
    }

    /// <summary>The role, or null when it does not exist (<see cref="NoSuchEntity"/>).</summary>
    public async Task<Role?> FindRoleAsync(string roleName, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetRoleAsync(new() { RoleName = roleName }, cancellationToken).ConfigureAwait(false)).Role;
        }
        catch (AwsServiceException e) when (e.ErrorCode == NoSuchEntity)
        {
            return null;
        }
    }
}
