using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrgSync.Aws.Tests.Fakes;

/// <summary>
/// A stand-in for any AWS service that answers each operation as the test scripts it: a queue of
/// one-shot responses per operation, then a standing answer (<see cref="On"/>), else 404. Records every
/// request with the service, Region and access key of its SigV4 credential scope and the operation
/// (from <c>X-Amz-Target</c>, the query protocol's <c>Action</c>, or the restJson1 path).
/// </summary>
internal sealed partial class ScriptedAws : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, Queue<Func<RecordedRequest, HttpResponseMessage>>> _once = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<RecordedRequest, HttpResponseMessage>> _always = new(StringComparer.Ordinal);

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

    /// <summary>Answers every later call of <paramref name="operation"/> (after the one-shot ones).</summary>
    public ScriptedAws On(string operation, Func<RecordedRequest, HttpResponseMessage> respond)
    {
        lock (_gate)
        {
            _always[operation] = respond;
        }

        return this;
    }

    /// <summary>The next calls of <paramref name="operation"/> get these responses, in order.</summary>
    public ScriptedAws Then(string operation, params Func<RecordedRequest, HttpResponseMessage>[] responses)
    {
        lock (_gate)
        {
            if (!_once.TryGetValue(operation, out var queue))
            {
                _once[operation] = queue = new();
            }

            foreach (var response in responses)
            {
                queue.Enqueue(response);
            }
        }

        return this;
    }

    public ScriptedAws Then(string operation, params HttpResponseMessage[] responses) =>
        Then(operation, [.. responses.Select(r => (Func<RecordedRequest, HttpResponseMessage>)(_ => r))]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var contentType = request.Content?.Headers.ContentType?.ToString();
        var scope = ScopePattern().Match(headers.GetValueOrDefault("Authorization") ?? string.Empty);
        var target = headers.GetValueOrDefault("X-Amz-Target");
        var operation = target is not null ? target[(target.LastIndexOf('.') + 1)..]
            : contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true ? FormAction(body)
            : request.RequestUri!.AbsolutePath.Trim('/');
        var recorded = new RecordedRequest(
            request.Method.Method, request.RequestUri!, headers, contentType, body,
            scope.Groups["service"].Value, scope.Groups["region"].Value, scope.Groups["key"].Value, operation);

        Func<RecordedRequest, HttpResponseMessage>? respond;
        lock (_gate)
        {
            _requests.Add(recorded);
            respond = _once.TryGetValue(operation, out var queue) && queue.Count > 0 ? queue.Dequeue() : _always.GetValueOrDefault(operation);
        }

        return respond?.Invoke(recorded) ?? new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent($"nothing scripted for {operation}") };
    }

    private static string FormAction(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "Action") is [_, var action] ? Uri.UnescapeDataString(action) : "unknown";

    [GeneratedRegex(@"Credential=(?<key>[^/]+)/\d{8}/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request")]
    private static partial Regex ScopePattern();
}

/// <summary>Responses in each protocol's wire format.</summary>
internal static class Reply
{
    public static HttpResponseMessage Json(string body, string contentType = "application/x-amz-json-1.1", HttpStatusCode status = HttpStatusCode.OK)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new(contentType);
        var response = new HttpResponseMessage(status) { Content = content };
        response.Headers.Add("x-amzn-RequestId", "req-" + Guid.NewGuid().ToString("N")[..8]);
        return response;
    }

    public static HttpResponseMessage Json(JsonNode body, string contentType = "application/x-amz-json-1.1") => Json(body.ToJsonString(), contentType);

    /// <summary>An awsJson1_x error: <c>{"__type": code, "message": message}</c>.</summary>
    public static HttpResponseMessage JsonError(int status, string code, string message = "scripted failure", string contentType = "application/x-amz-json-1.1") =>
        Json(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), contentType, (HttpStatusCode)status);

    public static HttpResponseMessage Xml(string body, HttpStatusCode status = HttpStatusCode.OK, string? requestId = "req-xml")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        if (requestId is not null)
        {
            response.Headers.Add("x-amzn-RequestId", requestId);
        }

        return response;
    }

    /// <summary>A query-protocol error: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>.</summary>
    public static HttpResponseMessage QueryError(int status, string code, string message = "scripted failure", string ns = "https://iam.amazonaws.com/doc/2010-05-08/", string? headerRequestId = null) =>
        Xml(
            $"""<ErrorResponse xmlns="{ns}"><Error><Type>{(status >= 500 ? "Receiver" : "Sender")}</Type><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error><RequestId>body-request-id</RequestId></ErrorResponse>""",
            (HttpStatusCode)status,
            headerRequestId);
}
