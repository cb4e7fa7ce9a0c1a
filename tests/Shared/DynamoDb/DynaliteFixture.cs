using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using OrgSync.DynamoDb.Table;

namespace OrgSync.Tests.Shared;

/// <summary>
/// One dynalite (a DynamoDB emulator on Node) for the test run, on a free port of 127.0.0.1, with
/// a table per test class. Node exits when its stdin closes, so even a test host that dies without
/// disposing leaves no node process behind; a normal dispose kills the process tree.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    // Tables become ACTIVE at once; the port goes to stdout; EOF on stdin means our host is gone.
    private const string Script = """
        const dynalite = require('dynalite');
        const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
        server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));
        process.stdin.on('end', () => process.exit(0)).resume();
        """;

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tables = new(StringComparer.Ordinal);
    private readonly StringBuilder _stderr = new();
    private Process? _node;
    private AmazonDynamoDBClient? _client;

    public string ServiceUrl { get; private set; } = string.Empty;

    public IAmazonDynamoDB Client => _client ?? throw new InvalidOperationException("dynalite is not started");

    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("AKIDDYNALITETEST", "dynalite-test-secret");

    public async Task InitializeAsync()
    {
        await NodeTools.EnsureInstalledAsync();
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.Tests,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-e");
        startInfo.ArgumentList.Add(Script);
        _node = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start node");
        _node.ErrorDataReceived += (_, line) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line.Data);
            }
        };
        _node.BeginErrorReadLine();

        string? portLine;
        try
        {
            portLine = await _node.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            portLine = null;
        }

        if (!int.TryParse(portLine, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            Stop();
            string stderr;
            lock (_stderr)
            {
                stderr = _stderr.ToString();
            }

            throw new InvalidOperationException($"dynalite did not report its port (got '{portLine}'):\n{stderr}");
        }

        // Keep draining stdout so that nothing dynalite might print can ever fill the pipe and stall it.
        _ = _node.StandardOutput.ReadToEndAsync();
        ServiceUrl = $"http://127.0.0.1:{port}";
        _client = DynamoDbStorage.CreateClient(ServiceUrl, Credentials);
    }

    /// <summary>The table of one test class (pk S, sk S, on-demand), created on first use.</summary>
    public Task<string> TableAsync(string owner) =>
        _tables.GetOrAdd(owner, name => new Lazy<Task<string>>(() => CreateTableAsync(name))).Value;

    /// <summary>The item with this <c>pk</c>/<c>sk</c>, read consistently; a test that expects it fails when it is missing.</summary>
    public async Task<Dictionary<string, AttributeValue>> ItemAsync(string table, string pk, string sk)
    {
        var response = await Client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { ["pk"] = new() { S = pk }, ["sk"] = new() { S = sk } },
            ConsistentRead = true,
        });
        Assert.True(response.Item is { Count: > 0 }, $"no item {pk} / {sk} in {table}");
        return response.Item;
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        Stop();
        return Task.CompletedTask;
    }

    private async Task<string> CreateTableAsync(string owner)
    {
        // Table names: 3-255 of [a-zA-Z0-9_.-].
        var name = "orgsync-" + new string(owner.Where(char.IsAsciiLetterOrDigit).ToArray());
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition { AttributeName = "pk", AttributeType = ScalarAttributeType.S },
                new AttributeDefinition { AttributeName = "sk", AttributeType = ScalarAttributeType.S },
            ],
            KeySchema =
            [
                new KeySchemaElement { AttributeName = "pk", KeyType = KeyType.HASH },
                new KeySchemaElement { AttributeName = "sk", KeyType = KeyType.RANGE },
            ],
        });

        // Even with createTableMs = 0 dynalite answers ResourceNotFound until the table turns ACTIVE (a timer tick later), as DynamoDB does while CREATING.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await Client.DescribeTableAsync(name, deadline.Token)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(10, deadline.Token);
        }

        return name;
    }

    private void Stop()
    {
        if (_node is null)
        {
            return;
        }

        try
        {
            if (!_node.HasExited)
            {
                _node.Kill(entireProcessTree: true);
                _node.WaitForExit(10_000);
            }
        }
        finally
        {
            _node.Dispose();
            _node = null;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DynaliteCollection : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
