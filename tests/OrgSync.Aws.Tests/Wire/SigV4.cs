using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OrgSync.Aws.Tests.Fakes;

namespace OrgSync.Aws.Tests.Wire;

/// <summary>Assertions on the SigV4 headers the SDK signer put on a request.</summary>
internal static partial class SigV4
{
    public static void AssertSigned(RecordedRequest request, string accessKey, string region, string service, params string[] mustSign)
    {
        var authorization = request.Header("Authorization");
        Assert.NotNull(authorization);
        var match = AuthorizationPattern().Match(authorization);
        Assert.True(match.Success, "not a SigV4 Authorization header: " + authorization);
        Assert.Equal(accessKey, match.Groups["key"].Value);
        Assert.Equal(region, match.Groups["region"].Value);
        Assert.Equal(service, match.Groups["service"].Value);
        Assert.Equal(request.Header("X-Amz-Date")![..8], match.Groups["date"].Value);

        var signed = match.Groups["signed"].Value.Split(';');
        Assert.Contains("host", signed);
        Assert.Contains("x-amz-date", signed);
        foreach (var header in mustSign)
        {
            Assert.Contains(header, signed);
        }

        // The payload hash that was signed is the hash of the bytes that were sent.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body))), request.Header("X-Amz-Content-SHA256"));
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();
}
