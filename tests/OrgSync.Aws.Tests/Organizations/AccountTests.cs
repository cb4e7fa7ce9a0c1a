using OrgSync.Aws.Organizations;
using OrgSync.Core.Tests.Planning;

namespace OrgSync.Aws.Tests.Organizations;

public sealed class AccountTests
{
    [Theory]
    // State wins whenever it is present
    [InlineData("ACTIVE", null, "ACTIVE")]
    [InlineData("ACTIVE", "SUSPENDED", "ACTIVE")]
    [InlineData("CLOSED", "SUSPENDED", "CLOSED")]
    [InlineData("PENDING_ACTIVATION", "ACTIVE", "PENDING_ACTIVATION")]
    [InlineData("PENDING_CLOSURE", "PENDING_CLOSURE", "PENDING_CLOSURE")]
    // the retired Status counts only when State is absent
    [InlineData(null, "ACTIVE", "ACTIVE")]
    [InlineData(null, "SUSPENDED", "SUSPENDED")]
    [InlineData(null, "PENDING_CLOSURE", "PENDING_CLOSURE")]
    [InlineData("", "ACTIVE", "ACTIVE")]
    // unknown values are passed through so that a reason can quote them; nothing at all is null
    [InlineData(null, "SOMETHING_NEW", "SOMETHING_NEW")]
    [InlineData(null, null, null)]
    [InlineData(null, "", null)]
    public void The_effective_state_is_State_else_the_retired_Status(string? state, string? status, string? expected)
    {
        var account = new Account { Id = "222222222222", State = state, Status = status };

        Assert.Equal(expected, account.EffectiveState);
        Assert.Equal(expected == AccountState.Active, account.IsActive);
    }

    [Fact]
    public void Every_retired_Status_value_of_the_model_means_a_State_value_of_the_model()
    {
        var model = ServiceModel.Load("organizations.service-2.json");
        var states = model.Shape("AccountState").GetProperty("enum").EnumerateArray().Select(v => v.GetString()).ToHashSet();
        var statuses = model.Shape("AccountStatus").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToList();

        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Contains(new Account { Status = status }.EffectiveState, states));
        Assert.Equal(
            states.Order(StringComparer.Ordinal),
            new[] { AccountState.PendingActivation, AccountState.Active, AccountState.Suspended, AccountState.PendingClosure, AccountState.Closed }.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/222222222222", "o-a1b2c3d4e5")]
    [InlineData("arn:aws-cn:organizations::111111111111:account/o-a1b2c3d4e5/222222222222", "o-a1b2c3d4e5")]
    [InlineData("arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5", null)]
    [InlineData("arn:aws:iam::111111111111:role/x", null)]
    [InlineData("not an arn", null)]
    [InlineData(null, null)]
    public void The_organization_id_comes_from_the_account_arn(string? arn, string? expected) =>
        Assert.Equal(expected, new Account { Arn = arn }.OrganizationId);
}
