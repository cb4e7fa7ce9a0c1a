using Amazon.Runtime;

namespace OrgSync.Aws.Sdk;

/// <summary>
/// Plugs an <see cref="HttpMessageHandler"/> into the SDK's HTTP step: an in-process emulator or a
/// test fake answers the requests the pipeline has marshalled and signed. The handler is shared and
/// owned by the caller; the SDK neither caches nor disposes it.
/// </summary>
public sealed class HandlerHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(handler, disposeHandler: false) { Timeout = clientConfig.Timeout ?? Timeout.InfiniteTimeSpan };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
}
