using System.Xml.Linq;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Iam;

/// <summary>IAM GetRole over the sample state's roles: 222…'s cross-account role and the home account's OrgSyncMemberRole.</summary>
public sealed class IamOperationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    private static XElement Role(ApiResult result) => result.ShouldSucceed().Xml.Root!.Element(Ns + "GetRoleResult")!.Element(Ns + "Role")!;

    [Fact]
    public async Task A_member_account_sees_its_own_role_as_IAM_returns_it()
    {
        const string RoleArn = "arn:aws:iam::222222222222:role/EC2ImageBuilderDistributionCrossAccountRole";
        using var member = await fixture.Client.AssumeRoleAsync(RoleArn);
        var result = await member.Iam("GetRole", new() { ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" });
        var role = Role(result);
        Assert.Equal("text/xml", result.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(
            ["Path", "RoleName", "RoleId", "Arn", "CreateDate", "AssumeRolePolicyDocument", "MaxSessionDuration", "Tags"],
            role.Elements().Select(e => e.Name.LocalName)); // the model's member order
        Assert.Equal("/", role.Element(Ns + "Path")!.Value);
        Assert.Equal(RoleArn, role.Element(Ns + "Arn")!.Value);
        Assert.Equal("2026-01-01T00:00:00Z", role.Element(Ns + "CreateDate")!.Value);
        Assert.Equal("3600", role.Element(Ns + "MaxSessionDuration")!.Value);
        Assert.Equal("platform", role.Element(Ns + "Tags")!.Element(Ns + "member")!.Element(Ns + "Value")!.Value);

        // The role id is the one AssumeRole reported for the same role; the trust policy is URL-encoded, as IAM sends it.
        var identity = (await member.Sts("GetCallerIdentity")).ShouldSucceed().Xml.Descendants().Single(e => e.Name.LocalName == "UserId").Value;
        Assert.Equal(identity.Split(':')[0], role.Element(Ns + "RoleId")!.Value);
        var policy = role.Element(Ns + "AssumeRolePolicyDocument")!.Value;
        Assert.StartsWith("%7B%22Version%22%3A%222012-10-17%22", policy);
        Assert.Contains("\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"}", Uri.UnescapeDataString(policy));
    }

    [Fact]
    public async Task Roles_are_visible_to_their_own_account_only_and_found_without_regard_to_case()
    {
        var home = fixture.Client;
        var own = Role(await home.Iam("GetRole", new() { ["RoleName"] = "orgsyncmemberrole" }));
        Assert.Equal("OrgSyncMemberRole", own.Element(Ns + "RoleName")!.Value);
        Assert.Equal("/orgsync/", own.Element(Ns + "Path")!.Value);
        Assert.Equal("arn:aws:iam::111111111111:role/orgsync/OrgSyncMemberRole", own.Element(Ns + "Arn")!.Value);
        Assert.Equal("The home account's role", own.Element(Ns + "Description")!.Value);

        // No CreateDate in the state: the first answer's stays.
        var again = Role(await home.Iam("GetRole", new() { ["RoleName"] = "OrgSyncMemberRole" }));
        Assert.Equal(own.Element(Ns + "CreateDate")!.Value, again.Element(Ns + "CreateDate")!.Value);

        var elsewhere = await home.Iam("GetRole", new() { ["RoleName"] = "EC2ImageBuilderDistributionCrossAccountRole" });
        elsewhere.ShouldFail(404, "NoSuchEntity");
        Assert.Equal("The role with name EC2ImageBuilderDistributionCrossAccountRole cannot be found.", elsewhere.ErrorMessage);
        Assert.Equal("Sender", elsewhere.Xml.Descendants(Ns + "Type").Single().Value);
        Assert.Equal(Ns, elsewhere.Xml.Root!.Name.Namespace);

        using var third = await home.AssumeRoleAsync("arn:aws:iam::333333333333:role/OrgSyncMemberRole");
        (await third.Iam("GetRole", new() { ["RoleName"] = "OrgSyncMemberRole" })).ShouldFail(404, "NoSuchEntity");
    }

    [Fact]
    public async Task IAM_is_global_validates_its_input_and_emulates_GetRole_only()
    {
        using var eu = fixture.Client.WithRegion("eu-west-1");
        Role(await eu.Iam("GetRole", new() { ["RoleName"] = "OrgSyncMemberRole" }));

        var invalid = await fixture.Client.Iam("GetRole", new() { ["RoleName"] = "bad name" });
        invalid.ShouldFail(400, "ValidationError");
        Assert.Equal(@"1 validation error detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+", invalid.ErrorMessage);
        (await fixture.Client.Iam("GetRole")).ShouldFail(400, "ValidationError");
        (await fixture.Client.Iam("ListRoles")).ShouldFail(400, "InvalidAction");

        // IAM's version with STS's action names no operation of either.
        var mixed = await fixture.Client.SendAsync("iam", HttpMethod.Post, "/", null, "Action=GetRole&Version=2011-06-15&RoleName=x", "application/x-www-form-urlencoded", []);
        mixed.ShouldFail(400, "InvalidAction");

        using var stranger = new SignedClient(fixture.Emulator, "AKIAUNKNOWNKEY000000", "x");
        (await stranger.Iam("GetRole", new() { ["RoleName"] = "x" })).ShouldFail(403, "InvalidClientTokenId");
    }
}
