using OrgSync.Emulator.Hosting;

namespace OrgSync.Emulator.Tests.Support;

/// <summary>One emulator (the sample state) shared by a test class whose tests do not depend on each other's writes.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public AwsEmulator Emulator { get; private set; } = null!;

    internal SignedClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await TestState.StartAsync();
        Client = SignedClient.Home(Emulator);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
