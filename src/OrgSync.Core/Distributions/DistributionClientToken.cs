using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrgSync.Core.Json;

namespace OrgSync.Core.Distributions;

/// <summary>
/// The <c>clientToken</c> of an <c>UpdateDistributionConfiguration</c>: a digest of the ARN, the
/// configuration as read (its <c>dateUpdated</c> and content) and the exact request content.
/// </summary>
/// <remarks>
/// <para>Image Builder remembers a token with the request it came with. The same token with other
/// parameters is refused (<c>IdempotentParameterMismatchException</c>); the same token with the
/// same parameters is answered from that memory <em>without being applied again</em>.</para>
/// <para>So the token must cover the request content (a different update never reuses a token, so
/// no mismatch can occur), and it must also cover the read: after A → B → A (we write A, someone
/// writes B, we write A again), the second A has exactly the content of the first, and a token of
/// the request alone would be answered "done" while the configuration stays B. The read differs
/// between the two attempts (<c>dateUpdated</c> moved, and the content is B rather than what
/// preceded the first A), so the second A gets a fresh token. The read content is hashed besides
/// <c>dateUpdated</c> because that timestamp may be missing or too coarse to tell two quick writes apart.</para>
/// <para>A retry of the same update (after a throttle, a 5xx or a lost response that was not applied)
/// re-reads the same configuration and plans the same request, so it reuses the token; a lost
/// response that <em>was</em> applied re-reads the merged configuration and plans nothing.</para>
/// </remarks>
public static class DistributionClientToken
{
    /// <summary>The token length: the model allows 1–64 today, 36 in older models; 36 fits both.</summary>
    public const int Length = 36;

    private static readonly byte[] Domain = Encoding.UTF8.GetBytes("orgsync/UpdateDistributionConfiguration/v1");

    /// <summary>The token for <paramref name="request"/> planned from <paramref name="read"/>; its own <c>clientToken</c> is ignored.</summary>
    public static string Compute(DistributionConfiguration read, UpdateDistributionConfigurationRequest request)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(request);

        var readContent = new DistributionConfiguration { Description = read.Description, Distributions = read.Distributions };
        var requestContent = request with { ClientToken = string.Empty };

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(sha, Domain);
        AppendField(sha, Encoding.UTF8.GetBytes(request.DistributionConfigurationArn));
        AppendField(sha, read.DateUpdated is null ? null : Encoding.UTF8.GetBytes(read.DateUpdated));
        AppendField(sha, JsonSerializer.SerializeToUtf8Bytes(readContent, CoreJsonContext.Wire.DistributionConfiguration));
        AppendField(sha, JsonSerializer.SerializeToUtf8Bytes(requestContent, CoreJsonContext.Wire.UpdateDistributionConfigurationRequest));

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..(Length / 2)]);
    }

    /// <summary>Length-prefixed, so that no two different field sequences hash the same bytes; null ≠ empty.</summary>
    private static void AppendField(IncrementalHash sha, byte[]? value)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, value?.Length ?? -1);
        sha.AppendData(length);
        if (value is not null)
        {
            sha.AppendData(value);
        }
    }
}
