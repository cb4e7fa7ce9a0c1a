using System.Collections.Immutable;
using System.Text.Json;
using OrgSync.Core.Json;

namespace OrgSync.Core.Events;

/// <summary>
/// The AWS events that change an organization's membership (SPEC §1): source and
/// <c>detail.eventName</c> → the condition that must hold, the kind of change and where the account id is.
/// Everything else from these sources is ignored.
/// </summary>
internal static class LifecycleEvents
{
    public const string ControlTower = "aws.controltower";
    public const string Organizations = "aws.organizations";

    /// <summary>
    /// Where a membership event may hold the account id, in the order they are tried. AWS publishes no
    /// full example of these events, so each shape CloudTrail uses for an account id is accepted.
    /// Declared before <see cref="Table"/>, which captures it (static fields initialize in text order).
    /// </summary>
    public static readonly ImmutableArray<string> MembershipEventAccountIdPaths =
        ["serviceEventDetails.accountId", "requestParameters.accountId", "responseElements.account.id"];

    public static readonly ImmutableArray<LifecycleEvent> Table =
    [
        new(ControlTower, "CreateManagedAccount", ChangeKind.Join,
            [new("serviceEventDetails.createManagedAccountStatus.state", "SUCCEEDED")],
            AccountIdAt("serviceEventDetails.createManagedAccountStatus.account.accountId")),
        new(ControlTower, "UpdateManagedAccount", ChangeKind.Join,
            [new("serviceEventDetails.updateManagedAccountStatus.state", "SUCCEEDED")],
            AccountIdAt("serviceEventDetails.updateManagedAccountStatus.account.accountId")),
        new(Organizations, "CreateAccountResult", ChangeKind.Join,
            [new("serviceEventDetails.createAccountStatus.state", "SUCCEEDED")],
            AccountIdAt("serviceEventDetails.createAccountStatus.accountId")),
        new(Organizations, "AcceptHandshake", ChangeKind.Join,
            [new("responseElements.handshake.state", "ACCEPTED"), new("responseElements.handshake.action", "INVITE")],
            HandshakeAccountParty),
        new(Organizations, "RemoveAccountFromOrganization", ChangeKind.Leave,
            [],
            AccountIdAt("requestParameters.accountId")),
        new(Organizations, "CloseAccount", ChangeKind.Leave,
            [],
            AccountIdAt("requestParameters.accountId")),
        new(Organizations, "CloseAccountResult", ChangeKind.Leave,
            [new("serviceEventDetails.closeAccountStatus.state", "SUCCEEDED")],
            AccountIdAt("serviceEventDetails.closeAccountStatus.accountId")),

        // Every join (created or invited) and every departure (LEFT, REMOVED, CLEANED, or any method
        // added later: the account is gone whatever the method), recorded in the management account.
        new(Organizations, "AccountJoinedOrganization", ChangeKind.Join,
            [],
            FirstAccountIdAt(MembershipEventAccountIdPaths)),
        new(Organizations, "AccountDepartedOrganization", ChangeKind.Leave,
            [],
            FirstAccountIdAt(MembershipEventAccountIdPaths)),
        new(Organizations, "MoveAccount", ChangeKind.Move,
            [],
            AccountIdAt("requestParameters.accountId")),
    ];

    public static LifecycleEvent? Find(string source, string? eventName)
    {
        foreach (var entry in Table)
        {
            if (entry.Source == source && entry.EventName == eventName)
            {
                return entry;
            }
        }

        return null;
    }

    private static AccountIdLocator AccountIdAt(string path) => detail =>
        Detail.TryGet(detail, path, out var value)
            ? AccountIdFrom(value, path)
            : Located.Problem($"detail.{path} is missing");

