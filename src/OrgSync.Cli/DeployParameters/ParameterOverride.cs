namespace OrgSync.Cli.DeployParameters;

/// <summary>One <c>Key=Value</c> of a <c>sam deploy --parameter-overrides</c> value.</summary>
/// <param name="Value">The value as SAM reads it (quotes removed, escapes resolved).</param>
/// <param name="Text">The pair as written, so a pair kept by <c>--write</c> is rewritten exactly as it was.</param>
internal sealed record ParameterOverride(string Key, string Value, string Text);
