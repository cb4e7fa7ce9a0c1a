using System.Collections.Frozen;
using OrgSync.Emulator.Protocols;

namespace OrgSync.Emulator.Models;

/// <summary>The embedded AWS models of the emulated services, loaded once per process.</summary>
internal static class ServiceModels
{
    private static readonly Lazy<ServiceModel> ConfigLazy = new(() => Load("config"));
    private static readonly Lazy<ServiceModel> ImageBuilderLazy = new(() => Load("imagebuilder"));
    private static readonly Lazy<ServiceModel> StsLazy = new(() => Load("sts"));
    private static readonly Lazy<ServiceModel> OrganizationsLazy = new(() => Load("organizations"));
    private static readonly Lazy<ServiceModel> IamLazy = new(() => Load("iam"));
    private static readonly Lazy<ServiceModel> EventsLazy = new(() => Load("events"));
    private static readonly Lazy<ServiceModel> StepFunctionsLazy = new(() => Load("stepfunctions"));
    private static readonly Lazy<FrozenDictionary<string, AwsService>> BySigningName =
        new(() => Enum.GetValues<AwsService>().ToFrozenDictionary(service => For(service).SigningName, StringComparer.Ordinal));

    public static ServiceModel Config => ConfigLazy.Value;

    public static ServiceModel ImageBuilder => ImageBuilderLazy.Value;

    public static ServiceModel Sts => StsLazy.Value;

    public static ServiceModel Organizations => OrganizationsLazy.Value;

    public static ServiceModel Iam => IamLazy.Value;

    public static ServiceModel Events => EventsLazy.Value;

    public static ServiceModel StepFunctions => StepFunctionsLazy.Value;

    public static ServiceModel For(AwsService service) => service switch
    {
        AwsService.Config => Config,
        AwsService.ImageBuilder => ImageBuilder,
        AwsService.Sts => Sts,
        AwsService.Organizations => Organizations,
        AwsService.Iam => Iam,
        AwsService.Events => Events,
        AwsService.StepFunctions => StepFunctions,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "no embedded model"),
    };

    public static ShapeModel InputOf(AwsService service, OperationModel operation) => For(service).InputOf(operation);

    /// <summary>The service a request was signed for, by the service name of its credential scope.</summary>
    public static bool TryFromSigningName(string name, out AwsService service) => BySigningName.Value.TryGetValue(name, out service);

    private static ServiceModel Load(string id)
    {
        var resource = $"models/{id}.service-2.json";
        using var stream = typeof(ServiceModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded AWS model {resource} is missing from the emulator assembly");
        return ServiceModel.Parse(id, stream);
    }
}
