using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.State;
using OrgSync.Emulator.Sts;

namespace OrgSync.Emulator.Iam;

/// <summary>
/// The state file's <c>roles</c>: <c>[{ "accountId"?, "RoleName", "Path"?, "RoleId"?, "CreateDate"?,
/// "AssumeRolePolicyDocument"?, "Description"?, "MaxSessionDuration"?, "Tags"?, … }]</c>, each member as
/// IAM's <c>Role</c> shape has it (CreateDate ISO-8601 text, the trust policy as plain JSON text), placed in
/// <c>accountId</c> (default: the state's account). Read-only: the JSON is exported as loaded. Role names
/// are unique per account without regard to case, as IAM keeps them, and found the same way.
/// </summary>
internal sealed class RoleDirectory
{
    public static readonly RoleDirectory Empty = new(FrozenDictionary<string, StoredRole>.Empty);

    private readonly FrozenDictionary<string, StoredRole> _roles;

    // A role the state gives no CreateDate was, as far as IAM can tell, created when first asked for.
    private readonly ConcurrentDictionary<string, string> _firstSeen = new(StringComparer.OrdinalIgnoreCase);

    private RoleDirectory(FrozenDictionary<string, StoredRole> roles) => _roles = roles;

    public int Count => _roles.Count;

    public static RoleDirectory Load(string source, JsonArray items, string defaultAccountId)
    {
        var shape = ServiceModels.Iam.Shape("Role");
        var roles = new Dictionary<string, StoredRole>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"$.roles[{i}]";
            var doc = items[i] as JsonObject ?? throw new StateFileException(source, path, "must be an object, found " + ModelValidator.Describe(items[i]));
            var accountId = EmulatorState.OptionalString(source, doc, "accountId", path) ?? defaultAccountId;
            if (!EmulatorState.IsAccountId(accountId))
            {
                throw new StateFileException(source, path + ".accountId", $"'{accountId}' is not an account id (exactly 12 digits)");
            }

            EmulatorState.CheckAgainstModel(source, shape, doc, path);
            var name = EmulatorState.RequireString(source, doc, "RoleName", path);
            var rolePath = doc.GetString("Path") ?? "/";
            var arn = $"arn:aws:iam::{accountId}:role{rolePath}{name}";
            if (doc.GetString("Arn") is { } givenArn && givenArn != arn)
            {
                throw new StateFileException(source, path + ".Arn", $"'{givenArn}' differs from the ARN of the role's account, path and name, '{arn}'; leave it out or give that");
            }

            var output = (JsonObject)ModelProjection.Project(shape, doc)!;
            output["Path"] = rolePath;
            output["Arn"] = arn;
            output["RoleId"] = doc.GetString("RoleId") ?? StsHandler.RoleId(arn);
            if (!roles.TryAdd(Key(accountId, name), new StoredRole(accountId, output)))
            {
                throw new StateFileException(source, path + ".RoleName", $"a second role named '{name}' in account {accountId} (IAM role names are unique without regard to case)");
            }
        }

        return new RoleDirectory(roles.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The role as IAM's GetRole returns it, or null when <paramref name="accountId"/> has none of that name:
    /// the trust policy URL-encoded (RFC 3986), MaxSessionDuration 3600 unless given, CreateDate as given or
    /// first seen at <paramref name="now"/>.
    /// </summary>
    public JsonObject? Find(string accountId, string roleName, DateTimeOffset now)
    {
        var key = Key(accountId, roleName);
        if (!_roles.TryGetValue(key, out var stored))
        {
            return null;
        }

        var role = (JsonObject)stored.Output.DeepClone();
        if (role.GetString("CreateDate") is null)
        {
            role["CreateDate"] = _firstSeen.GetOrAdd(key, _ => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (role.GetString("AssumeRolePolicyDocument") is { } policy)
        {
            role["AssumeRolePolicyDocument"] = Uri.EscapeDataString(policy);
        }

        if (!role.ContainsKey("MaxSessionDuration"))
        {
            role["MaxSessionDuration"] = DefaultMaxSessionDuration;
        }

        return role;
    }

    /// <summary>IAM's default maximum session duration of a role, in seconds.</summary>
    public const int DefaultMaxSessionDuration = 3600;

    private static string Key(string accountId, string roleName) => accountId + "/" + roleName;

    private sealed record StoredRole(string AccountId, JsonObject Output);
}
