using OrgSync.Aws.Clients;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Tests.Fakes;

internal static class TestAws
{
    /// <summary>A client factory whose every request (Config, Image Builder, STS) is answered by <paramref name="fake"/>.</summary>
    public static AwsClientFactory Factory(
        HttpMessageHandler fake, TimeProvider? time = null, Func<string, string?>? environment = null, string? endpointUrl = null) =>
        new(
            new AwsClientOptions
            {
                Credentials = FakeAws.HomeCredentials,
                HttpClientFactory = new HandlerHttpClientFactory(fake),
                StsRegion = "us-east-1",
                EndpointUrl = endpointUrl,
                Environment = environment ?? (_ => null),
            },
            time);
}

/// <summary>Records every request and answers with a fixed or computed response.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<(HttpRequestMessage Request, string Body)> _seen = [];

    public IReadOnlyList<(HttpRequestMessage Request, string Body)> Seen => _seen;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_seen)
        {
            _seen.Add((request, body));
        }

        return respond(request);
    }
}
