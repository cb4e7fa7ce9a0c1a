using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Functions.Runtime;

/// <summary>One invocation handed out by <c>GET /runtime/invocation/next</c>.</summary>
public sealed record RuntimeInvocation(LambdaInvocation Invocation, ReadOnlyMemory<byte> Payload);

/// <summary>What the Runtime API is told when an invocation or the initialisation fails.</summary>
/// <param name="ErrorType">Also sent as the <c>Lambda-Runtime-Function-Error-Type</c> header.</param>
public sealed record RuntimeError(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace)
{
    public static RuntimeError From(Exception exception, Func<string, string> scrub) => new(
        scrub(exception.Message),
        exception.GetType().Name,
        (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(scrub)
            .ToArray());
}

/// <summary>
/// The Lambda Runtime API (<c>2018-06-01</c>) over HTTP on <c>AWS_LAMBDA_RUNTIME_API</c>. No client
/// timeout: <c>next</c> is a long poll, and Lambda freezes the process in the middle of it between
/// invocations.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly TimeSpan MaximumInvocationTime = TimeSpan.FromMinutes(15);
    private static readonly JsonWriterOptions ErrorWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public RuntimeApiClient(string runtimeApi, TimeProvider time)
    {
        _time = time;
        // SocketsHttpHandler directly: no proxy lookup, no cookie container, no decompression; cheap to build at cold start.
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("orgsync-lambda-runtime", "1.0"));
    }

    /// <summary>Waits for the next invocation.</summary>
    /// <exception cref="RuntimeApiException">The Runtime API answered with an error status.</exception>
    public async Task<RuntimeInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RuntimeApiException.FromAsync("invocation/next", response, cancellationToken).ConfigureAwait(false);
        }

        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException("invocation/next", response.StatusCode, $"the response has no {RequestIdHeader} header");
        var deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
            ? DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs)
            : _time.GetUtcNow() + MaximumInvocationTime;
        var invocation = new LambdaInvocation(
            requestId,
            deadline,
            Header(response, FunctionArnHeader) ?? string.Empty,
            Header(response, TraceIdHeader));
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeInvocation(invocation, payload);
    }

    public async Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var path = $"invocation/{Uri.EscapeDataString(requestId)}/response";
        using var response = await _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RuntimeApiException.FromAsync(path, response, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task SendInvocationErrorAsync(string requestId, RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task SendInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) =>
        PostErrorAsync("init/error", error, cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>The error document: <c>{"errorMessage", "errorType", "stackTrace": []}</c>.</summary>
    public static byte[] SerializeError(RuntimeError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, ErrorWriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", error.ErrorMessage);
            json.WriteString("errorType", error.ErrorType);
            json.WriteStartArray("stackTrace");
            foreach (var frame in error.StackTrace)
            {
                json.WriteStringValue(frame);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task PostErrorAsync(string path, RuntimeError error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(SerializeError(error));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RuntimeApiException.FromAsync(path, response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>The Runtime API answered a request with an error status.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException(string path, HttpStatusCode status, string detail)
        : base($"Runtime API {path} failed with {(int)status} {status}: {detail}")
    {
        StatusCode = status;
    }

    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// 500 from the Runtime API means the execution environment is in an unrecoverable state and the
    /// runtime must exit; 403 means this process may not call it. Anything else may pass.
    /// </summary>
    public bool IsFatal => StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.Forbidden;

    internal static async Task<RuntimeApiException> FromAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            body = string.Empty;
        }

        return new RuntimeApiException(path, response.StatusCode, body.Length > 500 ? body[..500] : body);
    }
}
