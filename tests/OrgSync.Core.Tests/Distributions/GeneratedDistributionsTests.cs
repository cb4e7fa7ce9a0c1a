using FsCheck.Fluent;
using OrgSync.Core.Tests.Planning;
using static OrgSync.Core.Tests.Planning.TestData;

namespace OrgSync.Core.Tests.Distributions;

/// <summary>The generator behind the property tests is only as good as what it covers: every member, valid values.</summary>
public class GeneratedDistributionsTests
{
    [Fact]
    public void Generated_configurations_satisfy_the_model_and_cover_every_member_of_every_nested_shape()
    {
        var model = ServiceModel.ImageBuilder;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);

        foreach (var config in Gen.Sample(Generators.DistributionConfiguration, 50, 400))
        {
            var json = Element(ToJson(config, Wire.DistributionConfiguration));
            var errors = model.Validate(json, "DistributionConfiguration", seen, unknown);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        var structures = model.StructuresFrom("DistributionConfiguration");
        var everyMember = structures.SelectMany(s => model.Members(s).Keys.Select(m => $"{s}.{m}"));
        Assert.Empty(everyMember.Except(seen));

        // Unknown members on every structure we read (the top level is not written back, nested ones are).
        var withoutUnknown = structures.Where(s => !unknown.Any(u => u.StartsWith(s + ".", StringComparison.Ordinal))).ToList();
        Assert.Empty(withoutUnknown);
    }
}
