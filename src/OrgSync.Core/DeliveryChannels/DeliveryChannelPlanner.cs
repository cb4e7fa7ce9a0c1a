using System.Collections.Immutable;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.DeliveryChannels;

/// <summary>SPEC §3.3, §3.5: the channel a joining account must have, or nothing to write.</summary>
public static class DeliveryChannelPlanner
{
    /// <param name="current">The account's channel in that Region as read; null when it has none.</param>
    /// <param name="controlTower">
    /// What to do with a channel Control Tower owns (its name starts with <see cref="AwsNames.ControlTowerChannelPrefix"/>):
    /// <see cref="ControlTowerPolicy.Leave"/> leaves it alone; <see cref="ControlTowerPolicy.Manage"/> updates it like any other.
    /// </param>
    public static Plan<PutDeliveryChannelRequest> Plan(DeliveryChannel? current, ChannelSettings settings, ControlTowerPolicy controlTower = ControlTowerPolicy.Leave)
    {
        ArgumentNullException.ThrowIfNull(settings);

        if (current is null)
        {
            return PlanCreate(settings);
        }

        // Control Tower owns its channel, and a mandatory SCP refuses PutDeliveryChannel to everyone but its own role.
        if (controlTower == ControlTowerPolicy.Leave && current.Name?.StartsWith(AwsNames.ControlTowerChannelPrefix, StringComparison.Ordinal) == true)
        {
            return new Plan<PutDeliveryChannelRequest>.NoChange(
                $"delivery channel '{current.Name}' is managed by Control Tower; left alone (controlTowerManaged is \"leave\")")
            {
                IsLeftAlone = true,
            };
        }

        return PlanUpdate(current, settings);
    }

    private static Plan<PutDeliveryChannelRequest> PlanCreate(ChannelSettings settings)
    {
        var name = string.IsNullOrEmpty(settings.Name) ? AwsNames.DefaultChannelName : settings.Name;
        if (settings.S3BucketName is null)
        {
            return new Plan<PutDeliveryChannelRequest>.Failure(
                $"no delivery channel exists and channel '{name}' cannot be created: s3BucketName is not configured (Config requires it)");
        }

        var channel = new DeliveryChannel
        {
            Name = name,
            S3BucketName = settings.S3BucketName,
            S3KeyPrefix = settings.S3KeyPrefix,
            S3KmsKeyArn = settings.S3KmsKeyArn,
            SnsTopicArn = settings.SnsTopicArn,
            ConfigSnapshotDeliveryProperties = settings.DeliveryFrequency is { } frequency
                ? new ConfigSnapshotDeliveryProperties { DeliveryFrequency = frequency }
                : null,
        };
        return new Plan<PutDeliveryChannelRequest>.Write(
            new PutDeliveryChannelRequest { DeliveryChannel = channel },
            PlanDiff.Empty with { Notes = [$"created channel '{name}'"] });
    }

    private static Plan<PutDeliveryChannelRequest> PlanUpdate(DeliveryChannel current, ChannelSettings settings)
    {
        // A channel cannot be renamed (Config allows one per Region): the name read is kept.
        var name = current.Name ?? settings.Name;
        var notes = ImmutableArray.CreateBuilder<string>();
        if (!string.Equals(name, settings.Name, StringComparison.Ordinal))
        {
            notes.Add($"name '{name}' kept (a channel cannot be renamed; configured '{settings.Name}')");
        }

        var fieldNotes = ImmutableArray.CreateBuilder<string>();
        var merged = current with
        {
            Name = name,
            S3BucketName = Managed("s3BucketName", current.S3BucketName, settings.S3BucketName, fieldNotes),
            S3KeyPrefix = Managed("s3KeyPrefix", current.S3KeyPrefix, settings.S3KeyPrefix, fieldNotes),
            S3KmsKeyArn = Managed("s3KmsKeyArn", current.S3KmsKeyArn, settings.S3KmsKeyArn, fieldNotes),
            SnsTopicArn = Managed("snsTopicARN", current.SnsTopicArn, settings.SnsTopicArn, fieldNotes),
            ConfigSnapshotDeliveryProperties = MergeSnapshotProperties(current.ConfigSnapshotDeliveryProperties, settings, fieldNotes),
        };

        if (fieldNotes.Count == 0)
        {
            return new Plan<PutDeliveryChannelRequest>.NoChange(
                $"delivery channel '{name}' already has every configured value"
                + (notes.Count == 0 ? string.Empty : $" ({notes[0]})"));
        }

        notes.AddRange(fieldNotes);
        return new Plan<PutDeliveryChannelRequest>.Write(
            new PutDeliveryChannelRequest { DeliveryChannel = merged },
            PlanDiff.Empty with { Notes = notes.ToImmutable() });
    }

    private static ConfigSnapshotDeliveryProperties? MergeSnapshotProperties(
        ConfigSnapshotDeliveryProperties? current, ChannelSettings settings, ImmutableArray<string>.Builder notes)
    {
        if (settings.DeliveryFrequency is null)
        {
            return current;
        }

        var frequency = Managed(
            "configSnapshotDeliveryProperties.deliveryFrequency", current?.DeliveryFrequency, settings.DeliveryFrequency, notes);
        return current is null
            ? new ConfigSnapshotDeliveryProperties { DeliveryFrequency = frequency }
            : current with { DeliveryFrequency = frequency };
    }

    /// <summary>A configured (non-null) value wins; null means "not managed" and keeps what was read.</summary>
    private static string? Managed(string field, string? current, string? configured, ImmutableArray<string>.Builder notes)
    {
        if (configured is null || string.Equals(current, configured, StringComparison.Ordinal))
        {
            return current;
        }

        notes.Add(current is null ? $"{field}: set to '{configured}'" : $"{field}: '{current}' → '{configured}'");
        return configured;
    }
}
