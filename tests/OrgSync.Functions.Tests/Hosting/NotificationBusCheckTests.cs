using OrgSync.Core.Targets;
using OrgSync.Functions.Hosting;
using OrgSync.Functions.Tests.Runtime;
using OrgSync.Functions.Tests.Support;

namespace OrgSync.Functions.Tests.Hosting;

/// <summary>
/// The stack grants events:PutEvents on the bus it names in ORGSYNC_NOTIFICATION_BUS_NAME; the function refuses to
/// start when the targets file's notifications disagree (SPEC §7, template.yaml NotificationBusName).
/// </summary>
public sealed class NotificationBusCheckTests
{
    private static TargetsFile Targets(string? bus) =>
        TestData.EmptyTargets with { Notifications = bus is null ? null : new NotificationSettings(bus, "orgsync") };

    private static FunctionEnvironment Environment(string? bus) =>
        new(bus is null ? [] : [KeyValuePair.Create(NotificationBusCheck.BusNameVariable, bus)]);

    [Theory]
    [InlineData(null, null)]
    [InlineData("default", "default")]
    [InlineData("vending", "vending")]
    [InlineData("vending", "arn:aws:events:us-east-1:111111111111:event-bus/vending")]
    [InlineData(" ", null)] // SAM writes an unset parameter as an empty value
    public void Agreeing_settings_start(string? granted, string? configured)
    {
        NotificationBusCheck.Verify(Environment(granted), Targets(configured));
    }

    [Theory]
    [InlineData(null, "vending", "is not set")]
    [InlineData("vending", null, "has no notifications")]
    [InlineData("vending", "default", "grants events:PutEvents on 'vending'")]
    [InlineData("vending", "arn:aws:events:us-east-1:111111111111:event-bus/other", "grants events:PutEvents on 'vending'")]
    [InlineData("Vending", "vending", "grants events:PutEvents on 'Vending'")]
    public void Disagreeing_settings_are_an_init_error_that_says_what_to_change(string? granted, string? configured, string expected)
    {
        var error = Assert.Throws<FunctionInitException>(() => NotificationBusCheck.Verify(Environment(granted), Targets(configured)));

        Assert.Equal("Runtime.InvalidConfiguration", error.ErrorType);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(configured is null ? "notifications" : "notifications.eventBusName", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:events:us-east-1:111111111111:event-bus/vending", null)]
    [InlineData("arn:aws:events:eu-west-1:111111111111:event-bus/vending", "a bus in eu-west-1")]
    [InlineData("arn:aws:events:us-east-1:222222222222:event-bus/vending", "a bus of account 222222222222")]
    public void A_bus_arn_outside_the_functions_region_or_account_is_an_init_error(string configured, string? expected)
    {
        var environment = new FunctionEnvironment(
            [KeyValuePair.Create(NotificationBusCheck.BusNameVariable, "vending"), KeyValuePair.Create("AWS_REGION", "us-east-1")]);
        var targets = Targets(configured) with { HomeAccountId = "111111111111" };

        if (expected is null)
        {
            NotificationBusCheck.Verify(environment, targets);
            return;
        }

        var error = Assert.Throws<FunctionInitException>(() => NotificationBusCheck.Verify(environment, targets));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_function_refuses_to_start_and_takes_no_invocation()
    {
        var environment = RuntimeLoopTests.Environment();
        environment[NotificationBusCheck.BusNameVariable] = "vending";
        await using var function = await InProcessFunction.StartAsync(environment);

        var report = await function.Api.InitError.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(FunctionHost.ExitInitFailed, await function.Run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("Runtime.InvalidConfiguration", report.ErrorTypeHeader);
        Assert.Contains(NotificationBusCheck.BusNameVariable, System.Text.Encoding.UTF8.GetString(report.Body), StringComparison.Ordinal);
        Assert.Equal(0, function.Api.NextCalls);
    }
}
