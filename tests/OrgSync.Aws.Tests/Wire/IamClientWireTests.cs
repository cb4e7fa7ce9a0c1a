using System.Net;
using Amazon.Runtime;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Iam;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Models;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Wire;

/// <summary>IAM speaks the query protocol: a form body in, XML out, XML errors.</summary>
public sealed class IamClientWireTests
{
    private const string RoleName = "EC2ImageBuilderDistributionCrossAccountRole";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AWSCredentials Member = new SessionAWSCredentials("ASIAMEMBEREXAMPLE", "member-secret", "member-session-token");

    private static readonly string RoleXml = $"""
        <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <GetRoleResult>
            <Role>
              <Path>/service-role/</Path>
              <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
              <MaxSessionDuration>3600</MaxSessionDuration>
              <RoleId>AROA2222222222EXAMPLE</RoleId>
              <RoleLastUsed>
                <LastUsedDate>2026-01-02T03:04:05Z</LastUsedDate>
                <Region>eu-west-1</Region>
              </RoleLastUsed>
              <RoleName>{RoleName}</RoleName>
              <Description>Image Builder copies AMIs here</Description>
              <Arn>arn:aws:iam::222222222222:role/service-role/{RoleName}</Arn>
              <CreateDate>2026-01-01T00:00:00Z</CreateDate>
              <Tags>
                <member><Key>owner</Key><Value>orgsync</Value></member>
                <member><Key>empty</Key><Value></Value></member>
              </Tags>
              <PermissionsBoundary>
                <PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>
                <PermissionsBoundaryArn>arn:aws:iam::222222222222:policy/boundary</PermissionsBoundaryArn>
              </PermissionsBoundary>
            </Role>
          </GetRoleResult>
          <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
        </GetRoleResponse>
        """;

