namespace OrgSync.Pipeline.Units;

public enum TargetKind
{
    Aggregator,
    Distribution,
    DeliveryChannel,
}
