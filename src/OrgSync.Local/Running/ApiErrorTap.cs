using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrgSync.Aws.Errors;

namespace OrgSync.Local.Running;

/// <summary>
/// A pass-through HTTP handler between the clients and the emulator that counts every error response by
/// <c>service.ErrorCode</c> (<c>imagebuilder.CallRateLimitExceededException</c>): what the emulator
/// answered, as the clients saw it. The emulator counts calls; this counts how they failed.
/// </summary>
internal sealed partial class ApiErrorTap() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);

    public ImmutableSortedDictionary<string, long> Errors => _errors.ToImmutableSortedDictionary(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400)
        {
            var service = ServiceOf(request);
            var code = await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
            _errors.AddOrUpdate($"{service}.{code}", 1, static (_, n) => n + 1);
        }

        return response;
    }

    private static string ServiceOf(HttpRequestMessage request)
    {
        // The SDK adds the header without validation, so read it raw rather than through the typed property.
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : string.Empty;
        var scope = CredentialScope().Match(authorization);
        return scope.Success ? scope.Groups["service"].Value : "unknown";
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.TryGetValues("X-Amzn-ErrorType", out var types) && ErrorCodes.Sanitize(types.FirstOrDefault()) is { } type)
        {
            return type;
        }

        // Buffered, so the client still reads the whole body after us.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (XmlCode().Match(body) is { Success: true } xml)
        {
            return xml.Groups[1].Value;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("__type", out var code) || document.RootElement.TryGetProperty("code", out code))
                && code.ValueKind == JsonValueKind.String
                && ErrorCodes.Sanitize(code.GetString()) is { } sanitized)
            {
                return sanitized;
            }
        }
        catch (JsonException)
        {
        }

        return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Credential=[^/,\s]+/\d{8}/[^/]+/(?<service>[^/]+)/aws4_request")]
    private static partial Regex CredentialScope();

    [GeneratedRegex(@"<Code>([^<]+)</Code>")]
    private static partial Regex XmlCode();
}
