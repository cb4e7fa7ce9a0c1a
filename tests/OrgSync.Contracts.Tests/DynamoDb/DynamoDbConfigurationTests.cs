using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrgSync.DynamoDb.Table;
using OrgSync.Tests.Shared;

namespace OrgSync.Contracts.Tests.DynamoDb;

public sealed class DynamoDbStorageOptionsTests
{
    [Fact]
    public void Without_a_table_name_there_is_no_dynamodb_storage()
    {
        Assert.Null(DynamoDbStorageOptions.FromEnvironment(_ => null));
        Assert.Null(DynamoDbStorageOptions.FromEnvironment(_ => "  "));
    }

    [Fact]
    public void The_table_name_comes_from_ORGSYNC_TABLE_NAME_with_the_default_retentions()
    {
        var options = DynamoDbStorageOptions.FromEnvironment(name => name == "ORGSYNC_TABLE_NAME" ? "orgsync-state" : null);

        Assert.NotNull(options);
        Assert.Equal("orgsync-state", options.TableName);
        Assert.Equal(TimeSpan.FromDays(400), options.LedgerRetention);
        Assert.Equal(TimeSpan.FromDays(1), options.LeaseItemRetention);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("15", 15)]
    public void The_ledger_retention_can_be_set_in_days(string value, int days)
    {
        var options = DynamoDbStorageOptions.FromEnvironment(name => name switch
        {
            "ORGSYNC_TABLE_NAME" => "orgsync-state",
            "ORGSYNC_LEDGER_RETENTION_DAYS" => value,
            _ => null,
        });

        Assert.Equal(TimeSpan.FromDays(days), options!.LedgerRetention);
    }

    [Theory]
    [InlineData("14")]
    [InlineData("-400")]
    [InlineData("1.5")]
    [InlineData("forever")]
    public void A_ledger_retention_too_short_or_not_a_number_is_a_clear_error(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => DynamoDbStorageOptions.FromEnvironment(name => name switch
        {
            "ORGSYNC_TABLE_NAME" => "orgsync-state",
            "ORGSYNC_LEDGER_RETENTION_DAYS" => value,
            _ => null,
        }));

        Assert.Contains("ORGSYNC_LEDGER_RETENTION_DAYS", error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void Both_stores_are_wired_from_the_environment_on_one_client()
    {
        using var client = DynamoDbStorage.CreateClient("http://127.0.0.1:1", DynaliteFixture.Credentials);

        var storage = DynamoDbStorage.FromEnvironment(client, TimeProvider.System, name => name == "ORGSYNC_TABLE_NAME" ? "t" : null);

        Assert.NotNull(storage);
        Assert.IsType<OrgSync.DynamoDb.Membership.DynamoDbMembershipLedger>(storage.Ledger);
        Assert.IsType<OrgSync.DynamoDb.Leasing.DynamoDbTargetLease>(storage.Lease);
        Assert.Null(DynamoDbStorage.FromEnvironment(client, TimeProvider.System, _ => null));
    }
}

/// <summary>
/// The SDK's own endpoint override (<c>AWS_ENDPOINT_URL_DYNAMODB</c>) reaches a client built without a
/// ServiceURL. Process environment is global, so this collection runs alone, on its own dynalite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndpointEnvironmentCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "endpoint environment";
}

[Collection(EndpointEnvironmentCollection.Name)]
public sealed class DynamoDbEndpointTests(DynaliteFixture dynalite)
{
    [Theory]
    [InlineData("AWS_ENDPOINT_URL_DYNAMODB")]
    [InlineData("AWS_ENDPOINT_URL")]
    public async Task The_sdk_endpoint_variables_point_a_default_client_at_another_endpoint(string variable)
    {
        var table = await dynalite.TableAsync("endpoint" + variable.Replace("_", string.Empty, StringComparison.Ordinal));
        var previous = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, dynalite.ServiceUrl);
        try
        {
            using var client = new AmazonDynamoDBClient(DynaliteFixture.Credentials, RegionEndpoint.USEast1);

            var tables = await client.ListTablesAsync(new ListTablesRequest());

            Assert.Contains(table, tables.TableNames);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, previous);
        }
    }

    [Fact]
    public async Task A_service_url_wins_over_the_environment()
    {
        var table = await dynalite.TableAsync("endpointserviceurl");
        var previous = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9");
        try
        {
            using var client = DynamoDbStorage.CreateClient(dynalite.ServiceUrl, DynaliteFixture.Credentials);

            var tables = await client.ListTablesAsync(new ListTablesRequest());

            Assert.Contains(table, tables.TableNames);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_DYNAMODB", previous);
        }
    }
}
