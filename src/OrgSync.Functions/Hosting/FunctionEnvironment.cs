using System.Collections;
using System.Collections.Immutable;

namespace OrgSync.Functions.Hosting;

/// <summary>
/// A snapshot of the environment variables the function reads (the Lambda runtime contract in the
/// team brief). A value, so in-process tests run functions side by side with different settings.
/// </summary>
public sealed class FunctionEnvironment
{
    private readonly ImmutableDictionary<string, string> _variables;

    public FunctionEnvironment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        _variables = variables.ToImmutableDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _variables.Keys;

    public static FunctionEnvironment FromProcess()
    {
        var variables = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables.Add(KeyValuePair.Create(name, value));
            }
        }

        return new FunctionEnvironment(variables);
    }

    /// <summary>The value, or null when unset or blank (Lambda and SAM write unset parameters as empty strings).</summary>
    public string? Get(string name) =>
        _variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
