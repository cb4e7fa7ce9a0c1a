using System.Text.RegularExpressions;

namespace OrgSync.Emulator.Policies;

/// <summary>
/// One explicit deny of a service control policy (state <c>serviceControlDenies</c>): calls from
/// <paramref name="AccountId"/> whose IAM action (<c>config:PutDeliveryChannel</c>) matches
/// <paramref name="Action"/> are refused. As in IAM, the action matches case-insensitively and may use
/// the wildcards <c>*</c> and <c>?</c> (<c>config:*</c>, <c>config:Put*</c>).
/// </summary>
internal sealed record ServiceControlDeny(string AccountId, string Action, string? PolicyArn)
{
    private readonly Regex _pattern = new(
        "^" + Regex.Escape(Action).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "\\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public bool Denies(string accountId, string action) => AccountId == accountId && _pattern.IsMatch(action);
}
