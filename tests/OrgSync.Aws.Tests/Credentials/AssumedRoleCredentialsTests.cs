using OrgSync.Tests.Shared;
using System.Net;
using OrgSync.Aws.Errors;
using OrgSync.Aws.Tests.Fakes;
using OrgSync.Aws.Tests.Wire;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Tests.Credentials;

public sealed class AssumedRoleCredentialsTests
{
    private const string Role = "arn:aws:iam::222222222222:role/OrgSyncMemberRole";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Member_account_calls_are_signed_with_the_assumed_role_and_carry_its_session_token()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake);

        await clients.Config("eu-west-1", clients.AssumeRole(Role)).DescribeDeliveryChannelsAsync(new(), None);

        Assert.Equal(["AssumeRole", "DescribeDeliveryChannels"], fake.Requests.Select(r => r.Operation));
        var assume = fake.Requests[0];
        Assert.Equal(("POST", "https://sts.us-east-1.amazonaws.com/"), (assume.Method, assume.Uri.AbsoluteUri));
        Assert.Contains("Action=AssumeRole", assume.Body, StringComparison.Ordinal);
        Assert.Contains("RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FOrgSyncMemberRole", assume.Body, StringComparison.Ordinal);
        Assert.Contains("RoleSessionName=orgsync", assume.Body, StringComparison.Ordinal);
        Assert.Contains("DurationSeconds=3600", assume.Body, StringComparison.Ordinal);
        SigV4.AssertSigned(assume, FakeAws.HomeAccessKey, "us-east-1", "sts");

        var call = fake.Requests[1];
        SigV4.AssertSigned(call, "ASIA2222222222220001", "eu-west-1", "config", "x-amz-security-token");
        Assert.Equal("session-token-1", call.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task Concurrent_callers_for_one_account_share_one_AssumeRole_call()
    {
        var fake = new FakeAws { AssumeRoleLatency = TimeSpan.FromMilliseconds(200) };
        using var clients = TestAws.Factory(fake);

        var all = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => clients.AssumedRoles.GetAsync(Role, None))));
        var other = await clients.AssumedRoles.GetAsync("arn:aws:iam::333333333333:role/OrgSyncMemberRole", None);

        Assert.Single(all.Select(c => c.AccessKey).Distinct());
        Assert.Equal(2, fake.Calls("AssumeRole"));
        Assert.StartsWith("ASIA333333333333", other.AccessKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_reused_until_shortly_before_they_expire()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
        var fake = new FakeAws(time) { CredentialLifetime = TimeSpan.FromHours(1) };
        using var clients = TestAws.Factory(fake, time);

        var first = await clients.AssumedRoles.GetAsync(Role, None);
        time.Advance(TimeSpan.FromMinutes(54));
        var stillFirst = await clients.AssumedRoles.GetAsync(Role, None);
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // inside the 5-minute refresh window
        var second = await clients.AssumedRoles.GetAsync(Role, None);

        Assert.Equal(first.AccessKey, stillFirst.AccessKey);
        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(2, fake.Calls("AssumeRole"));
    }

    [Fact]
    public async Task A_refreshed_credential_is_used_by_the_cached_client()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), ManualTimerMode.SkipAhead);
        var fake = new FakeAws(time);
        using var clients = TestAws.Factory(fake, time);
        var config = clients.Config("us-east-1", clients.AssumeRole(Role));

        await config.DescribeDeliveryChannelsAsync(new(), None);
        time.Advance(TimeSpan.FromMinutes(58));
        await config.DescribeDeliveryChannelsAsync(new(), None);

        Assert.Same(config, clients.Config("us-east-1", clients.AssumeRole(Role)));
        Assert.Equal(
            ["ASIA2222222222220001", "ASIA2222222222220002"],
            fake.For("DescribeDeliveryChannels").Select(r => r.AccessKey));
    }

    [Fact]
    public async Task A_failed_AssumeRole_is_reported_as_sts_throttling_and_not_cached()
    {
        var fake = new FakeAws();
        fake.Script("AssumeRole", Fault.Throttle);
        using var clients = TestAws.Factory(fake);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.AssumedRoles.GetAsync(Role, None));
        var credentials = await clients.AssumedRoles.GetAsync(Role, None);

        Assert.Equal(("sts", "AssumeRole", "Throttling", FailureKind.Throttling), (error.Service, error.Operation, error.ErrorCode, error.FailureKind));
        Assert.NotNull(credentials.Token);
        Assert.Equal(2, fake.Calls("AssumeRole"));
    }

    [Fact]
    public async Task AssumeRole_access_denied_surfaces_from_a_member_account_call_as_an_sts_failure_left_to_SQS()
    {
        var fake = new FakeAws();
        fake.Script("AssumeRole", Fault.With(403, "AccessDenied"));
        using var clients = TestAws.Factory(fake);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            clients.Config("us-east-1", clients.AssumeRole(Role)).DescribeDeliveryChannelsAsync(new(), None));

        Assert.Equal(("sts", "AssumeRole", "AccessDenied"), (error.Service, error.Operation, error.ErrorCode));
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(FailureKind.Transient, error.FailureKind); // the role may not exist yet in a brand-new account
        Assert.False(error.RetryWithinInvocation); // it takes minutes to appear: SQS redelivers the message
        Assert.Equal(0, fake.Calls("DescribeDeliveryChannels"));
    }

    [Fact]
    public async Task Invalidation_drops_only_the_credentials_that_were_rejected()
    {
        var fake = new FakeAws();
        using var clients = TestAws.Factory(fake);
        var first = await clients.AssumedRoles.GetAsync(Role, None);

        clients.AssumedRoles.Invalidate(Role, "ASIA-some-older-key");
        var same = await clients.AssumedRoles.GetAsync(Role, None);
        clients.AssumedRoles.Invalidate(Role, first.AccessKey);
        var renewed = await clients.AssumedRoles.GetAsync(Role, None);

        Assert.Equal(first.AccessKey, same.AccessKey);
        Assert.NotEqual(first.AccessKey, renewed.AccessKey);
        Assert.Equal(2, fake.Calls("AssumeRole"));
    }
}
