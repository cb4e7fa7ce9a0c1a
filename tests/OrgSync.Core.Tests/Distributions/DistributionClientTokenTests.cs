using OrgSync.Core.Distributions;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Distributions;

public class DistributionClientTokenTests
{
    private const string Arn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    private static readonly DistributionTarget Target = new(Arn, [ShareKind.LaunchPermission], null);

    private static DistributionConfiguration Config(string dateUpdated, params int[] userIds) => Read(
        """
        {"arn":"ARN","name":"golden","description":"Golden AMI","dateUpdated":"DATE",
         "distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":[IDS]}}}]}
        """
            .Replace("ARN", Arn, StringComparison.Ordinal)
            .Replace("DATE", dateUpdated, StringComparison.Ordinal)
            .Replace("IDS", string.Join(',', userIds.Select(n => $"\"{Account(n)}\"")), StringComparison.Ordinal),
        Wire.DistributionConfiguration);

    private static UpdateDistributionConfigurationRequest Planned(DistributionConfiguration read, int join) =>
        Assert.IsType<Plan<UpdateDistributionConfigurationRequest>.Write>(DistributionPlanner.Plan(read, Delta(joins: [join]), Target)).Request;

    [Fact]
    public void A_retry_of_the_same_update_from_the_same_read_reuses_the_token()
    {
        // Two separate reads of the same state, as after a throttled or failed attempt.
        var first = Planned(Config("2026-01-02T00:00:00Z", 1), join: 2);
        var retry = Planned(Config("2026-01-02T00:00:00Z", 1), join: 2);

        Assert.Equal(first.ClientToken, retry.ClientToken);
    }

    [Fact]
    public void A_then_b_then_a_again_gets_a_fresh_token_although_the_request_content_is_identical()
    {
        // We write A = {1,2} from X = {1}; someone else then writes B = {1} (same content as X,
        // later dateUpdated); writing A again must not be answered from the idempotency cache.
        var first = Planned(Config("2026-01-02T00:00:00Z", 1), join: 2);
        var again = Planned(Config("2026-01-03T00:00:00Z", 1), join: 2);

        Assert.Equal(first with { ClientToken = "" }, again with { ClientToken = "" }, RequestComparer.Instance);
        Assert.NotEqual(first.ClientToken, again.ClientToken);
    }

    [Fact]
    public void A_different_update_never_reuses_a_token()
    {
        var read = Config("2026-01-02T00:00:00Z", 1);

        Assert.NotEqual(Planned(read, join: 2).ClientToken, Planned(read, join: 3).ClientToken);
    }

    [Fact]
    public void The_token_is_36_lowercase_hex_characters_and_stable_across_processes()
    {
        var token = Planned(Config("2026-01-02T00:00:00Z", 1), join: 2).ClientToken;

        Assert.Matches("^[0-9a-f]{36}$", token);
        // A retry may run in another process or another version of OrgSync: the derivation must not
        // depend on anything but its inputs. Changing it on purpose means changing this value. Cross-checked
        // with Node's crypto: SHA-256 over the big-endian-int32-length-prefixed UTF-8 fields (domain tag,
        // ARN, dateUpdated, {description, distributions} as read, request with clientToken ""), first 18 bytes in hex.
        Assert.Equal("5041fe4e019e275bc30684102dbcf3944023", token);
    }

    [Fact]
    public void The_token_ignores_the_requests_own_token()
    {
        var read = Config("2026-01-02T00:00:00Z", 1);
        var request = Planned(read, join: 2);

        Assert.Equal(request.ClientToken, DistributionClientToken.Compute(read, request with { ClientToken = "anything" }));
    }

    private sealed class RequestComparer : IEqualityComparer<UpdateDistributionConfigurationRequest>
    {
        public static RequestComparer Instance { get; } = new();

        public bool Equals(UpdateDistributionConfigurationRequest? x, UpdateDistributionConfigurationRequest? y) =>
            ToJson(x!, Wire.UpdateDistributionConfigurationRequest) == ToJson(y!, Wire.UpdateDistributionConfigurationRequest);

        public int GetHashCode(UpdateDistributionConfigurationRequest obj) => 0;
    }
}
