using Amazon.Runtime;
using OrgSync.Aws.Clients;
using OrgSync.Emulator.Hosting;

namespace OrgSync.Local.Emulation;

/// <summary>How <c>local</c> and <c>plan</c> reach the emulator they embed.</summary>
public static class EmulatorClientOptions
{
    /// <summary>
    /// Client options that reach <paramref name="emulator"/> and nothing else: its endpoint for every service, its
    /// own key, and no <c>AWS_*</c> variable of the shell (which could point the clients elsewhere).
    /// </summary>
    public static AwsClientOptions For(AwsEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        return new AwsClientOptions
        {
            Credentials = new BasicAWSCredentials(emulator.Credentials.AccessKeyId, emulator.Credentials.SecretAccessKey),
            EndpointUrl = emulator.Endpoint,
            StsRegion = "us-east-1",
            Environment = _ => null,
        };
    }
}