    /// <summary>
    /// The account id at the first of <paramref name="paths"/> that is present. A present value that is
    /// not an account id is a problem at that path, never a reason to look further: a malformed event
    /// must not be rescued by a value elsewhere that may mean something else.
    /// </summary>
    private static AccountIdLocator FirstAccountIdAt(ImmutableArray<string> paths) => detail =>
    {
        foreach (var path in paths)
        {
            if (Detail.TryGet(detail, path, out var value))
            {
                return AccountIdFrom(value, path);
            }
        }

        return Located.Problem($"no account id: {string.Join(", ", paths.Select(p => "detail." + p))} are all missing");
    };

    /// <summary>
    /// The invited account: the <c>parties[]</c> entry of type ACCOUNT (the other party is the
    /// ORGANIZATION, <c>o-…</c>). Several ACCOUNT parties that disagree cannot be resolved safely.
    /// </summary>
    private static Located HandshakeAccountParty(JsonElement detail)
    {
        const string path = "responseElements.handshake.parties";
        if (!Detail.TryGet(detail, path, out var parties))
        {
            return Located.Problem($"detail.{path} is missing");
        }

        if (parties.ValueKind != JsonValueKind.Array)
        {
            return Located.Problem($"detail.{path} must be an array, found {Detail.Describe(parties)}");
        }

        string? accountId = null;
        var index = -1;
        foreach (var party in parties.EnumerateArray())
        {
            index++;
            if (party.ValueKind != JsonValueKind.Object
                || !party.TryGetProperty("type", out var type)
                || !Detail.IsString(type, "ACCOUNT"))
            {
                continue;
            }

            var idPath = $"{path}[{index}].id";
            if (!party.TryGetProperty("id", out var id))
            {
                return Located.Problem($"detail.{idPath} is missing");
            }

            var located = AccountIdFrom(id, idPath);
            if (located.AccountId is null)
            {
                return located;
            }

            if (accountId is not null && accountId != located.AccountId)
            {
                return Located.Problem($"detail.{path} has several ACCOUNT parties with different ids ({accountId}, {located.AccountId})");
            }

            accountId = located.AccountId;
        }

        return accountId is null
            ? Located.Problem($"detail.{path} has no party of type \"ACCOUNT\"")
            : Located.Found(accountId);
    }

    public static Located AccountIdFrom(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Located.Problem($"detail.{path} must be a string of 12 digits, found {Detail.Describe(value)}");
        }

        var text = value.GetString()!;
        return Accounts.AccountId.IsValid(text)
            ? Located.Found(text)
            : Located.Problem($"detail.{path} is not an account id (12 ASCII digits): {StrictJson.Quote(text)}");
    }
}

internal sealed record LifecycleEvent(
    string Source,
    string EventName,
    ChangeKind Kind,
    ImmutableArray<Condition> Conditions,
    AccountIdLocator AccountId);

/// <summary>A string member of <c>detail</c> (dotted path) that must have exactly this value.</summary>
internal sealed record Condition(string Path, string Expected);

internal delegate Located AccountIdLocator(JsonElement detail);

/// <summary>An account id found in an event, or why there is none.</summary>
internal readonly record struct Located(string? AccountId, string? Why)
{
    public static Located Found(string accountId) => new(accountId, null);

    public static Located Problem(string why) => new(null, why);
}

/// <summary>Reading members of an already validated document (<see cref="StrictJson"/>): nothing here throws.</summary>
internal static class Detail
{
    /// <summary>The value at a dotted member path, when every step is an object that has the member.</summary>
    public static bool TryGet(JsonElement element, string path, out JsonElement value)
    {
        value = element;
        foreach (var name in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>The string at <paramref name="path"/>, or null when absent or not a string.</summary>
    public static string? StringAt(JsonElement element, string path) =>
        TryGet(element, path, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether <paramref name="value"/> is a string equal to <paramref name="expected"/> (ordinal).</summary>
    public static bool IsString(JsonElement value, string expected) =>
        value.ValueKind == JsonValueKind.String && value.ValueEquals(expected);

    /// <summary>A short description of a value for a one-line reason.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string " + StrictJson.Quote(value.GetString()!),
        JsonValueKind.Number => "the number " + StrictJson.Printable(value.GetRawText(), 40),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };
}
