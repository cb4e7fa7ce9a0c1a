namespace OrgSync.Emulator.Events;

/// <summary>An event bus: its account, Region and name.</summary>
internal readonly record struct EventBusKey(string AccountId, string Region, string Name)
{
    public const string DefaultName = "default";

    public string Arn => $"arn:aws:events:{Region}:{AccountId}:event-bus/{Name}";
}
