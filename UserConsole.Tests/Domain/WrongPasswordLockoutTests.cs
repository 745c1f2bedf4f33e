using UserConsole.Domain.Access;
using UserConsole.Domain.Profile;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>A wrong current password on the profile counts toward the lockout exactly as a wrong password at sign-in:
/// a session left open is no place to guess the password.</summary>
public sealed class WrongPasswordLockoutTests : ProfileTestBase
{
    private static ChangePasswordInput Change(string current) => new()
    {
        CurrentPassword = current,
        NewPassword = TestPasswords.OtherStrong,
        RepeatPassword = TestPasswords.OtherStrong,
    };

    [Fact]
    public async Task ChangePasswordAsync_AfterTheMaximumOfWrongCurrentPasswords_LocksTheAccount_AndRefusesEvenTheRightOne()
    {
        var max = SecurityPolicy.Default.LockoutMaxFailedAttempts;
        for (var i = 0; i < max; i++)
        {
            (await Service.ChangePasswordAsync(DomainTestContext.As(_alice), Change($"wrong guess number {i}"), Ct)).Error.ShouldBe(ProfileRules.CurrentPasswordWrong);
        }

        var locked = await LoadAsync(_alice.Id);
        locked.LockoutEnd.ShouldBe(_ctx.Clock.GetUtcNow() + SecurityPolicy.Default.LockoutDuration);

        (await Service.ChangePasswordAsync(DomainTestContext.As(_alice), Change(TestPasswords.Strong), Ct)).Error.ShouldBe(ProfileRules.LockedOut);
        (await LoadAsync(_alice.Id)).PasswordHash.ShouldBe(locked.PasswordHash);

        _ctx.Clock.Advance(SecurityPolicy.Default.LockoutDuration + TimeSpan.FromSeconds(1));
        (await Service.ChangePasswordAsync(DomainTestContext.As(_alice), Change(TestPasswords.Strong), Ct)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task DisableOwnTwoFactor_WithAWrongPassword_CountsTowardLockout_And2faStaysOn()
    {
        await using (var db = await _ctx.DbAsync())
        {
            var alice = await db.Users.FindAsync([_alice.Id], Ct);
            alice!.EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync(Ct);
        }

        var result = await _ctx.GetScoped<TwoFactorService>().DisableAsync(DomainTestContext.As(_alice), _alice.Id, "not my password at all", Ct);

        result.Error.ShouldBe(ProfileRules.CurrentPasswordWrong);
        var after = await LoadAsync(_alice.Id);
        after.TwoFactorEnabled.ShouldBeTrue();
        after.AccessFailedCount.ShouldBe(1);
    }
}
