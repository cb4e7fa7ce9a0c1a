using System.Text.RegularExpressions;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Core.Tests.Targets;

/// <summary>The targets file's rules are the service models' rules: these tests fail when a model changes.</summary>
public sealed class AwsNamesModelTests
{
    [Fact]
    public void Distribution_configuration_arn_pattern_is_the_models()
    {
        var shape = ServiceModel.ImageBuilder.Shape("DistributionConfigurationArn");
        Assert.Equal(AwsNames.DistributionConfigurationArnPattern, shape.GetProperty("pattern").GetString());
    }

    [Fact]
    public void Delivery_frequencies_are_the_models_enum()
    {
        var channel = ServiceModel.Config.Shape("ConfigSnapshotDeliveryProperties");
        var type = channel.GetProperty("members").GetProperty("deliveryFrequency").GetProperty("shape").GetString()!;
        var values = ServiceModel.Config.Shape(type).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!);
        Assert.Equal(values, AwsNames.DeliveryFrequencies);
    }

    [Fact]
    public void Channel_name_length_is_the_models()
    {
        var shape = ServiceModel.Config.Shape("ChannelName");
        Assert.Equal(1, shape.GetProperty("min").GetInt32());
        Assert.Equal(AwsNames.ChannelNameMaxLength, shape.GetProperty("max").GetInt32());
    }

    [Fact]
    public void Aggregator_names_follow_the_model_on_ascii()
    {
        var shape = ServiceModel.Config.Shape("ConfigurationAggregatorName");
        Assert.Equal(1, shape.GetProperty("min").GetInt32());
        Assert.Equal(AwsNames.AggregatorNameMaxLength, shape.GetProperty("max").GetInt32());

        // The model's [\w\-]+ read as AWS (Java/ECMAScript) reads it: ASCII word characters and '-'.
        var pattern = new Regex("^(?:" + shape.GetProperty("pattern").GetString() + ")$", RegexOptions.ECMAScript);
        for (var c = (char)0; c < 128; c++)
        {
            Assert.True(pattern.IsMatch(c.ToString()) == AwsNames.IsAggregatorName(c.ToString()), $"U+{(int)c:X4}");
        }

        Assert.False(AwsNames.IsAggregatorName("é"));
        Assert.False(AwsNames.IsAggregatorName("٤"));
        Assert.True(AwsNames.IsAggregatorName(new string('a', 256)));
        Assert.False(AwsNames.IsAggregatorName(new string('a', 257)));
    }

    [Theory]
    [InlineData("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", true)]
    [InlineData("arn:aws-cn:imagebuilder:cn-north-1:111111111111:distribution-configuration/a_b-c9", true)]
    [InlineData("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden\n", false)]
    [InlineData("xarn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden", false)]
    [InlineData("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/", false)]
    [InlineData("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/golden/1.0.0", false)]
    [InlineData("arn:aws:imagebuilder:us-east-1:١١١١١١١١١١١١:distribution-configuration/golden", false)]
    public void Distribution_configuration_arns_match_in_full(string arn, bool valid)
    {
        Assert.Equal(valid, AwsNames.IsDistributionConfigurationArn(arn));
    }

    [Theory]
    [InlineData("OrgSyncMemberRole", true)]
    [InlineData("a+=,.@_-z", true)]
    [InlineData("", false)]
    [InlineData("role/name", false)]
    [InlineData("rôle", false)]
    [InlineData("role name", false)]
    public void Role_names_are_iam_role_names(string name, bool valid)
    {
        Assert.Equal(valid, AwsNames.IsRoleName(name));
        Assert.True(AwsNames.IsRoleName(new string('r', 64)));
        Assert.False(AwsNames.IsRoleName(new string('r', 65)));
    }
}
