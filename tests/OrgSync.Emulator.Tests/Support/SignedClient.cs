using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using OrgSync.Emulator.Hosting;

namespace OrgSync.Emulator.Tests.Support;

/// <summary>A response as a test reads it: status, error code (from whichever protocol) and body.</summary>
internal sealed record ApiResult(int Status, string Body, string? ErrorCode, string? ErrorMessage, HttpResponseMessage Response)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;

    public XDocument Xml => XDocument.Parse(Body);

    public ApiResult ShouldSucceed()
    {
        Assert.True(Status == 200, $"expected 200, got {Status} {ErrorCode}: {ErrorMessage}\n{Body}");
        return this;
    }

    public ApiResult ShouldFail(int status, string code)
    {
        Assert.True(Status == status && ErrorCode == code, $"expected {status} {code}, got {Status} {ErrorCode}: {ErrorMessage}\n{Body}");
        return this;
    }
}

/// <summary>
/// Raw HTTP calls to the emulator, signed by AWSSDK.Core's own <see cref="AWS4Signer"/> — the signer the
/// project's clients use — so the emulator's verifier is checked against an independent implementation.
/// </summary>
internal sealed class SignedClient(AwsEmulator emulator, string accessKeyId, string secretAccessKey, string? sessionToken = null) : IDisposable
{
    private static readonly XNamespace StsNs = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly HttpClient _http = new();

    public string Region { get; init; } = "us-east-1";

    /// <summary>Overrides the signing time (default: now).</summary>
    public DateTime? SignedAt { get; init; }

    public static SignedClient Home(AwsEmulator emulator) =>
        new(emulator, emulator.Credentials.AccessKeyId, emulator.Credentials.SecretAccessKey);

    public SignedClient WithRegion(string region) => new(emulator, accessKeyId, secretAccessKey, sessionToken) { Region = region, SignedAt = SignedAt };

    public Task<ApiResult> Config(string operation, JsonObject body) => Config(operation, body.ToJsonString());

    public Task<ApiResult> Config(string operation, string body) =>
        SendAsync("config", HttpMethod.Post, "/", null, body, "application/x-amz-json-1.1", new() { ["X-Amz-Target"] = "StarlingDoveService." + operation });

    public Task<ApiResult> Events(string operation, JsonObject body) => Events(operation, body.ToJsonString());

    public Task<ApiResult> Events(string operation, string body) =>
        SendAsync("events", HttpMethod.Post, "/", null, body, "application/x-amz-json-1.1", new() { ["X-Amz-Target"] = "AWSEvents." + operation });

    public Task<ApiResult> StepFunctions(string operation, JsonObject body) => StepFunctions(operation, body.ToJsonString());

    public Task<ApiResult> StepFunctions(string operation, string body) =>
        SendAsync("states", HttpMethod.Post, "/", null, body, "application/x-amz-json-1.0", new() { ["X-Amz-Target"] = "AWSStepFunctions." + operation });

    public Task<ApiResult> GetDistribution(string arn) =>
        SendAsync("imagebuilder", HttpMethod.Get, "/GetDistributionConfiguration", new() { ["distributionConfigurationArn"] = arn }, null, null, []);

    public Task<ApiResult> ImageBuilder(string method, string path, JsonObject body) =>
        SendAsync("imagebuilder", new HttpMethod(method), path, null, body.ToJsonString(), "application/json", []);

    public Task<ApiResult> Sts(string action, Dictionary<string, string>? parameters = null) => Query("sts", "2011-06-15", action, parameters);

    public Task<ApiResult> Organizations(string operation, JsonObject body) => Organizations(operation, body.ToJsonString());

    public Task<ApiResult> Organizations(string operation, string body) =>
        SendAsync("organizations", HttpMethod.Post, "/", null, body, "application/x-amz-json-1.1", new() { ["X-Amz-Target"] = "AWSOrganizationsV20161128." + operation });

    public Task<ApiResult> Iam(string action, Dictionary<string, string>? parameters = null) => Query("iam", "2010-05-08", action, parameters);

    private Task<ApiResult> Query(string service, string version, string action, Dictionary<string, string>? parameters)
    {
        var form = new Dictionary<string, string>(parameters ?? []) { ["Action"] = action, ["Version"] = version };
        var body = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return SendAsync(service, HttpMethod.Post, "/", null, body, "application/x-www-form-urlencoded; charset=utf-8", []);
    }

