using System.Text.Json;

namespace OrgSync.Core.Applying;

/// <summary>A request an apply planned: where it goes and its exact wire body (what <c>plan</c> prints).</summary>
/// <param name="Service">The AWS service (<c>config</c>, <c>imagebuilder</c>).</param>
/// <param name="Operation">The API operation (<c>PutConfigurationAggregator</c>, …).</param>
/// <param name="Account">The account the resource lives in, when known.</param>
public sealed record PlannedRequest(string Service, string Operation, string Region, string? Account, JsonElement Body);
