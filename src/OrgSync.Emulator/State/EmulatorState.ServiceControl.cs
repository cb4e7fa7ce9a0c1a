using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrgSync.Emulator.Policies;

namespace OrgSync.Emulator.State;

public sealed partial class EmulatorState
{
    /// <summary>The explicit denies of service control policies (state <c>serviceControlDenies</c>); read-only once loaded.</summary>
    internal ImmutableArray<ServiceControlDeny> ServiceControlDenies { get; private set; } = [];

    /// <summary>IAM action form: a service prefix, a colon, an action name (any case); <c>*</c> and <c>?</c> as IAM allows them.</summary>
    [GeneratedRegex("^(\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)\\z")]
    private static partial Regex IamAction();

    private sealed partial class Loader
    {
        // The array stays in the top-level object as the file had it: nothing writes to it, so it exports unchanged.
        // The organization is loaded before this (EmulatorState.Parse), so a deny on its management account is refused:
        // SCPs never affect the management account. Without an organization every account is one SCPs may affect.
        private void LoadServiceControlDenies(JsonObject top)
        {
            var items = ArrayOf(source, top, "serviceControlDenies");
            var denies = ImmutableArray.CreateBuilder<ServiceControlDeny>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"$.serviceControlDenies[{i}]";
                var doc = ResourceObject(items[i], path);
                var account = AccountOf(doc, path);
                if (state.Organization is { } organization && account == organization.ManagementAccountId)
                {
                    var defaulted = doc["accountId"] is null ? "; an entry without accountId is the state's own account" : string.Empty;
                    throw new StateFileException(
                        source,
                        path + ".accountId",
                        $"{account} is the organization's management account (organization.managementAccountId{defaulted}); service control policies never affect the management account");
                }

                var action = RequireString(source, doc, "action", path);
                if (!IamAction().IsMatch(action))
                {
                    throw new StateFileException(source, path + ".action", $"'{action}' is not an IAM action such as config:PutDeliveryChannel (service prefix, colon, action; * and ? allowed)");
                }

                denies.Add(new ServiceControlDeny(account, action, OptionalString(source, doc, "policyArn", path)));
            }

            state.ServiceControlDenies = denies.MoveToImmutable();
        }

        /// <summary>The <c>accountId</c> of an entry; the state's own account when it names none.</summary>
        private string AccountOf(JsonObject doc, string path)
        {
            var account = OptionalString(source, doc, "accountId", path) ?? state.AccountId;
            return IsAccountId(account)
                ? account
                : throw new StateFileException(source, path + ".accountId", $"'{account}' is not an account id (exactly 12 digits)");
        }
    }
}
