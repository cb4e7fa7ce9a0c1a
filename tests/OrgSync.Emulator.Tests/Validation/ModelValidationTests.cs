using System.Text.Json.Nodes;
using OrgSync.Emulator.Models;
using OrgSync.Emulator.Tests.Support;

namespace OrgSync.Emulator.Tests.Validation;

/// <summary>
/// Requests that break one model constraint each, across the models, answered as AWS answers them:
/// ValidationException (STS and IAM: ValidationError; Image Builder: its modeled InvalidParameterValueException;
/// Organizations: InvalidInputException with a reason) with AWS's message, SerializationException for a wrong type.
/// </summary>
public sealed class ModelValidationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly string LongName = new('a', 257);

    public static TheoryData<string, string, string> ConfigViolations => new()
    {
        // operation, body, expected message (exact)
        { "PutConfigurationAggregator", $$$"""{"ConfigurationAggregatorName":"{{{LongName}}}","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""",
          $"1 validation error detected: Value '{LongName}' at 'configurationAggregatorName' failed to satisfy constraint: Member must have length less than or equal to 256" },
        { "PutConfigurationAggregator", """{"ConfigurationAggregatorName":"bad name","AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""",
          @"1 validation error detected: Value 'bad name' at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\-]+" },
        { "PutConfigurationAggregator", """{"AccountAggregationSources":[{"AccountIds":["222222222222"],"AllAwsRegions":true}]}""",
          "1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null" },
        { "PutConfigurationAggregator", """{"ConfigurationAggregatorName":"a","AccountAggregationSources":[{"AccountIds":["2222"],"AllAwsRegions":true}]}""",
          @"1 validation error detected: Value '[2222]' at 'accountAggregationSources.1.member.accountIds' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: \d{12}]" },
        { "PutConfigurationAggregator", """{"ConfigurationAggregatorName":"a","AccountAggregationSources":[{"AccountIds":[],"AllAwsRegions":true}]}""",
          "1 validation error detected: Value '[]' at 'accountAggregationSources.1.member.accountIds' failed to satisfy constraint: Member must have length greater than or equal to 1" },
        { "PutConfigurationAggregator", """{"ConfigurationAggregatorName":"a","AccountAggregationSources":[{"AccountIds":["222222222222"]},{"AccountIds":["333333333333"]}]}""",
          "1 validation error detected: Value '[{AccountIds=[222222222222]}, {AccountIds=[333333333333]}]' at 'accountAggregationSources' failed to satisfy constraint: Member must have length less than or equal to 1" },
        { "DescribeConfigurationAggregators", """{"Limit":101}""",
          "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100" },
        { "PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","configSnapshotDeliveryProperties":{"deliveryFrequency":"Hourly"}}}""",
          "1 validation error detected: Value 'Hourly' at 'deliveryChannel.configSnapshotDeliveryProperties.deliveryFrequency' failed to satisfy constraint: Member must satisfy enum value set: [One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours]" },
        { "PutDeliveryChannel", $$$"""{"DeliveryChannel":{"name":"{{{LongName}}}","s3BucketName":"b"}}""",
          $"1 validation error detected: Value '{LongName}' at 'deliveryChannel.name' failed to satisfy constraint: Member must have length less than or equal to 256" },
        // Strict mode: AWS would drop the mis-cased member silently and create a channel with no topic.
        { "PutDeliveryChannel", """{"DeliveryChannel":{"name":"default","s3BucketName":"b","snsTopicArn":"arn:aws:sns:us-east-1:111111111111:t"}}""",
          "1 validation error detected: Value 'arn:aws:sns:us-east-1:111111111111:t' at 'deliveryChannel.snsTopicArn' failed to satisfy constraint: Member 'snsTopicArn' is not defined in DeliveryChannel (AWS would silently ignore it, this emulator rejects it): did you mean 'snsTopicARN'? (member names are case-sensitive)" },
    };

    [Theory]
    [MemberData(nameof(ConfigViolations))]
    public async Task Config_rejects_each_constraint_kind_with_AWS_message(string operation, string body, string message)
    {
        var result = await fixture.Client.Config(operation, body);
        result.ShouldFail(400, "ValidationException");
        Assert.Equal(message, result.ErrorMessage);
        Assert.Equal("application/x-amz-json-1.1", result.Response.Content.Headers.ContentType!.MediaType);
        Assert.True(result.Response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Several_violations_are_counted_and_joined()
    {
        var result = await fixture.Client.Config("PutConfigurationAggregator", $$$"""{"ConfigurationAggregatorName":"{{{LongName}}} x","Bogus":1}""");
        result.ShouldFail(400, "ValidationException");
        Assert.StartsWith("3 validation errors detected: Value '", result.ErrorMessage);
        Assert.Equal(2, result.ErrorMessage!.Split("; ").Length - 1);
        Assert.Contains("Member must satisfy regular expression pattern", result.ErrorMessage);
        Assert.Contains("Member must have length less than or equal to 256", result.ErrorMessage);
        Assert.Contains("Member 'Bogus' is not defined", result.ErrorMessage);
    }

    [Theory]
    [InlineData("""{"Limit":"10"}""", "'limit'")]
    [InlineData("""{"ConfigurationAggregatorNames":"org-aggregator"}""", "'configurationAggregatorNames'")]
    [InlineData("""{"Limit":1.5}""", "'limit'")]
    public async Task A_wrong_JSON_type_is_a_SerializationException(string body, string where)
    {
        var result = await fixture.Client.Config("DescribeConfigurationAggregators", body);
        result.ShouldFail(400, "SerializationException");
        Assert.Contains(where, result.ErrorMessage);
    }

    [Theory]
    [InlineData("{not json", "SerializationException")]
    [InlineData("[]", "SerializationException")]
    [InlineData("""{"Limit":1,"Limit":2}""", "SerializationException")]
    public async Task A_malformed_body_is_a_SerializationException(string body, string code)
    {
        (await fixture.Client.Config("DescribeConfigurationAggregators", body)).ShouldFail(400, code);
    }

    [Fact]
    public async Task An_unknown_target_is_an_UnknownOperationException()
    {
        (await fixture.Client.Config("DescribeNothing", "{}")).ShouldFail(400, "UnknownOperationException");
        var wrongContentType = await fixture.Client.SendAsync("config", HttpMethod.Post, "/", null, "{}", "application/json",
            new() { ["X-Amz-Target"] = "StarlingDoveService.DescribeConfigurationAggregators" });
        wrongContentType.ShouldFail(400, "UnknownOperationException");
        Assert.Contains("application/x-amz-json-1.1", wrongContentType.ErrorMessage);

        // The service comes from the credential scope; one the emulator does not serve is named in the answer.
        var otherService = await fixture.Client.SendAsync("sqs", HttpMethod.Post, "/", null, "{}", "application/x-amz-json-1.0",
            new() { ["X-Amz-Target"] = "AmazonSQS.ListQueues" });
        otherService.ShouldFail(400, "UnknownOperationException");
        Assert.Contains("signed for service 'sqs'", otherService.ErrorMessage);
    }

    public static TheoryData<string, string, string> ImageBuilderViolations => new()
    {
        { "/CreateDistributionConfiguration", """{"name":"x","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"t"}""",
          "1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$" },
        { "/UpdateDistributionConfiguration", $$$$"""{"distributionConfigurationArn":"{{{{TestState.GoldenArn}}}}","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{"launchPermission":{"userIds":["1234567890123"]}}}],"clientToken":"t"}""",
          "1 validation error detected: Value '[1234567890123]' at 'distributions.1.member.amiDistributionConfiguration.launchPermission.userIds' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: ^[0-9]{12}$]" },
        { "/UpdateDistributionConfiguration", $$$"""{"distributionConfigurationArn":"{{{TestState.GoldenArn}}}","distributions":[{"region":"us-east-1","amiDistributionConfiguration":{}}],"clientToken":"{{{new string('t', 65)}}}"}""",
          $"1 validation error detected: Value '{new string('t', 65)}' at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 64" },
        { "/UpdateDistributionConfiguration", $$$"""{"distributionConfigurationArn":"{{{TestState.GoldenArn}}}","distributions":[{"amiDistributionConfiguration":{}}],"clientToken":"t"}""",
          "1 validation error detected: Value null at 'distributions.1.member.region' failed to satisfy constraint: Member must not be null" },
        { "/ListDistributionConfigurations", """{"maxResults":26}""",
          "1 validation error detected: Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25" },
        { "/UpdateDistributionConfiguration", $$$$"""{"distributionConfigurationArn":"{{{{TestState.GoldenArn}}}}","distributions":[{"region":"us-east-1","containerDistributionConfiguration":{"targetRepository":{"service":"DOCKER","repositoryName":"r"}}}],"clientToken":"t"}""",
          "1 validation error detected: Value 'DOCKER' at 'distributions.1.member.containerDistributionConfiguration.targetRepository.service' failed to satisfy constraint: Member must satisfy enum value set: [ECR]" },
    };

    [Theory]
    [MemberData(nameof(ImageBuilderViolations))]
    public async Task ImageBuilder_rejects_each_constraint_kind_with_AWS_message(string path, string body, string message)
    {
        // Image Builder's model has no ValidationException: SDKs know InvalidParameterValueException (400).
        var method = path == "/ListDistributionConfigurations" ? "POST" : "PUT";
        var result = await fixture.Client.ImageBuilder(method, path, (JsonObject)JsonNode.Parse(body)!);
        result.ShouldFail(400, "InvalidParameterValueException");
        Assert.Equal(message, result.ErrorMessage);
        Assert.Equal("InvalidParameterValueException", result.Response.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.True(ServiceModels.ImageBuilder.Shape("InvalidParameterValueException").IsError);
    }

    [Theory]
    [InlineData("/ListDistributionConfigurations", """{"maxResults":"5"}""")]
    [InlineData("/ListDistributionConfigurations", """{"filters":{}}""")]
    [InlineData("/ListDistributionConfigurations", "{not json")]
    public async Task ImageBuilder_answers_unreadable_input_with_its_modeled_code_too(string path, string body)
    {
        var result = await fixture.Client.SendAsync("imagebuilder", HttpMethod.Post, path, null, body, "application/json", []);
        result.ShouldFail(400, "InvalidParameterValueException");
    }

    [Fact]
    public async Task ImageBuilder_rejects_unknown_members_and_bad_query_arns()
    {
        var unknown = await fixture.Client.ImageBuilder("POST", "/ListDistributionConfigurations", new JsonObject { ["MaxResults"] = 5 });
        unknown.ShouldFail(400, "InvalidParameterValueException");
        Assert.Contains("did you mean 'maxResults'?", unknown.ErrorMessage);

        var badArn = await fixture.Client.GetDistribution("arn:aws:imagebuilder:us-east-1:111111111111:distribution-configuration/Golden");
        badArn.ShouldFail(400, "InvalidParameterValueException");
        Assert.Contains("at 'distributionConfigurationArn' failed to satisfy constraint: Member must satisfy regular expression pattern", badArn.ErrorMessage);
    }

    [Theory]
    [InlineData("DurationSeconds", "100", "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData("DurationSeconds", "50000", "1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")]
    [InlineData("RoleSessionName", "bad name!", @"1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*")]
    [InlineData("RoleSessionName", "x", "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2")]
    [InlineData("Rolearn", "arn:aws:iam::222222222222:role/x", "did you mean 'RoleArn'?")]
    [InlineData("DurationSeconds", "ten", "Cannot read 'durationSeconds': expected an integer (32-bit) but found a string")]
    [InlineData("RoleArn", "arn:aws:iam::222222222222:role/OrgSyncMemberRole\n", "is not a valid role ARN")]
    public async Task Sts_rejects_with_ValidationError(string parameter, string value, string message)
    {
        var parameters = new Dictionary<string, string> { ["RoleArn"] = "arn:aws:iam::222222222222:role/OrgSyncMemberRole", ["RoleSessionName"] = "s1", [parameter] = value };
        if (parameter == "Rolearn")
        {
            parameters.Remove("RoleArn");
        }

        var result = await fixture.Client.Sts("AssumeRole", parameters);
        result.ShouldFail(400, "ValidationError");
        Assert.Contains(message, result.ErrorMessage);
        Assert.Equal("Sender", result.Xml.Descendants().Single(e => e.Name.LocalName == "Type").Value);
    }

    [Fact]
    public void Every_pattern_in_the_models_compiles_and_matches_in_full()
    {
        var compiled = 0;
        foreach (var model in new[] { ServiceModels.Config, ServiceModels.ImageBuilder, ServiceModels.Sts, ServiceModels.Organizations, ServiceModels.Iam })
        {
            foreach (var shape in AllShapes(model))
            {
                if (shape.Pattern is not null)
                {
                    compiled++;
                }
            }
        }

        Assert.True(compiled > 50, $"only {compiled} patterns found");
    }

    [Theory]
    [InlineData(@"\d{12}", "123456789012", true)]
    [InlineData(@"\d{12}", "1234567890123", false)] // unanchored in botocore, a full match for AWS
    [InlineData(@"\d{12}", "١٢٣٤٥٦٧٨٩٠١٢", false)] // \d is ASCII, as in Java and ECMAScript
    [InlineData(@"[\w\-]+", "org-aggregator_1", true)]
    [InlineData(@"[\w\-]+", "orgé", false)]
    [InlineData(@"[\w\-]+", "org\n", false)] // .NET's $ would accept a final newline; \z does not
    [InlineData(@"^(?!aws:)[a-zA-Z0-9\s_.:/=+\-@]*$", "aws:tag", false)]
    [InlineData(@"^(?!aws:)[a-zA-Z0-9\s_.:/=+\-@]*$", "team name", true)]
    [InlineData(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+", "Équipe 1", true)]
    [InlineData(@"^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$", "golden ami", true)]
    [InlineData(@"^[-_A-Za-z-0-9][-_A-Za-z0-9 ]{1,126}[-_A-Za-z-0-9]$", "golden ", false)]
    public void Patterns_follow_AWS_semantics(string pattern, string value, bool matches) =>
        Assert.Equal(matches, ModelPattern.Compile(pattern).IsFullMatch(value));

    [Fact]
    public void The_validator_is_driven_by_the_model_not_by_hand_written_rules()
    {
        // The same generic walk reports nested list/structure paths for any shape.
        var shape = ServiceModels.Config.Shape("PutConfigurationRecorderRequest");
        var report = ModelValidator.Validate(shape, JsonNode.Parse("""
            {"ConfigurationRecorder":{"name":"default","roleARN":"r","recordingMode":{"recordingFrequency":"WEEKLY"},"recordingGroup":{"resourceTypes":["AWS::Nope::Thing"]}}}
            """), ValidationOptions.StrictRequest);
        var message = report.ToAwsValidationMessage();
        Assert.StartsWith("2 validation errors detected: ", message);
        Assert.Contains("at 'configurationRecorder.recordingGroup.resourceTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [", message);
        Assert.Contains("Value 'WEEKLY' at 'configurationRecorder.recordingMode.recordingFrequency' failed to satisfy constraint: Member must satisfy enum value set: [CONTINUOUS, DAILY]", message);
    }

    private static IEnumerable<ShapeModel> AllShapes(ServiceModel model)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<ShapeModel>(model.Operations.Values
            .SelectMany(o => new[] { o.InputShape, o.OutputShape }.Concat(o.Errors))
            .OfType<string>()
            .Select(model.Shape));
        while (pending.Count > 0)
        {
            var shape = pending.Pop();
            if (!seen.Add(shape.Name))
            {
                continue;
            }

            yield return shape;
            foreach (var member in shape.OrderedMembers.Concat(new[] { shape.ListMember, shape.MapKey, shape.MapValue }.OfType<MemberModel>()))
            {
                pending.Push(member.Shape);
            }
        }
    }
}
