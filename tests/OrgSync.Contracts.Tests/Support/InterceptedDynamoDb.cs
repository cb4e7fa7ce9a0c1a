using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace OrgSync.Contracts.Tests.Support;

/// <summary>
/// An <see cref="IAmazonDynamoDB"/> that forwards every call to a real client, except the operations
/// a test replaces: how the tests make DynamoDB misbehave in ways dynalite never does (unprocessed
/// keys, a lost response that the SDK retries, small pages).
/// </summary>
public class InterceptedDynamoDb : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<BatchGetItemRequest, CancellationToken, Task<BatchGetItemResponse>>? _batchGetItem;
    private Func<UpdateItemRequest, CancellationToken, Task<UpdateItemResponse>>? _updateItem;
    private Func<QueryRequest, CancellationToken, Task<QueryResponse>>? _query;

    public static IAmazonDynamoDB Create(
        IAmazonDynamoDB inner,
        Func<BatchGetItemRequest, CancellationToken, Task<BatchGetItemResponse>>? batchGetItem = null,
        Func<UpdateItemRequest, CancellationToken, Task<UpdateItemResponse>>? updateItem = null,
        Func<QueryRequest, CancellationToken, Task<QueryResponse>>? query = null)
    {
        var client = Create<IAmazonDynamoDB, InterceptedDynamoDb>();
        var proxy = (InterceptedDynamoDb)(object)client;
        proxy._inner = inner;
        proxy._batchGetItem = batchGetItem;
        proxy._updateItem = updateItem;
        proxy._query = query;
        return client;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var token = args?.OfType<CancellationToken>().FirstOrDefault() ?? default;
        switch (args?.FirstOrDefault())
        {
            case BatchGetItemRequest request when _batchGetItem is not null && targetMethod.Name == nameof(IAmazonDynamoDB.BatchGetItemAsync):
                return _batchGetItem(request, token);
            case UpdateItemRequest request when _updateItem is not null && targetMethod.Name == nameof(IAmazonDynamoDB.UpdateItemAsync):
                return _updateItem(request, token);
            case QueryRequest request when _query is not null && targetMethod.Name == nameof(IAmazonDynamoDB.QueryAsync):
                return _query(request, token);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
