using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrgSync.Functions.Logging;

/// <summary>
/// How the Lambda logger is configured, from the environment, the way Powertools for AWS Lambda
/// (.NET) reads it: <c>POWERTOOLS_LOG_LEVEL</c> sets the level, <c>AWS_LAMBDA_LOG_LEVEL</c> (Lambda's
/// advanced logging controls, which filter on it) overrides it when set to a level Lambda knows.
/// </summary>
public sealed record LogSettings(
    string Service,
    LogLevel MinimumLevel,
    double SamplingRate,
    string? FunctionName,
    string? FunctionVersion,
    int? FunctionMemorySize)
{
    public const string DefaultService = "orgsync";

    /// <summary>Builds the settings; <paramref name="warnings"/> explains ignored or conflicting values.</summary>
    public static LogSettings FromEnvironment(Func<string, string?> getVariable, out IReadOnlyList<string> warnings)
    {
        var notes = new List<string>();
        var service = getVariable("POWERTOOLS_SERVICE_NAME") is { Length: > 0 } name ? name.Trim() : DefaultService;

        var powertoolsText = getVariable("POWERTOOLS_LOG_LEVEL");
        var powertoolsLevel = ParseLevel(powertoolsText);
        if (powertoolsLevel is null && !string.IsNullOrWhiteSpace(powertoolsText))
        {
            notes.Add($"POWERTOOLS_LOG_LEVEL '{powertoolsText}' is not a log level; using Information.");
        }

        var lambdaText = getVariable("AWS_LAMBDA_LOG_LEVEL");
        var lambdaLevel = ParseLambdaLevel(lambdaText);
        var level = powertoolsLevel ?? LogLevel.Information;
        if (lambdaLevel is { } advanced)
        {
            if (powertoolsLevel is { } configured && configured < advanced)
            {
                notes.Add($"POWERTOOLS_LOG_LEVEL ({configured}) is below the Lambda advanced logging controls level AWS_LAMBDA_LOG_LEVEL ({advanced}); entries below {advanced} are dropped.");
            }

            level = advanced;
        }

        var samplingRate = 0.0;
        if (getVariable("POWERTOOLS_LOGGER_SAMPLE_RATE") is { Length: > 0 } rateText)
        {
            if (double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1)
            {
                samplingRate = rate;
            }
            else
            {
                notes.Add($"POWERTOOLS_LOGGER_SAMPLE_RATE '{rateText}' is not between 0 and 1; sampling is off.");
            }
        }

        warnings = notes;
        return new LogSettings(
            service,
            level,
            samplingRate,
            getVariable("AWS_LAMBDA_FUNCTION_NAME"),
            getVariable("AWS_LAMBDA_FUNCTION_VERSION"),
            int.TryParse(getVariable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.None, CultureInfo.InvariantCulture, out var memory) ? memory : null);
    }

    /// <summary>.NET level names (<c>Information</c>) and the short AWS ones (<c>INFO</c>, <c>WARN</c>, <c>FATAL</c>), any case.</summary>
    public static LogLevel? ParseLevel(string? text) =>
        text?.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => null,
        };

    /// <summary>The levels Lambda's advanced logging controls set (<c>TRACE</c> … <c>FATAL</c>).</summary>
    public static LogLevel? ParseLambdaLevel(string? text) =>
        text?.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" => LogLevel.Information,
            "WARN" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" => LogLevel.Critical,
            _ => null,
        };
}