    [Fact]
    public async Task GetRole_is_a_form_POST_to_the_global_endpoint_signed_for_us_east_1_with_the_member_credentials()
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(RoleXml));
        using var clients = TestAws.Factory(aws, environment: OrganizationsClientWireTests.Region("ap-southeast-2"));

        await clients.Iam(Member).GetRoleAsync(new() { RoleName = RoleName }, None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(("POST", "https://iam.amazonaws.com/"), (request.Method, request.Uri.AbsoluteUri));
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.ContentType);
        Assert.Null(request.Header("X-Amz-Target"));
        Assert.Equal($"Action=GetRole&Version={ModelOperations.Load("iam").Metadata("apiVersion")}&RoleName={RoleName}", request.Body);
        SigV4.AssertSigned(request, "ASIAMEMBEREXAMPLE", "us-east-1", "iam", "content-type");
        Assert.Equal("member-session-token", request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Form_members_are_the_models_and_are_percent_encoded_as_botocore_encodes_them()
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(RoleXml));
        using var clients = TestAws.Factory(aws);

        await clients.Iam(Member).GetRoleAsync(new() { RoleName = "a+b=c,d.e@f-g_h" }, None);

        // botocore 1.43 sends exactly these bytes for the same call.
        var body = Assert.Single(aws.Requests).Body;
        Assert.Equal("Action=GetRole&Version=2010-05-08&RoleName=a%2Bb%3Dc%2Cd.e%40f-g_h", body);
        var members = body.Split('&').Select(p => p.Split('=')[0]).Except(["Action", "Version"]);
        Assert.Equal(ModelCheck.MembersOf("iam", ModelOperations.Load("iam").InputOf("GetRole")!).Order(), members.Order());
    }

    [Fact]
    public async Task The_role_is_read_from_the_XML_whatever_its_layout()
    {
        var compact = string.Join(string.Empty, RoleXml.Split('\n').Select(line => line.Trim()));
        var aws = new ScriptedAws().Then("GetRole", Reply.Xml(RoleXml), Reply.Xml(compact));
        using var clients = TestAws.Factory(aws);
        var iam = clients.Iam(Member);

        var pretty = (await iam.GetRoleAsync(new() { RoleName = RoleName }, None)).Role;
        var dense = (await iam.GetRoleAsync(new() { RoleName = RoleName }, None)).Role;

        Assert.Equal(("/service-role/", RoleName, "AROA2222222222EXAMPLE"), (pretty.Path, pretty.RoleName, pretty.RoleId));
        Assert.Equal($"arn:aws:iam::222222222222:role/service-role/{RoleName}", pretty.Arn);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), pretty.CreateDate);
        Assert.Equal((3600, "Image Builder copies AMIs here"), (pretty.MaxSessionDuration, pretty.Description));
        Assert.Equal("%7B%22Version%22%3A%222012-10-17%22%7D", pretty.AssumeRolePolicyDocument);
        Assert.Equal([("owner", "orgsync"), ("empty", string.Empty)], pretty.Tags!.Value.Select(t => (t.Key, t.Value)));
        Assert.Equal((new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "eu-west-1"), (pretty.RoleLastUsed!.LastUsedDate, pretty.RoleLastUsed.Region));
        Assert.Equal("arn:aws:iam::222222222222:policy/boundary", pretty.PermissionsBoundary!.PermissionsBoundaryArn);
        Assert.Equal(pretty with { Tags = null }, dense with { Tags = null });
        Assert.Equal(pretty.Tags!.Value.ToArray(), dense.Tags!.Value.ToArray());
    }

    [Fact]
    public async Task Only_the_required_members_are_needed()
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(
            "<GetRoleResponse><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName><RoleId>AROAEXAMPLEEXAMPLE1</RoleId><Arn>arn:aws:iam::222222222222:role/r</Arn><CreateDate>2026-01-01T00:00:00.123Z</CreateDate></Role></GetRoleResult></GetRoleResponse>"));
        using var clients = TestAws.Factory(aws);

        var role = (await clients.Iam(Member).GetRoleAsync(new() { RoleName = "r" }, None)).Role;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), role.CreateDate);
        Assert.Null(role.Tags);
        Assert.Null(role.RoleLastUsed);
    }

    [Fact]
    public async Task Finding_a_role_returns_null_on_NoSuchEntity()
    {
        var aws = new ScriptedAws()
            .Then("GetRole", Reply.QueryError(404, "NoSuchEntity", $"The role with name {RoleName} cannot be found."))
            .Then("GetRole", Reply.Xml(RoleXml));
        using var clients = TestAws.Factory(aws);
        var iam = clients.Iam(Member);

        var missing = await iam.FindRoleAsync(RoleName, None);
        var found = await iam.FindRoleAsync(RoleName, None);

        Assert.Null(missing);
        Assert.Equal(RoleName, found?.RoleName);
    }

    public static TheoryData<string, string, int> ModeledErrors => ModelOperations.ErrorCases("iam", ["GetRole"]);

    [Theory]
    [MemberData(nameof(ModeledErrors))]
    public async Task Every_modeled_error_is_read_from_the_XML_error_response(string operation, string code, int status)
    {
        var aws = new ScriptedAws().On(operation, _ => Reply.QueryError(status, code, "it <failed> & stopped"));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam(Member).GetRoleAsync(new() { RoleName = RoleName }, None));

        Assert.Equal((code, "it <failed> & stopped", status), (error.ErrorCode, error.Message, (int)error.StatusCode));
        Assert.Equal(("iam", operation), (error.Service, error.Operation));
        Assert.Equal("body-request-id", error.RequestId); // no header: the id in the XML body
        Assert.Equal(status >= 500 ? FailureKind.Transient : FailureKind.Permanent, error.FailureKind);
    }

    public static TheoryData<string, int, string, string, FailureKind> OtherErrors => new()
    {
        // body,                                                                                                       status, code,             message,                   kind
        { "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", 400, "Throttling", "Rate exceeded", FailureKind.Throttling },
        { """<ns:ErrorResponse xmlns:ns="urn:x"><ns:Error><ns:Code>AccessDenied</ns:Code><ns:Message>no</ns:Message></ns:Error></ns:ErrorResponse>""", 403, "AccessDenied", "no", FailureKind.Permanent },
        { "<ErrorResponse><Error><Code>a#b#LimitExceeded:http://x</Code></Error></ErrorResponse>", 409, "LimitExceeded", "HTTP 409 Conflict", FailureKind.Permanent },
        { "<html><body>Service Unavailable</body></html>", 503, "503", "HTTP 503 ServiceUnavailable", FailureKind.Transient },
        { "<!DOCTYPE x [<!ENTITY e \"boom\">]><ErrorResponse><Error><Code>&e;</Code></Error></ErrorResponse>", 400, "400", "HTTP 400 BadRequest", FailureKind.Permanent },
        { "<ErrorResponse><Error><Code>Truncated", 500, "500", "HTTP 500 InternalServerError", FailureKind.Transient },
        { string.Empty, 404, "404", "HTTP 404 NotFound", FailureKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(OtherErrors))]
    public async Task Other_error_bodies_fall_back_like_botocore(string body, int status, string code, string message, FailureKind kind)
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(body, (HttpStatusCode)status, requestId: "header-id"));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam(Member).GetRoleAsync(new() { RoleName = RoleName }, None));

        Assert.Equal((code, message, kind), (error.ErrorCode, error.Message, error.FailureKind));
        Assert.Equal("header-id", error.RequestId);
    }

    [Theory]
    [InlineData("<GetRoleResponse><GetRoleResult><Role><Path>/</Path>")]
    [InlineData("<GetRoleResponse><GetRoleResult></GetRoleResult></GetRoleResponse>")]
    [InlineData("<GetRoleResponse><Other/></GetRoleResponse>")]
    [InlineData("<GetRoleResponse><GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName><RoleId>AROAEXAMPLEEXAMPLE1</RoleId><Arn>arn:aws:iam::2:role/r</Arn><CreateDate>yesterday</CreateDate></Role></GetRoleResult></GetRoleResponse>")]
    [InlineData("{\"Role\":{}}")]
    public async Task A_success_whose_XML_cannot_be_read_is_an_unreadable_response(string body)
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(body, requestId: "req-bad"));
        using var clients = TestAws.Factory(aws);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Iam(Member).GetRoleAsync(new() { RoleName = "r" }, None));

        Assert.Equal((ErrorCodes.UnreadableResponse, FailureKind.Transient, "req-bad"), (error.ErrorCode, error.FailureKind, error.RequestId));
    }

    [Theory]
    [InlineData("cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    [InlineData("eu-central-2", "https://iam.amazonaws.com/", "us-east-1")]
    public async Task Each_partition_has_its_own_global_endpoint_and_signing_region(string home, string url, string signingRegion)
    {
        var aws = new ScriptedAws().On("GetRole", _ => Reply.Xml(RoleXml));
        using var clients = TestAws.Factory(aws, environment: OrganizationsClientWireTests.Region(home));

        await clients.Iam(Member).GetRoleAsync(new() { RoleName = RoleName }, None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(url, request.Uri.AbsoluteUri);
        SigV4.AssertSigned(request, "ASIAMEMBEREXAMPLE", signingRegion, "iam");
    }
}
