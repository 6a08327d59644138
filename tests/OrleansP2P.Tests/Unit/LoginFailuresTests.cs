using OrleansP2P.Security;

namespace OrleansP2P.Tests.Unit;

public sealed class LoginFailuresTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Successes_are_never_limited()
    {
        var failures = new LoginFailures();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(failures.RetryAfter("user1", T0.AddMilliseconds(i)));
            failures.RecordSuccess("user1");
        }
    }

    [Fact]
    public void After_10_failures_in_a_minute_the_address_waits_until_the_oldest_is_a_minute_old()
    {
        var failures = new LoginFailures();
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(failures.RetryAfter($"ghost{i}", T0.AddSeconds(i)));
            failures.RecordFailure($"ghost{i}", T0.AddSeconds(i));
        }

        // Every account, even one never tried from here, waits: the address is the problem.
        Assert.Equal(TimeSpan.FromSeconds(50), failures.RetryAfter("user1", T0.AddSeconds(10)));
        Assert.Null(failures.RetryAfter("user1", T0.AddSeconds(60)));
    }

    [Fact]
    public void Failures_in_a_row_for_one_account_back_off_by_doubling_up_to_30_s()
    {
        Assert.Equal(
            [0, 1, 2, 4, 8, 16, 30, 30, 30],
            Enumerable.Range(1, 9).Select(n => LoginFailures.BackoffAfter(n).TotalSeconds));

        var failures = new LoginFailures();
        failures.RecordFailure("user4", T0);
        Assert.Null(failures.RetryAfter("user4", T0)); // one typo is free
        failures.RecordFailure("user4", T0);
        Assert.Equal(TimeSpan.FromSeconds(1), failures.RetryAfter("user4", T0));
        Assert.Null(failures.RetryAfter("user3", T0)); // another account from the same address is not held back
        failures.RecordFailure("user4", T0.AddSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(2), failures.RetryAfter("user4", T0.AddSeconds(1)));
    }

    [Fact]
    public void A_success_ends_the_accounts_run_of_failures()
    {
        var failures = new LoginFailures();
        failures.RecordFailure("user4", T0);
        failures.RecordFailure("user4", T0);
        failures.RecordSuccess("user4");

        failures.RecordFailure("user4", T0.AddSeconds(2));

        Assert.Null(failures.RetryAfter("user4", T0.AddSeconds(2)));
    }

    [Fact]
    public void Sprayed_names_are_remembered_up_to_a_bound()
    {
        var failures = new LoginFailures();
        for (var i = 0; i < LoginFailures.MaxAccounts * 3; i++)
        {
            failures.RecordFailure($"ghost{i}", T0.AddSeconds(i));
        }

        Assert.Equal(LoginFailures.MaxAccounts, failures.AccountCount);
        Assert.False(failures.IsEmpty(T0.AddSeconds(LoginFailures.MaxAccounts * 3)));
        Assert.True(failures.IsEmpty(T0.AddSeconds(LoginFailures.MaxAccounts * 3 + 120)));
    }
}
