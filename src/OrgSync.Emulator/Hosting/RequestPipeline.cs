using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using OrgSync.Emulator.Config;
using OrgSync.Emulator.Events;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.Iam;
using OrgSync.Emulator.ImageBuilder;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Organizations;
using OrgSync.Emulator.Policies;
using OrgSync.Emulator.Protocols;
using OrgSync.Emulator.Signing;
using OrgSync.Emulator.State;
using OrgSync.Emulator.StepFunctions;
using OrgSync.Emulator.Sts;

namespace OrgSync.Emulator.Hosting;

/// <summary>
/// One request, start to finish: route by the SigV4 credential scope, resolve the operation, count it,
/// authenticate, wait the configured latency, draw the fault, read and validate the input against the
/// model, run the operation, answer in the service's protocol.
/// </summary>
internal sealed class RequestPipeline(
    EmulatorState state,
    CredentialStore credentials,
    TimeProvider time,
    FaultInjector faults,
    CallCounters counters)
{
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private static readonly FrozenDictionary<(string Method, string Path), OperationModel> ImageBuilderRoutes =
        ServiceModels.ImageBuilder.Operations.Values.ToFrozenDictionary(o => (o.HttpMethod, o.RequestUri.Split('?')[0]));

    private static readonly FrozenSet<string> ImageBuilderPaths = ImageBuilderRoutes.Keys.Select(route => route.Path).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Added to every authenticated call; <see cref="AwsEmulator.Latency"/> changes it while the emulator runs.</summary>
    public TimeSpan Latency { get; set; }

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        var service = AwsService.Config;
        var cancellation = http.RequestAborted;
        try
        {
            var body = await ReadBodyAsync(http.Request, cancellation);
            var authorization = http.Request.Headers.Authorization.ToString();
            AuthorizationHeader? auth = null;
            string? authProblem = null;
            if (authorization.Length > 0)
            {
                _ = AuthorizationHeader.TryParse(authorization, out auth, out authProblem);
            }

            service = auth is not null ? ServiceFromScope(auth.Service) : GuessService(http.Request, body);
            var (operation, form) = ResolveOperation(service, http.Request, body);
            counters.Increment(CounterKey(service, operation.Name));

            if (authorization.Length == 0)
            {
                throw CommonErrors.Fail(CommonErrors.MissingAuthentication(service));
            }

            if (auth is null)
            {
                throw CommonErrors.Fail(CommonErrors.IncompleteSignature(service, authProblem!));
            }

            var caller = SigV4Verifier.Verify(service, auth, Signable(http.Request, body), credentials, time.GetUtcNow());

            var delay = Latency;
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellation);
            }

            var isWrite = IsWrite(service, operation.Name);
            var decision = faults.Decide(isWrite, canBeInUse: isWrite && service == AwsService.ImageBuilder);
            switch (decision)
            {
                case FaultDecision.Throttle:
                    throw CommonErrors.Fail(CommonErrors.Throttling(service));
                case FaultDecision.ServerError or FaultDecision.ServiceUnavailable:
                    throw CommonErrors.Fail(CommonErrors.ServerError(service, decision == FaultDecision.ServiceUnavailable));
            }

            var input = ReadInput(service, operation, http.Request, body, form);
            Validate(service, operation, input);
            var call = new CallContext
            {
                Service = service,
                Region = auth.Region,
                Operation = operation,
                Caller = caller,
                Input = input,
                RequestId = requestId,
                Now = time.GetUtcNow(),
                State = state,
            };

            // An explicit deny stops the call before it acts: nothing changes (SPEC §5.1).
            ServiceControlPolicies.Enforce(call);
            if (decision == FaultDecision.InUse)
            {
                // A valid, permitted write that meets a busy configuration: refused, nothing applied.
                throw ImageBuilderHandler.InUse();
            }

            var output = service switch
            {
                AwsService.Config => ConfigHandler.Execute(call) is { } configOutput ? WireJson.ToBytes(configOutput) : [],
                AwsService.ImageBuilder => WireJson.ToBytes(ImageBuilderHandler.Execute(call)),
                AwsService.Sts => Encoding.UTF8.GetBytes(StsHandler.Execute(call, credentials)),
                AwsService.Organizations => WireJson.ToBytes(OrganizationsHandler.Execute(call)),
                AwsService.Iam => Encoding.UTF8.GetBytes(IamHandler.Execute(call)),
                AwsService.Events => WireJson.ToBytes(EventsHandler.Execute(call)),
                AwsService.StepFunctions => WireJson.ToBytes(StepFunctionsHandler.Execute(call)),
                _ => throw new InvalidOperationException("not dispatched: " + service),
            };
            if (decision == FaultDecision.LostResponse)
            {
                // The write above is applied; the client only sees a server error.
                throw CommonErrors.Fail(CommonErrors.ServerError(service, unavailable: false));
            }

            await WriteAsync(http.Response, 200, service, output, requestId);
        }
        catch (AwsErrorException ex)
        {
            await WriteErrorAsync(http.Response, service, ex.Error, requestId);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
    }

    /// <summary>Calls are counted by signing name and operation: <c>config.PutConfigurationAggregator</c> (SPEC §4).</summary>
    public static string CounterKey(AwsService service, string operation) => ServiceModels.For(service).SigningName + "." + operation;

    internal static bool IsWrite(AwsService service, string operation) => service switch
    {
        AwsService.Config => ConfigHandler.Writes.Contains(operation),
        AwsService.ImageBuilder => ImageBuilderHandler.Writes.Contains(operation),
        AwsService.Events => EventsHandler.Writes.Contains(operation),
        AwsService.StepFunctions => StepFunctionsHandler.Writes.Contains(operation),
        _ => false,
    };

    /// <summary>The operations each service emulates; the rest of its model answers UnknownOperation.</summary>
    private static FrozenSet<string> SupportedBy(AwsService service) => service switch
    {
        AwsService.Config => ConfigHandler.Supported,
        AwsService.ImageBuilder => ImageBuilderHandler.Supported,
        AwsService.Sts => StsHandler.Supported,
        AwsService.Organizations => OrganizationsHandler.Supported,
        AwsService.Iam => IamHandler.Supported,
        AwsService.Events => EventsHandler.Supported,
        AwsService.StepFunctions => StepFunctionsHandler.Supported,
        _ => FrozenSet<string>.Empty,
    };

    private static AwsService ServiceFromScope(string scopeService) =>
        ServiceModels.TryFromSigningName(scopeService, out var service)
            ? service
            : throw CommonErrors.Fail(CommonErrors.UnknownOperation(AwsService.Config,
                $"The request was signed for service '{scopeService}'; this emulator serves {string.Join(", ", Enum.GetValues<AwsService>().Select(s => ServiceModels.For(s).SigningName))} (the service is read from the SigV4 credential scope)."));

    /// <summary>Without a signature there is no credential scope; the request's shape says which service (and protocol) to answer in.</summary>
    private static AwsService GuessService(HttpRequest request, byte[] body)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            return Enum.GetValues<AwsService>().FirstOrDefault(s => ServiceModels.For(s) is { IsAwsJson: true } model
                && target.StartsWith(model.TargetPrefix + ".", StringComparison.Ordinal), AwsService.Config);
        }

        if (ImageBuilderPaths.Contains(request.Path.Value ?? string.Empty))
        {
            return AwsService.ImageBuilder;
        }

        if (!IsForm(request))
        {
            return AwsService.Config;
        }

        // The query services differ by API version: STS 2011-06-15, IAM 2010-05-08.
        var version = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).GetValueOrDefault("Version").ToString();
        return Enum.GetValues<AwsService>().FirstOrDefault(s => ServiceModels.For(s) is { IsQuery: true } model && model.ApiVersion == version, AwsService.Sts);
    }

    private static (OperationModel Operation, Dictionary<string, string>? Form) ResolveOperation(AwsService service, HttpRequest request, byte[] body)
    {
        var model = ServiceModels.For(service);
        if (model.IsAwsJson)
        {
            var target = request.Headers["X-Amz-Target"].ToString();
            var prefix = model.TargetPrefix + ".";
            if (!HttpMethods.IsPost(request.Method) || target.Length == 0)
            {
                throw CommonErrors.Fail(CommonErrors.UnknownOperation(service,
                    $"awsJson requests are POST / with an X-Amz-Target header naming the operation (e.g. {prefix}{SupportedBy(service).Order(StringComparer.Ordinal).First()})."));
            }

            if (!target.StartsWith(prefix, StringComparison.Ordinal) || !model.Operations.TryGetValue(target[prefix.Length..], out var operation))
            {
                throw CommonErrors.Fail(CommonErrors.UnknownOperation(service, $"Unknown operation: {target}"));
            }

            return (Supported(service, operation), null);
        }

        if (!model.IsQuery)
        {
            var path = request.Path.Value ?? "/";
            if (!ImageBuilderRoutes.TryGetValue((request.Method, path), out var operation))
            {
                throw CommonErrors.Fail(CommonErrors.UnknownOperation(service, $"No Image Builder operation matches {request.Method} {path}."));
            }

            return (Supported(service, operation), null);
        }

        if (!HttpMethods.IsPost(request.Method) || !IsForm(request))
        {
            throw CommonErrors.Fail(CommonErrors.UnknownOperation(service, "Query requests are POST / with a form-encoded body (Content-Type: application/x-www-form-urlencoded) carrying Action and Version."));
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
        {
            if (values.Count > 1)
            {
                throw CommonErrors.Fail(CommonErrors.Validation(service, $"The parameter '{key}' is given {values.Count} times."));
            }

            form[key] = values.ToString();
        }

        var action = form.GetValueOrDefault("Action") ?? string.Empty;
        var version = form.GetValueOrDefault("Version") ?? string.Empty;
        if (version != model.ApiVersion || !model.Operations.TryGetValue(action, out var queryOperation))
        {
            throw CommonErrors.Fail(CommonErrors.UnknownOperation(service, $"Could not find operation {action} for version {version}"));
        }

        return (Supported(service, queryOperation), form);
    }

    private static bool IsForm(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;

    private static OperationModel Supported(AwsService service, OperationModel operation)
    {
        var supported = SupportedBy(service);
        return supported.Contains(operation.Name)
            ? operation
            : throw CommonErrors.Fail(CommonErrors.UnknownOperation(service,
                $"{operation.Name} is in the AWS model but not emulated here; emulated operations: {string.Join(", ", supported.Order(StringComparer.Ordinal))}."));
    }

    private static JsonObject ReadInput(AwsService service, OperationModel operation, HttpRequest request, byte[] body, Dictionary<string, string>? form)
    {
        var model = ServiceModels.For(service);
        var shape = model.InputOf(operation);
        switch (model.Protocol)
        {
            case "json":
                if (!IsMediaType(request.ContentType, model.MediaType))
                {
                    throw CommonErrors.Fail(CommonErrors.UnknownOperation(service,
                        $"Content-Type '{request.ContentType}' is not supported: awsJson{model.JsonVersion?.Replace('.', '_')} requests must send Content-Type: {model.MediaType}."));
                }

                return WireJson.ParseObject(service, body);

            case "rest-json":
                JsonObject input;
                if (body.Length == 0)
                {
                    input = [];
                }
                else if (HttpMethods.IsGet(request.Method))
                {
                    throw CommonErrors.Fail(CommonErrors.Serialization(service, $"{operation.Name} takes no request body."));
                }
                else if (!IsMediaType(request.ContentType, MediaType(service)))
                {
                    throw CommonErrors.Fail(CommonErrors.Serialization(service, $"Content-Type '{request.ContentType}' is not supported: restJson1 bodies must be {MediaType(service)}."));
                }
                else
                {
                    input = WireJson.ParseObject(service, body);
                }

                foreach (var (key, values) in request.Query)
                {
                    var member = shape.OrderedMembers.FirstOrDefault(m => m.Location == "querystring" && m.WireName == key);
                    input[member?.Name ?? key] = values.ToString();
                }

                return input;

            default:
                return QueryInput.Read(shape, form!.Where(p => p.Key is not ("Action" or "Version")));
        }
    }

    private static void Validate(AwsService service, OperationModel operation, JsonObject input)
    {
        var report = ModelValidator.Validate(ServiceModels.InputOf(service, operation), input, ValidationOptions.StrictRequest);
        if (report.TypeMismatches.Count > 0)
        {
            throw CommonErrors.Fail(CommonErrors.Serialization(service, report.ToAwsSerializationMessage()));
        }

        if (report.Violations.Count > 0)
        {
            throw CommonErrors.Fail(service == AwsService.Organizations
                ? OrganizationsErrors.InvalidInput(report)
                : CommonErrors.Validation(service, report.ToAwsValidationMessage()));
        }
    }

    private static bool IsMediaType(string? contentType, string expected) =>
        contentType is not null
        && string.Equals(contentType.Split(';')[0].Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static SignableRequest Signable(HttpRequest request, byte[] body)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString);
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = q < 0 ? raw : raw[..q];
        var rawQuery = q < 0 ? string.Empty : raw[(q + 1)..];
        return new SignableRequest(
            request.Method,
            rawPath,
            rawQuery,
            name => request.Headers.TryGetValue(name, out var values) ? string.Join(',', values.Select(v => v?.Trim())) : null,
            body);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            throw CommonErrors.Fail(new AwsError("RequestEntityTooLarge", $"The request body is larger than {MaxBodyBytes} bytes.", 413));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellation);
        if (buffer.Length > MaxBodyBytes)
        {
            throw CommonErrors.Fail(new AwsError("RequestEntityTooLarge", $"The request body is larger than {MaxBodyBytes} bytes.", 413));
        }

        return buffer.ToArray();
    }

    private Task WriteErrorAsync(HttpResponse response, AwsService service, AwsError error, string requestId)
    {
        var model = ServiceModels.For(service);
        var body = model.Protocol switch
        {
            "json" => WireJson.ToBytes(JsonError(model, error)),
            "rest-json" => WireJson.ToBytes(new JsonObject { ["message"] = error.Message }),
            _ => Encoding.UTF8.GetBytes(QueryXml.Error(model, error, requestId)),
        };
        if (!model.IsQuery)
        {
            // restJson1 clients take the code from this header first; awsJson ones accept it beside __type (FACTS §4).
            response.Headers["X-Amzn-ErrorType"] = error.Code;
        }

        return WriteAsync(response, error.Status, service, body, requestId);
    }

    private Task WriteAsync(HttpResponse response, int status, AwsService service, byte[] body, string requestId)
    {
        response.StatusCode = status;
        response.ContentType = MediaType(service);
        response.ContentLength = body.Length;
        response.Headers["x-amzn-RequestId"] = requestId;
        // Clients correct their clock from Date; it follows the emulator's (possibly injected) clock.
        response.Headers.Date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        return body.Length == 0 ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }

    /// <summary><c>{"__type", "message"}</c>, the message member spelled as the model's error shape spells it, plus the error's further members.</summary>
    private static JsonObject JsonError(ServiceModel model, AwsError error)
    {
        var body = new JsonObject { ["__type"] = error.Code, [model.ErrorMessageMember(error.Code)] = error.Message };
        foreach (var (name, value) in error.Fields ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }

    /// <summary>What every answer is, success or error; the JSON protocols' requests carry the same type.</summary>
    private static string MediaType(AwsService service) => ServiceModels.For(service).MediaType;
}