    public async Task<SignedClient> AssumeRoleAsync(string roleArn, string session = "orgsync-test", int? durationSeconds = null)
    {
        var parameters = new Dictionary<string, string> { ["RoleArn"] = roleArn, ["RoleSessionName"] = session };
        if (durationSeconds is { } d)
        {
            parameters["DurationSeconds"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = (await Sts("AssumeRole", parameters)).ShouldSucceed();
        var credentials = result.Xml.Descendants(StsNs + "Credentials").Single();
        return new SignedClient(
            emulator,
            credentials.Element(StsNs + "AccessKeyId")!.Value,
            credentials.Element(StsNs + "SecretAccessKey")!.Value,
            credentials.Element(StsNs + "SessionToken")!.Value) { Region = Region };
    }

    public string? SessionToken => sessionToken;

    public string AccessKeyId => accessKeyId;

    public string SecretAccessKey => secretAccessKey;

    public async Task<ApiResult> SendAsync(
        string service,
        HttpMethod method,
        string path,
        Dictionary<string, string>? query,
        string? body,
        string? contentType,
        Dictionary<string, string> headers,
        Action<HttpRequestMessage>? tamper = null)
    {
        var endpoint = emulator.BaseAddress;
        var sdkRequest = new DefaultRequest(new GetCallerIdentityRequest(), service)
        {
            HttpMethod = method.Method,
            Endpoint = endpoint,
            ResourcePath = path,
            AuthenticationRegion = Region,
            OverrideSigningServiceName = service,
        };
        foreach (var (key, value) in query ?? [])
        {
            sdkRequest.Parameters[key] = value;
        }

        foreach (var (key, value) in headers)
        {
            sdkRequest.Headers[key] = value;
        }

        if (contentType is not null)
        {
            sdkRequest.Headers["Content-Type"] = contentType;
        }

        if (sessionToken is not null)
        {
            sdkRequest.Headers["X-Amz-Security-Token"] = sessionToken;
        }

        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body);
        sdkRequest.Content = bytes;
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region };
        var signer = new AWS4Signer();
        var signature = SignedAt is { } at
            ? signer.SignRequest(sdkRequest, config, null, accessKeyId, secretAccessKey, at)
            : signer.SignRequest(sdkRequest, config, null, accessKeyId, secretAccessKey);
        sdkRequest.Headers["Authorization"] = signature.ForAuthorizationHeader;

        var url = new UriBuilder(endpoint) { Path = path };
        if (query is { Count: > 0 })
        {
            url.Query = string.Join('&', query.Select(p => AWSSDKUtils.UrlEncode(p.Key, false) + "=" + AWSSDKUtils.UrlEncode(p.Value, false)));
        }

        using var message = new HttpRequestMessage(method, url.Uri);
        if (bytes is not null)
        {
            message.Content = new ByteArrayContent(bytes);
        }

        foreach (var (key, value) in sdkRequest.Headers)
        {
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                // HttpClient sets it from the content.
            }
            else
            {
                message.Headers.TryAddWithoutValidation(key, value);
            }
        }

        tamper?.Invoke(message);
        var response = await _http.SendAsync(message);
        return await ReadAsync(response);
    }

    public static async Task<ApiResult> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        string? code = null, message = null;
        if ((int)response.StatusCode >= 300)
        {
            if (text.StartsWith('<'))
            {
                // STS and IAM each answer in their own XML namespace.
                var error = XDocument.Parse(text).Descendants().Single(e => e.Name.LocalName == "Error");
                code = error.Elements().SingleOrDefault(e => e.Name.LocalName == "Code")?.Value;
                message = error.Elements().SingleOrDefault(e => e.Name.LocalName == "Message")?.Value;
            }
            else
            {
                code = response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.Single() : null;
                var json = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
                code ??= json?["__type"]?.GetValue<string>();
                // Organizations spells the member "Message", as its error shapes do.
                message = (json?["message"] ?? json?["Message"])?.GetValue<string>();
            }
        }

        return new ApiResult((int)response.StatusCode, text, code, message, response);
    }

    public void Dispose() => _http.Dispose();
}
