namespace OrgSync.Core.Notifications;

/// <summary>The outcome of one send, with why when it was not <see cref="SendStatus.Sent"/>.</summary>
public sealed record SendResult(SendStatus Status, string Reason)
{
    public static SendResult Sent { get; } = new(SendStatus.Sent, string.Empty);

    public static SendResult NotSent(string reason) => new(SendStatus.NotSent, reason);

    public static SendResult Unknown(string reason) => new(SendStatus.Unknown, reason);

    public static SendResult TokenClosed(string reason) => new(SendStatus.TokenClosed, reason);
}
