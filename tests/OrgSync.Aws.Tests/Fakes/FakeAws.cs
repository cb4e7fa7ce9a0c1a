using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OrgSync.Aws.Config;
using OrgSync.Aws.Imagebuilder;
using OrgSync.Aws.Sdk;
using OrgSync.Aws.Tests.Support;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Json;

namespace OrgSync.Aws.Tests.Fakes;

internal enum FaultKind
{
    /// <summary>The service's throttling error, nothing applied.</summary>
    Throttle,

    /// <summary>HTTP 500, nothing applied.</summary>
    ServerError,

    /// <summary>The request is applied, then answered with HTTP 500.</summary>
    LostResponse,

    /// <summary>A given status and error code, nothing applied.</summary>
    Error,
}

internal sealed record Fault(FaultKind Kind, int Status = 400, string? Code = null, string Message = "scripted failure")
{
    public static Fault Throttle { get; } = new(FaultKind.Throttle);

    public static Fault ServerError { get; } = new(FaultKind.ServerError);

    public static Fault LostResponse { get; } = new(FaultKind.LostResponse);

    public static Fault With(int status, string code, string message = "scripted failure") => new(FaultKind.Error, status, code, message);
}

internal sealed record RecordedRequest(
    string Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string Body,
    string Service,
    string Region,
    string AccessKey,
    string Operation)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// An in-process stand-in for Config (awsJson1_1), Image Builder (restJson1) and STS (query),
/// answering the requests the real SDK pipeline marshals and signs. Keeps state per account and
/// Region (the account comes from the access key in the SigV4 credential scope), enforces Image
/// Builder's client-token idempotency and Config's one-channel-per-Region and recorder rules, and
/// can be scripted per operation with throttling, 5xx and lost responses. Signatures are not verified.
/// </summary>
internal sealed partial class FakeAws(TimeProvider? time = null) : HttpMessageHandler
{
    public const string HomeAccount = "111111111111";
    public const string HomeAccessKey = "AKIDHOMEEXAMPLE";

