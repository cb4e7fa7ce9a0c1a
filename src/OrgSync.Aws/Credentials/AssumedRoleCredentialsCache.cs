using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using OrgSync.Aws.Errors;

namespace OrgSync.Aws.Credentials;

/// <summary>
/// Temporary credentials per role ARN from <c>sts:AssumeRole</c>, kept until
/// <see cref="AssumeRoleSettings.RefreshBeforeExpiry"/> before they expire. Thread-safe: concurrent
/// callers for the same role share one AssumeRole call; a failed call is not cached (the next caller
/// tries again). Time comes from <see cref="TimeProvider"/>.
/// </summary>
public sealed class AssumedRoleCredentialsCache
{
    private readonly Func<AssumeRoleRequest, CancellationToken, Task<AssumeRoleResponse>> _assumeRole;
    private readonly AssumeRoleSettings _settings;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <param name="assumeRole">The STS call (<see cref="Clients.AwsClientFactory"/> passes its own STS client's).</param>
    internal AssumedRoleCredentialsCache(
        Func<AssumeRoleRequest, CancellationToken, Task<AssumeRoleResponse>> assumeRole, AssumeRoleSettings settings, TimeProvider time)
    {
        _assumeRole = assumeRole;
        _settings = settings;
        _time = time;
    }

    /// <summary>SDK credentials for <paramref name="roleArn"/> that always sign with this cache's current credentials.</summary>
    public AWSCredentials For(string roleArn) => _entries.GetOrAdd(roleArn, arn => new Entry(arn, this)).Credentials;

    /// <exception cref="AwsServiceException">when AssumeRole fails (service <c>sts</c>, operation <c>AssumeRole</c>).</exception>
    public async Task<ImmutableCredentials> GetAsync(string roleArn, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(roleArn, arn => new Entry(arn, this));
        TaskCompletionSource<Issued> pending;
        var owner = false;
        lock (entry)
        {
            if (entry.Current is { } current && _time.GetUtcNow() < current.Expiration - _settings.RefreshBeforeExpiry)
            {
                return current.Credentials;
            }

            if (entry.Refreshing is null)
            {
                entry.Refreshing = new TaskCompletionSource<Issued>(TaskCreationOptions.RunContinuationsAsynchronously);
                owner = true;
            }

            pending = entry.Refreshing;
        }

        if (owner)
        {
            // Not tied to the first caller's token: the call is shared by everyone waiting on it.
            _ = RefreshAsync(entry, pending);
        }

        var issued = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return issued.Credentials;
    }

    /// <summary>
    /// Drops the cached credentials of <paramref name="roleArn"/> if they are still the ones with
    /// <paramref name="accessKeyId"/> (a service said they expired): the next caller assumes the role again.
    /// </summary>
    public void Invalidate(string roleArn, string? accessKeyId = null)
    {
        if (_entries.TryGetValue(roleArn, out var entry))
        {
            lock (entry)
            {
                if (accessKeyId is null || entry.Current?.Credentials.AccessKey == accessKeyId)
                {
                    entry.Current = null;
                }
            }
        }
    }

    private async Task RefreshAsync(Entry entry, TaskCompletionSource<Issued> pending)
    {
        try
        {
            var issued = await AssumeAsync(entry.RoleArn).ConfigureAwait(false);
            lock (entry)
            {
                entry.Current = issued;
                entry.Refreshing = null;
            }

            pending.SetResult(issued);
        }
        catch (Exception exception)
        {
            lock (entry)
            {
                entry.Refreshing = null;
            }

            pending.SetException(exception);
        }
    }

    private async Task<Issued> AssumeAsync(string roleArn)
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = _settings.SessionName,
            DurationSeconds = (int)_settings.Duration.TotalSeconds,
        };

        AssumeRoleResponse response;
        try
        {
            response = await _assumeRole(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw StsErrors.Translate(exception);
        }

        var credentials = response.Credentials
            ?? throw new AwsServiceException("sts", "AssumeRole", ErrorCodes.UnreadableResponse, "AssumeRole returned no credentials", 0, response.ResponseMetadata?.RequestId);
        var expiration = credentials.Expiration is { } value ? AsUtc(value) : _time.GetUtcNow() + _settings.Duration;
        return new Issued(new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expiration);
    }

    private static DateTimeOffset AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private sealed record Issued(ImmutableCredentials Credentials, DateTimeOffset Expiration);

    private sealed class Entry
    {
        public Entry(string roleArn, AssumedRoleCredentialsCache cache)
        {
            RoleArn = roleArn;
            Credentials = new AssumedRoleCredentials(roleArn, cache);
        }

        public string RoleArn { get; }

        public AssumedRoleCredentials Credentials { get; }

        public Issued? Current { get; set; }

        public TaskCompletionSource<Issued>? Refreshing { get; set; }
    }
}

/// <summary>How roles are assumed.</summary>
/// <param name="SessionName">The role session name (2–64 of <c>[\w+=,.@-]</c>); shows in the member account's CloudTrail.</param>
/// <param name="Duration">Requested lifetime (the role's maximum session duration caps it).</param>
/// <param name="RefreshBeforeExpiry">Credentials closer than this to expiry are replaced before use.</param>
public sealed record AssumeRoleSettings(string SessionName, TimeSpan Duration, TimeSpan RefreshBeforeExpiry)
{
    public static AssumeRoleSettings Default { get; } = new("orgsync", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
}

/// <summary>SDK credentials bound to one role: every request is signed with the cache's current credentials for it.</summary>
public sealed class AssumedRoleCredentials : AWSCredentials
{
    private readonly AssumedRoleCredentialsCache _cache;

    internal AssumedRoleCredentials(string roleArn, AssumedRoleCredentialsCache cache)
    {
        RoleArn = roleArn;
        _cache = cache;
    }

    public string RoleArn { get; }

    public override ImmutableCredentials GetCredentials() =>
        _cache.GetAsync(RoleArn, CancellationToken.None).GetAwaiter().GetResult();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _cache.GetAsync(RoleArn, CancellationToken.None);

    public override string ToString() => $"assumed role {RoleArn}";
}
