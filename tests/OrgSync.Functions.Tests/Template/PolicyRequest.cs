namespace OrgSync.Functions.Tests.Template;

/// <summary>Who sends a request, and the condition keys it carries (absent keys are simply not in <see cref="Keys"/>).</summary>
/// <param name="Service">The service principal (events.amazonaws.com), or null for an IAM principal.</param>
internal sealed record PolicyRequest(string Action, string? Service, IReadOnlyDictionary<string, string> Keys)
{
    public override string ToString() =>
        $"{Service ?? "IAM principal"} {Action} {string.Join(", ", Keys.Select(key => $"{key.Key}={key.Value}"))}";
}
