namespace OrgSync.Core.Targets;

/// <summary>What a delivery-channel target does with a channel Control Tower owns (SPEC §3.5, <c>controlTowerManaged</c>).</summary>
public enum ControlTowerPolicy
{
    /// <summary>
    /// <c>"leave"</c> (default): a channel whose name starts with <c>aws-controltower-</c> is reported as
    /// managed by Control Tower and left alone (success).
    /// </summary>
    Leave,

    /// <summary><c>"manage"</c>: such a channel is written like any other (the deployment can: no SCP deny applies).</summary>
    Manage,
}
