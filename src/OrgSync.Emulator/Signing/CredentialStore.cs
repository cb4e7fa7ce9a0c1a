using System.Collections.Concurrent;

namespace OrgSync.Emulator.Signing;

/// <summary>Who is calling: the account the call acts on and the identity STS GetCallerIdentity reports.</summary>
public sealed record CallerIdentity(string AccountId, string Arn, string UserId, bool IsAssumedRole);

/// <summary>A credential the emulator recognises: the state file's long-term key, or temporary credentials it issued.</summary>
internal sealed record KnownCredential(
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    DateTimeOffset? Expiration,
    CallerIdentity Identity);

internal sealed class CredentialStore
{
    private readonly ConcurrentDictionary<string, KnownCredential> _byAccessKey = new(StringComparer.Ordinal);

    public void Add(KnownCredential credential) => _byAccessKey[credential.AccessKeyId] = credential;

    public bool TryGet(string accessKeyId, out KnownCredential? credential) => _byAccessKey.TryGetValue(accessKeyId, out credential);
}
