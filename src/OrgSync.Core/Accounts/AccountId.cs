namespace OrgSync.Core.Accounts;

/// <summary>
/// AWS account ids: exactly 12 ASCII digits. Deliberately not a regex: .NET's <c>\d</c> matches
/// every Unicode decimal digit and <c>$</c> matches before a trailing newline.
/// </summary>
public static class AccountId
{
    public const int Length = 12;

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
