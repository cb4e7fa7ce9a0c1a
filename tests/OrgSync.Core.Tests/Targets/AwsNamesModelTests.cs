using System.Text.RegularExpressions;
using OrgSync.Core.Targets;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Core.Tests.Targets;

/// <summary>The targets file's rules are the service models' rules: these tests fail when a model changes.</summary>
public sealed class AwsNamesModelTests
{
    private static readonly ServiceModel Organizations = ServiceModel.Load("organizations.service-2.json");
    private static readonly ServiceModel Events = ServiceModel.Load("events.service-2.json");
    private static readonly ServiceModel StepFunctions = ServiceModel.Load("stepfunctions.service-2.json");

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

    [Fact]
    public void Organizational_unit_id_pattern_and_length_are_the_models()
    {
        var shape = Organizations.Shape("OrganizationalUnitId");
        Assert.Equal(AwsNames.OrganizationalUnitIdPattern, shape.GetProperty("pattern").GetString());
        Assert.Equal(AwsNames.OrganizationalUnitIdMaxLength, shape.GetProperty("max").GetInt32());
    }

    [Fact]
    public void Event_bus_name_or_arn_is_the_put_events_entrys()
    {
        var entry = Events.Members("PutEventsRequestEntry");
        var shape = Events.Shape(entry["EventBusName"]);
        Assert.Equal(AwsNames.EventBusNameOrArnPattern, shape.GetProperty("pattern").GetString());
        Assert.Equal(1, shape.GetProperty("min").GetInt32());
        Assert.Equal(AwsNames.EventBusNameOrArnMaxLength, shape.GetProperty("max").GetInt32());
    }

    [Fact]
    public void The_events_model_leaves_the_source_unconstrained_so_the_documented_limits_apply()
    {
        // When a model revision constrains Source, take its rule into AwsNames.IsEventSource instead.
        var shape = Events.Shape(Events.Members("PutEventsRequestEntry")["Source"]);
        Assert.Equal("string", shape.GetProperty("type").GetString());
        Assert.False(shape.TryGetProperty("max", out _));
        Assert.False(shape.TryGetProperty("min", out _));
        Assert.False(shape.TryGetProperty("pattern", out _));
    }

    [Fact]
    public void Schedule_expression_length_is_the_models()
    {
        var rule = Events.Members("PutRuleRequest");
        Assert.Equal(AwsNames.ScheduleExpressionMaxLength, Events.Shape(rule["ScheduleExpression"]).GetProperty("max").GetInt32());
    }

    [Fact]
    public void Task_token_length_is_the_step_functions_models()
    {
        var success = StepFunctions.Members("SendTaskSuccessInput");
        var shape = StepFunctions.Shape(success["taskToken"]);
        Assert.Equal(1, shape.GetProperty("min").GetInt32());
        Assert.Equal(AwsNames.TaskTokenMaxLength, shape.GetProperty("max").GetInt32());
        Assert.Equal(success["taskToken"], StepFunctions.Members("SendTaskFailureInput")["taskToken"]);
    }

    [Theory]
    [InlineData("ou-ab12-cdefgh34", true)]
    [InlineData("ou-0a1b-2c3d4e5f", true)]
    [InlineData("ou-abcdefghijklmnopqrstuvwxyz012345-abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("ou-abc-cdefgh34", false)] // 3 characters after ou-
    [InlineData("ou-ab12-cdefgh3", false)] // 7 characters at the end
    [InlineData("ou-AB12-cdefgh34", false)]
    [InlineData("r-ab12", false)]
    [InlineData("o-a1b2c3d4e5", false)]
    [InlineData("ou-ab12-cdefgh34\n", false)]
    [InlineData(" ou-ab12-cdefgh34", false)]
    [InlineData("ou-ab١٢-cdefgh34", false)]
    [InlineData("", false)]
    public void Organizational_unit_ids_match_the_model_in_full(string id, bool valid)
    {
        Assert.Equal(valid, AwsNames.IsOrganizationalUnitId(id));
        Assert.Equal(valid, ModelMatch(Organizations, "OrganizationalUnitId", id));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("orgsync-notifications", true)]
    [InlineData("a.b_c-D9", true)]
    [InlineData("arn:aws:events:us-east-1:111111111111:event-bus/orgsync", true)]
    [InlineData("arn:aws:events:us-east-1:111111111111:event-bus/default", true)]
    [InlineData("arn:aws-us-gov:events:us-gov-west-1:111111111111:event-bus/orgsync", true)]
    [InlineData("", false)]
    [InlineData("aws.partner/example.com/123/events", false)] // a partner bus: not NonPartner
    [InlineData("org sync", false)]
    [InlineData("bus/with/slash", false)]
    [InlineData("arn:aws:events:us-east-1:11111111111:event-bus/orgsync", false)]
    [InlineData("arn:aws:sqs:us-east-1:111111111111:orgsync", false)]
    [InlineData("default\n", false)]
    [InlineData("bus-é", false)]
    [InlineData("arn:aws:events:us-east-1:111111111111:event-bus/", false)]
    public void Event_bus_names_and_arns_match_the_model_in_full(string value, bool valid)
    {
        Assert.Equal(valid, AwsNames.IsEventBusNameOrArn(value));
        Assert.Equal(valid, ModelMatch(Events, "NonPartnerEventBusNameOrArn", value));
        Assert.True(AwsNames.IsEventBusNameOrArn(new string('b', 1600)));
        Assert.False(AwsNames.IsEventBusNameOrArn(new string('b', 1601)));
    }

    [Theory]
    [InlineData("orgsync", true)]
    [InlineData("acme.vending", true)]
    [InlineData("awsome.vending", true)]
    [InlineData("", false)]
    [InlineData("aws.organizations", false)]
    [InlineData("aws.", false)]
    public void Event_sources_are_not_empty_not_aws_and_at_most_256(string source, bool valid)
    {
        Assert.Equal(valid, AwsNames.IsEventSource(source));
        Assert.True(AwsNames.IsEventSource(new string('s', 256)));
        Assert.False(AwsNames.IsEventSource(new string('s', 257)));
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

    /// <summary>The model's pattern and lengths for <paramref name="shape"/>, read as AWS (Java/ECMAScript) reads them, over the whole value.</summary>
    private static bool ModelMatch(ServiceModel model, string shape, string value)
    {
        var definition = model.Shape(shape);
        var pattern = new Regex("^(?:" + definition.GetProperty("pattern").GetString() + ")\\z", RegexOptions.ECMAScript);
        var min = definition.TryGetProperty("min", out var minimum) ? minimum.GetInt32() : 0;
        var max = definition.TryGetProperty("max", out var maximum) ? maximum.GetInt32() : int.MaxValue;
        return value.Length >= min && value.Length <= max && pattern.IsMatch(value);
    }
}
