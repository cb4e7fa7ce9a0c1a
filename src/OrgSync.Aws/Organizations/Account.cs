using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Organizations;

/// <summary>
/// An account of the organization, as <c>ListAccounts</c> and
/// <c>DescribeAccount</c> return it (organizations.service-2.json <c>Account</c>). <c>Email</c> and
/// <c>Name</c> are sensitive in the model: never log them.
/// </summary>
public sealed record Account
{
    private static readonly FrozenDictionary<string, string> StateOfRetiredStatus = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ACTIVE"] = AccountState.Active,
        ["SUSPENDED"] = AccountState.Suspended,
        ["PENDING_CLOSURE"] = AccountState.PendingClosure,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [JsonPropertyName("Id")] public string? Id { get; init; }

    /// <summary><c>arn:aws:organizations::{management account}:account/{organization id}/{account id}</c>.</summary>
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
    [JsonPropertyName("Email")] public string? Email { get; init; }
    [JsonPropertyName("Name")] public string? Name { get; init; }

    /// <summary>Retired by AWS on 2026-09-09 in favour of <see cref="State"/>; read only through <see cref="EffectiveState"/>.</summary>
    [JsonPropertyName("Status")] public string? Status { get; init; }

    /// <summary><see cref="AccountState"/>: PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED.</summary>
    [JsonPropertyName("State")] public string? State { get; init; }

    /// <summary>
    /// Where the account sits: <c>o-…/r-…/ou-…/…/{account id}/</c>. Some endpoints (moto) return none;
    /// <see cref="AccountPathResolver"/> computes it then.
    /// </summary>
    [JsonPropertyName("Paths")] public ImmutableArray<string>? Paths { get; init; }

    /// <summary><c>INVITED</c> or <c>CREATED</c>.</summary>
    [JsonPropertyName("JoinedMethod")] public string? JoinedMethod { get; init; }

    /// <summary>Epoch seconds on the wire.</summary>
    [JsonPropertyName("JoinedTimestamp")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? JoinedTimestamp { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// The account's lifecycle state: <see cref="State"/>, else — only when <c>State</c> is absent —
    /// the retired <see cref="Status"/> in <c>State</c>'s terms (ACTIVE, SUSPENDED and PENDING_CLOSURE
    /// mean the same in both). A value neither enum knows is passed through so a reason can quote it;
    /// null when the account carries neither.
    /// </summary>
    [JsonIgnore]
    public string? EffectiveState =>
        !string.IsNullOrEmpty(State) ? State
        : string.IsNullOrEmpty(Status) ? null
        : StateOfRetiredStatus.GetValueOrDefault(Status, Status);

    /// <summary>True when the account is a full member (<see cref="EffectiveState"/> is ACTIVE).</summary>
    [JsonIgnore]
    public bool IsActive => string.Equals(EffectiveState, AccountState.Active, StringComparison.Ordinal);

    /// <summary>The organization id (<c>o-…</c>) from <see cref="Arn"/>; null when the ARN is absent or not an account ARN.</summary>
    [JsonIgnore]
    public string? OrganizationId
    {
        get
        {
            // arn:{partition}:organizations::{management}:account/{o-…}/{account}
            var resource = Arn?.Split(':', 6) is [_, _, "organizations", _, _, var rest] ? rest.Split('/') : null;
            return resource is ["account", var organization, _] && organization.StartsWith("o-", StringComparison.Ordinal) ? organization : null;
        }
    }
}