    private readonly object _gate = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedKey> _keys = new(StringComparer.Ordinal) { [HomeAccessKey] = new(HomeAccount, null, DateTimeOffset.MaxValue) };
    private readonly Dictionary<string, string> _clientTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, string, string), DateTimeOffset> _authorizedAt = [];
    private int _issued;

    public static AWSCredentials HomeCredentials { get; } = new BasicAWSCredentials(HomeAccessKey, "home-secret");

    public Dictionary<(string Region, string Name), ConfigurationAggregator> Aggregators { get; } = [];

    public Dictionary<string, DistributionConfiguration> Distributions { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Account, string Region), DeliveryChannel> Channels { get; } = [];

    public HashSet<(string Account, string Region)> Recorders { get; } = [];

    /// <summary>Aggregation authorizations: the source account and Region, and the aggregator's account and Region it lets in.</summary>
    public HashSet<(string Account, string Region, string AuthorizedAccount, string AuthorizedRegion)> Authorizations { get; } = [];

    /// <summary>IAM roles, by account and name.</summary>
    public HashSet<(string Account, string RoleName)> Roles { get; } = [];

    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long AssumeRole takes (to let concurrent callers pile up).</summary>
    public TimeSpan AssumeRoleLatency { get; set; } = TimeSpan.Zero;

    public int PageSize { get; set; } = 100;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedRequest> For(string operation) => Requests.Where(r => r.Operation == operation).ToList();

    public int Calls(string operation) => For(operation).Count;

    /// <summary>The next calls of <paramref name="operation"/> fail (or lose their response) as listed, in order.</summary>
    public void Script(string operation, params Fault[] faults)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(operation, out var queue))
            {
                _faults[operation] = queue = new Queue<Fault>();
            }

            foreach (var fault in faults)
            {
                queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Makes every credential issued so far for <paramref name="account"/> expired.</summary>
    public void ExpireCredentials(string account)
    {
        lock (_gate)
        {
            foreach (var (key, issued) in _keys.ToList())
            {
                if (issued.Account == account && issued.SessionToken is not null)
                {
                    _keys[key] = issued with { Expiration = _time.GetUtcNow().AddSeconds(-1) };
                }
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var scope = ScopePattern().Match(headers.GetValueOrDefault("Authorization") ?? string.Empty);
        if (!scope.Success)
        {
            return Error("sts", 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var (accessKey, region, service) = (scope.Groups["key"].Value, scope.Groups["region"].Value, scope.Groups["service"].Value);
        var operation = service switch
        {
            "config" => (headers.GetValueOrDefault("X-Amz-Target") ?? string.Empty).Replace("StarlingDoveService.", string.Empty, StringComparison.Ordinal),
            "imagebuilder" => request.RequestUri!.AbsolutePath.Trim('/'),
            "sts" or "iam" => Form(body).GetValueOrDefault("Action") ?? "unknown",
            _ => "unknown",
        };

        Fault? fault;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                request.Method.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body, service, region, accessKey, operation));
            fault = _faults.TryGetValue(operation, out var queue) && queue.Count > 0 ? queue.Dequeue() : null;
        }

        switch (fault?.Kind)
        {
            case FaultKind.Throttle:
                return service switch
                {
                    "imagebuilder" => Error(service, 429, "CallRateLimitExceededException", "Rate exceeded"),
                    "sts" or "iam" => Error(service, 400, "Throttling", "Rate exceeded"),
                    _ => Error(service, 400, "ThrottlingException", "Rate exceeded"),
                };
            case FaultKind.ServerError:
                return Error(service, 500, service == "imagebuilder" ? "ServiceException" : "InternalFailure", "internal error");
            case FaultKind.Error:
                return Error(service, fault.Status, fault.Code!, fault.Message);
        }

        if (service == "sts" && AssumeRoleLatency > TimeSpan.Zero)
        {
            await Task.Delay(AssumeRoleLatency, cancellationToken);
        }

        HttpResponseMessage response;
        lock (_gate)
        {
            response = Authenticate(service, accessKey, headers) ?? service switch
            {
                "config" => Config(operation, _keys[accessKey].Account, region, body),
                "imagebuilder" => Imagebuilder(operation, region, request.RequestUri!, body),
                "sts" => Sts(operation, body),
                "iam" => Iam(operation, _keys[accessKey].Account, body),
                _ => Error(service, 400, "UnknownService", service),
            };
        }

        return fault?.Kind == FaultKind.LostResponse
            ? Error(service, 500, service == "imagebuilder" ? "ServiceException" : "InternalFailure", "the response was lost")
            : response;
    }

    private HttpResponseMessage? Authenticate(string service, string accessKey, Dictionary<string, string> headers)
    {
        if (!_keys.TryGetValue(accessKey, out var issued) || issued.SessionToken != headers.GetValueOrDefault("X-Amz-Security-Token"))
        {
            return Error(service, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        return issued.Expiration <= _time.GetUtcNow()
            ? Error(service, 400, "ExpiredTokenException", "The security token included in the request is expired")
            : null;
    }

    private HttpResponseMessage Config(string operation, string account, string region, string body)
    {
        switch (operation)
        {
            case "DescribeConfigurationAggregators":
            {
                var input = JsonSerializer.Deserialize(body, AwsWireJsonContext.Default.DescribeConfigurationAggregatorsRequest)!;
                var all = Aggregators.Where(a => a.Key.Region == region).OrderBy(a => a.Key.Name, StringComparer.Ordinal).Select(a => a.Value).ToList();
                if (input.ConfigurationAggregatorNames is { Length: > 0 } names)
                {
                    var missing = names.Where(n => all.All(a => a.ConfigurationAggregatorName != n)).ToList();
                    if (missing.Count > 0)
                    {
                        return Error("config", 400, "NoSuchConfigurationAggregatorException", "The configuration aggregator does not exist.");
                    }

                    all = all.Where(a => names.Contains(a.ConfigurationAggregatorName!)).ToList();
                }

                var start = input.NextToken is null ? 0 : int.Parse(input.NextToken, CultureInfo.InvariantCulture);
                var page = all.Skip(start).Take(PageSize).ToImmutableArray();
                var next = start + PageSize < all.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
                return Json(JsonSerializer.Serialize(new DescribeConfigurationAggregatorsResponse { ConfigurationAggregators = page, NextToken = next }, AwsWireJsonContext.Default.DescribeConfigurationAggregatorsResponse), "config");
            }

            case "PutConfigurationAggregator":
            {
                var input = JsonSerializer.Deserialize(body, CoreJsonContext.Default.PutConfigurationAggregatorRequest)!;
                var key = (region, input.ConfigurationAggregatorName);
                var now = _time.GetUtcNow().ToUnixTimeSeconds();
                var stored = (Aggregators.TryGetValue(key, out var existing) ? existing : new ConfigurationAggregator
                {
                    ConfigurationAggregatorName = input.ConfigurationAggregatorName,
                    ConfigurationAggregatorArn = $"arn:aws:config:{region}:{account}:config-aggregator/config-aggregator-{input.ConfigurationAggregatorName.ToUpperInvariant().GetHashCode(StringComparison.Ordinal) & 0xffff:x}",
                    CreationTime = now,
                }) with
                {
                    AccountAggregationSources = input.AccountAggregationSources,
                    OrganizationAggregationSource = input.OrganizationAggregationSource,
                    LastUpdatedTime = now,
                };
                Aggregators[key] = stored;
                return Json(JsonSerializer.Serialize(new PutConfigurationAggregatorResponse { ConfigurationAggregator = stored }, AwsWireJsonContext.Default.PutConfigurationAggregatorResponse), "config");
            }

            case "DescribeDeliveryChannels":
            {
                var channels = Channels.TryGetValue((account, region), out var channel) ? ImmutableArray.Create(channel) : [];
                return Json(JsonSerializer.Serialize(new DescribeDeliveryChannelsResponse { DeliveryChannels = channels }, AwsWireJsonContext.Default.DescribeDeliveryChannelsResponse), "config");
            }

            case "PutDeliveryChannel":
            {
                var input = JsonSerializer.Deserialize(body, CoreJsonContext.Default.PutDeliveryChannelRequest)!;
                if (!Recorders.Contains((account, region)))
                {
                    return Error("config", 400, "NoAvailableConfigurationRecorderException", "Configuration recorder is not available to put delivery channel.");
                }

                if (Channels.TryGetValue((account, region), out var existing) && existing.Name != input.DeliveryChannel.Name)
                {
                    return Error("config", 400, "MaxNumberOfDeliveryChannelsExceededException", "the maximum number of delivery channels: 1 is reached.");
                }

                Channels[(account, region)] = input.DeliveryChannel;
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            }

            case "PutAggregationAuthorization":
            {
                var input = JsonSerializer.Deserialize(body, AwsWireJsonContext.Default.PutAggregationAuthorizationRequest)!;
                // Idempotent: an existing authorization is returned as it is, with the time it was first made.
                var key = (account, region, input.AuthorizedAccountId, input.AuthorizedAwsRegion);
                Authorizations.Add(key);
                if (!_authorizedAt.TryGetValue(key, out var createdAt))
                {
                    _authorizedAt[key] = createdAt = _time.GetUtcNow();
                }

                var authorization = new AggregationAuthorization
                {
                    AuthorizedAccountId = input.AuthorizedAccountId,
                    AuthorizedAwsRegion = input.AuthorizedAwsRegion,
                    CreationTime = createdAt,
                };
                return Json(JsonSerializer.Serialize(new PutAggregationAuthorizationResponse { AggregationAuthorization = authorization }, AwsWireJsonContext.Default.PutAggregationAuthorizationResponse), "config");
            }

            case "DeleteAggregationAuthorization":
            {
                var input = JsonSerializer.Deserialize(body, AwsWireJsonContext.Default.DeleteAggregationAuthorizationRequest)!;
                Authorizations.Remove((account, region, input.AuthorizedAccountId, input.AuthorizedAwsRegion));
                _authorizedAt.Remove((account, region, input.AuthorizedAccountId, input.AuthorizedAwsRegion));
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
            }

            case "DescribeConfigurationRecorders":
            {
                var recorders = Recorders.Contains((account, region)) ? ImmutableArray.Create(new ConfigurationRecorder { Name = "default" }) : [];
                return Json(JsonSerializer.Serialize(new DescribeConfigurationRecordersResponse { ConfigurationRecorders = recorders }, InspectionJsonContext.Default.DescribeConfigurationRecordersResponse), "config");
            }

            default:
                return Error("config", 400, "UnknownOperationException", operation);
        }
    }

    private HttpResponseMessage Imagebuilder(string operation, string region, Uri uri, string body)
    {
        switch (operation)
        {
            case "GetDistributionConfiguration":
            {
                var arn = Uri.UnescapeDataString(uri.Query.TrimStart('?').Split('=', 2)[1]);
                if (arn.Split(':')[3] != region)
                {
                    return Error("imagebuilder", 400, "InvalidRequestException", $"The ARN region does not match the request region {region}.");
                }

                return Distributions.TryGetValue(arn, out var found)
                    ? Json(JsonSerializer.Serialize(new GetDistributionConfigurationResponse { RequestId = Guid.NewGuid().ToString(), DistributionConfiguration = found }, AwsWireJsonContext.Default.GetDistributionConfigurationResponse), "imagebuilder")
                    : Error("imagebuilder", 404, "ResourceNotFoundException", $"{arn} not found");
            }

            case "UpdateDistributionConfiguration":
            {
                var input = JsonSerializer.Deserialize(body, CoreJsonContext.Default.UpdateDistributionConfigurationRequest)!;
                var canonical = JsonSerializer.Serialize(input with { ClientToken = string.Empty }, CoreJsonContext.Default.UpdateDistributionConfigurationRequest);
                if (_clientTokens.TryGetValue(input.ClientToken, out var earlier))
                {
                    if (earlier != canonical)
                    {
                        return Error("imagebuilder", 400, "IdempotentParameterMismatchException", "The client token was used with different parameters.");
                    }
                }
                else if (!Distributions.TryGetValue(input.DistributionConfigurationArn, out var existing))
                {
                    return Error("imagebuilder", 404, "ResourceNotFoundException", $"{input.DistributionConfigurationArn} not found");
                }
                else
                {
                    _clientTokens[input.ClientToken] = canonical;
                    Distributions[input.DistributionConfigurationArn] = existing with
                    {
                        Description = input.Description,
                        Distributions = input.Distributions,
                        DateUpdated = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                    };
                }

                return Json(JsonSerializer.Serialize(new UpdateDistributionConfigurationResponse { RequestId = Guid.NewGuid().ToString(), ClientToken = input.ClientToken, DistributionConfigurationArn = input.DistributionConfigurationArn }, AwsWireJsonContext.Default.UpdateDistributionConfigurationResponse), "imagebuilder");
            }

            case "ListDistributionConfigurations":
            {
                var input = JsonSerializer.Deserialize(body, InspectionJsonContext.Default.ListDistributionConfigurationsRequest)!;
                var all = Distributions.Values.Where(d => d.Arn!.Split(':')[3] == region).OrderBy(d => d.Arn, StringComparer.Ordinal).ToList();
                var start = input.NextToken is null ? 0 : int.Parse(input.NextToken, CultureInfo.InvariantCulture);
                var page = all.Skip(start).Take(PageSize)
                    .Select(d => new DistributionConfigurationSummary { Arn = d.Arn, Name = d.Name, Description = d.Description, Regions = d.Distributions?.Select(x => x.Region!).ToImmutableArray() })
                    .ToImmutableArray();
                var next = start + PageSize < all.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
                return Json(JsonSerializer.Serialize(new ListDistributionConfigurationsResponse { RequestId = "r", DistributionConfigurationSummaryList = page, NextToken = next }, InspectionJsonContext.Default.ListDistributionConfigurationsResponse), "imagebuilder");
            }

            default:
                return Error("imagebuilder", 404, "UnknownOperationException", operation);
        }
    }

    private HttpResponseMessage Sts(string operation, string body)
    {
        if (operation != "AssumeRole")
        {
            return Error("sts", 400, "InvalidAction", operation);
        }

        var form = Form(body);
        var roleArn = form["RoleArn"];
        var account = roleArn.Split(':')[4];
        var number = ++_issued;
        var accessKey = $"ASIA{account}{number:D4}";
        var token = $"session-token-{number}";
        var expiration = _time.GetUtcNow() + CredentialLifetime;
        _keys[accessKey] = new IssuedKey(account, token, expiration);
        var xml = $"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{accessKey}</AccessKeyId>
                  <SecretAccessKey>secret-{number}</SecretAccessKey>
                  <SessionToken>{token}</SessionToken>
                  <Expiration>{expiration.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::{account}:assumed-role/{roleArn.Split('/')[^1]}/{form.GetValueOrDefault("RoleSessionName")}</Arn>
                  <AssumedRoleId>AROA{account}:{form.GetValueOrDefault("RoleSessionName")}</AssumedRoleId>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>sts-{number}</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };
    }

    /// <summary>IAM <c>GetRole</c> over <see cref="Roles"/> (query protocol, XML).</summary>
    private HttpResponseMessage Iam(string operation, string account, string body)
    {
        if (operation != "GetRole")
        {
            return Error("iam", 400, "InvalidAction", operation);
        }

        var name = Form(body)["RoleName"];
        if (!Roles.Contains((account, name)))
        {
            return Error("iam", 404, "NoSuchEntity", $"The role with name {name} cannot be found.");
        }

        var xml = $"""
            <GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <GetRoleResult><Role><Path>/</Path><RoleName>{name}</RoleName><RoleId>AROA{account}</RoleId>
                <Arn>arn:aws:iam::{account}:role/{name}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role></GetRoleResult>
              <ResponseMetadata><RequestId>iam-1</RequestId></ResponseMetadata>
            </GetRoleResponse>
            """;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };
    }

    /// <summary>An error response in the service's own wire format (FACTS §4; STS: query XML).</summary>
    public static HttpResponseMessage Error(string service, int status, string code, string message)
    {
        var requestId = Guid.NewGuid().ToString();
        HttpResponseMessage response;
        switch (service)
        {
            case "sts" or "iam":
                response = new HttpResponseMessage((HttpStatusCode)status)
                {
                    Content = new StringContent(
                        $"<ErrorResponse xmlns=\"{(service == "iam" ? "https://iam.amazonaws.com/doc/2010-05-08/" : "https://sts.amazonaws.com/doc/2011-06-15/")}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>",
                        Encoding.UTF8,
                        "text/xml"),
                };
                break;
            case "imagebuilder":
                response = Json(new JsonObject { ["message"] = message }.ToJsonString(), service, (HttpStatusCode)status);
                response.Headers.Add("X-Amzn-Errortype", code);
                break;
            default:
                response = Json(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), service, (HttpStatusCode)status);
                break;
        }

        response.Headers.Add("x-amzn-RequestId", requestId);
        return response;
    }

    private static HttpResponseMessage Json(string json, string service, HttpStatusCode status = HttpStatusCode.OK)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new(service == "config" ? "application/x-amz-json-1.1" : "application/json");
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
        return response;
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty);

    [GeneratedRegex(@"Credential=(?<key>[^/]+)/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex ScopePattern();

    private sealed record IssuedKey(string Account, string? SessionToken, DateTimeOffset Expiration);
}
