namespace OrgSync.Aws.Sdk;

/// <summary>A global service's endpoint in one partition: its host, and the Region every request to it is signed for.</summary>
public sealed record GlobalEndpoint(string Host, string SigningRegion);
