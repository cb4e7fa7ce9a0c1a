using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using OrgSync.Emulator.Hosting;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.Signing;

namespace OrgSync.Emulator.Sts;

/// <summary>
/// STS (query protocol, XML answers): AssumeRole into any account issues temporary credentials the
/// emulator then accepts (with their session token, until they expire) as acting on that account.
/// </summary>
internal static partial class StsHandler
{
    public const int DefaultDurationSeconds = 3600;
    public const int RoleChainingMaxSeconds = 3600;

    public static readonly FrozenSet<string> Supported = new[] { "AssumeRole", "GetCallerIdentity" }.ToFrozenSet(StringComparer.Ordinal);

    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Execute(CallContext call, CredentialStore credentials) => call.Operation.Name switch
    {
        "AssumeRole" => AssumeRole(call, credentials),
        "GetCallerIdentity" => GetCallerIdentity(call),
        var other => throw new InvalidOperationException("not dispatched: " + other),
    };

    /// <summary>The identity of a state file's long-term key.</summary>
    public static CallerIdentity LongTermIdentity(string accountId) =>
        new(accountId, $"arn:aws:iam::{accountId}:user/orgsync-emulator", "AIDA" + StableId("user/" + accountId), false);

    private static string AssumeRole(CallContext call, CredentialStore credentials)
    {
        var input = call.Input;
        var roleArn = input.GetString("RoleArn")!;
        var match = RoleArnPattern().Match(roleArn);
        if (!match.Success)
        {
            throw CommonErrors.Fail(CommonErrors.Validation(AwsService.Sts, $"{roleArn} is not a valid role ARN: expected arn:aws:iam::<12-digit account id>:role/<role name>"));
        }

        var account = match.Groups["account"].Value;
        var roleName = match.Groups["name"].Value;
        var session = input.GetString("RoleSessionName")!;
        var duration = (int)(input.GetLong("DurationSeconds") ?? DefaultDurationSeconds);
        if (call.Caller.IsAssumedRole && duration > RoleChainingMaxSeconds)
        {
            throw CommonErrors.Fail(CommonErrors.Validation(AwsService.Sts, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(call.Now.ToUnixTimeSeconds());
        var expiration = issuedAt.AddSeconds(duration);
        var roleId = RoleId(roleArn);
        var identity = new CallerIdentity(account, $"arn:aws:sts::{account}:assumed-role/{roleName}/{session}", $"{roleId}:{session}", true);
        var credential = new KnownCredential(
            "ASIA" + RandomText(Base32, 16),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(120)),
            expiration,
            identity);
        credentials.Add(credential);

        return Xml("AssumeRole", call.RequestId, w =>
        {
            w.WriteStartElement("Credentials");
            w.WriteElementString("AccessKeyId", credential.AccessKeyId);
            w.WriteElementString("SecretAccessKey", credential.SecretAccessKey);
            w.WriteElementString("SessionToken", credential.SessionToken);
            w.WriteElementString("Expiration", expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteStartElement("AssumedRoleUser");
            w.WriteElementString("AssumedRoleId", identity.UserId);
            w.WriteElementString("Arn", identity.Arn);
            w.WriteEndElement();
            if (input.GetString("SourceIdentity") is { } sourceIdentity)
            {
                w.WriteElementString("SourceIdentity", sourceIdentity);
            }
        });
    }

    private static string GetCallerIdentity(CallContext call) =>
        Xml("GetCallerIdentity", call.RequestId, w =>
        {
            w.WriteElementString("Arn", call.Caller.Arn);
            w.WriteElementString("UserId", call.Caller.UserId);
            w.WriteElementString("Account", call.Caller.AccountId);
        });

    private static string Xml(string operation, string requestId, Action<XmlWriter> result) =>
        QueryXml.Response(ServiceModels.Sts, operation, requestId, result);

    /// <summary>The id of a role (AROA…), stable for its ARN: what AssumeRole reports and IAM GetRole returns.</summary>
    internal static string RoleId(string roleArn) => "AROA" + StableId("role/" + roleArn);

    /// <summary>A stable 17-character id (as in AROA…/AIDA… ids) derived from what it names.</summary>
    internal static string StableId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        return new string(hash.Take(17).Select(b => Base32[b % Base32.Length]).ToArray());
    }

    private static string RandomText(string alphabet, int length) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());

    [GeneratedRegex(@"^arn:aws:iam::(?<account>[0-9]{12}):role/(?:[A-Za-z0-9_+=,.@-]+/)*(?<name>[A-Za-z0-9_+=,.@-]{1,64})\z")]
    private static partial Regex RoleArnPattern();
}
