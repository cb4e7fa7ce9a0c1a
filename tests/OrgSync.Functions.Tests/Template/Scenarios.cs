namespace OrgSync.Functions.Tests.Template;

/// <summary>Parameter sets the template is checked under, so both sides of every condition are seen.</summary>
internal static class Scenarios
{
    public const string KmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    public const string AlarmTopicArn = "arn:aws:sns:eu-west-1:123456789012:platform-alerts";
    public const string OrganizationId = "o-a1b2c3d4e5";
    public const string ManagementAccountId = "111111111111";
    public const string GoldenArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden";
    public const string SharedArn = "arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/org-shared";
    public const string ExportRoleArn = "arn:aws:iam::111111111111:role/ImageExportRole";
    public const string NotificationBusName = "account-vending";
    public const string RedrivePrincipalArn = "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PlatformAdmin_*";

    /// <summary>The parameters without a default, as a deployment must set them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Required = new Dictionary<string, string>
    {
        ["OrganizationId"] = OrganizationId,
    };

    /// <summary>Every optional parameter at its default.</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = Required;

    /// <summary>Every optional feature on, events through the queue.</summary>
    public static readonly IReadOnlyDictionary<string, string> Everything = new Dictionary<string, string>
    {
        ["AggregatorRegions"] = "us-east-1,us-west-2,eu-west-1",
        ["AggregatorTagGuard"] = "true",
        ["DistributionConfigurationArns"] = $"{GoldenArn},{SharedArn}",
        ["DistributionPassRoleArns"] = ExportRoleArn,
        ["OrganizationId"] = OrganizationId,
        ["ManagementAccountId"] = ManagementAccountId,
        ["CustomSources"] = "acme.vending,acme.offboarding",
        ["QueueKmsKeyArn"] = KmsKeyArn,
        ["AlarmTopicArn"] = AlarmTopicArn,
        ["ReservedConcurrency"] = "5",
        ["PermissionsBoundaryArn"] = "arn:aws:iam::123456789012:policy/platform-boundary",
        ["NotificationBusName"] = NotificationBusName,
        ["RedrivePrincipalArns"] = RedrivePrincipalArn,
    };

    /// <summary><paramref name="overrides"/> on top of the required parameters.</summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> overrides)
    {
        var parameters = new Dictionary<string, string>(Required);
        foreach (var (name, value) in overrides)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    /// <summary>template.yaml with <paramref name="overrides"/> on top of the required parameters.</summary>
    public static async Task<CfnScenario> SamWithAsync(IReadOnlyDictionary<string, string> overrides) =>
        new(await TemplateValidation.SamTemplateAsync(), With(overrides));

    /// <summary>Every optional feature on, EventBridge invoking the function directly.</summary>
    public static readonly IReadOnlyDictionary<string, string> EverythingDirect =
        new Dictionary<string, string>(Everything) { ["EventDelivery"] = "Direct" };

    public static TheoryData<string> Names => new() { nameof(Defaults), nameof(Everything), nameof(EverythingDirect) };

    public static IReadOnlyDictionary<string, string> ByName(string name) => name switch
    {
        nameof(Defaults) => Defaults,
        nameof(Everything) => Everything,
        nameof(EverythingDirect) => EverythingDirect,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scenario"),
    };

    public static async Task<CfnScenario> SamAsync(string name) =>
        new(await TemplateValidation.SamTemplateAsync(), ByName(name));
}
