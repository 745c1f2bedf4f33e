using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Changing the own password: the current one is checked, the new one meets the policy.</summary>
public sealed class ProfilePasswordTests : ProfileTestBase
{
    [Fact]
    public async Task ChangePasswordAsync_WithWrongCurrentPassword_IsRefusedAtTheField_AndCountsTowardLockout()
    {
        var before = await LoadAsync(_alice.Id);

        var result = await Service.ChangePasswordAsync(DomainTestContext.As(_alice), new ChangePasswordInput
        {
            CurrentPassword = "this is not it at all",
            NewPassword = TestPasswords.OtherStrong,
            RepeatPassword = TestPasswords.OtherStrong,
        }, Ct);

        result.Error.ShouldBe(ProfileRules.CurrentPasswordWrong);
        result.Error!.Property.ShouldBe("CurrentPassword");
        var after = await LoadAsync(_alice.Id);
        (after.PasswordHash, after.SecurityStamp, after.ConcurrencyStamp).ShouldBe((before.PasswordHash, before.SecurityStamp, before.ConcurrencyStamp));
        after.AccessFailedCount.ShouldBe(before.AccessFailedCount + 1);
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "profile.change_password", Ct);
        (audit.Outcome, audit.ErrorCode, audit.Changes).ShouldBe((AuditOutcome.Refused, "password.current_wrong", null));
    }

    [Fact]
    public async Task ChangePasswordAsync_WithRightCurrentAndStrongNew_ChangesItAndRotatesTheStamp()
    {
        var before = await LoadAsync(_alice.Id);

        var result = await Service.ChangePasswordAsync(new ActingUser(_alice.Id, "s2"), new ChangePasswordInput
        {
            CurrentPassword = TestPasswords.Strong,
            NewPassword = TestPasswords.OtherStrong,
            RepeatPassword = TestPasswords.OtherStrong,
        }, Ct);

        result.Value.ShouldNotBeNull();
        var after = await LoadAsync(_alice.Id);
        after.SecurityStamp.ShouldNotBe(before.SecurityStamp);
        result.Value.SecurityStamp.ShouldBe(after.SecurityStamp);
        var hasher = _ctx.GetScoped<IPasswordHasher<User>>();
        hasher.VerifyHashedPassword(after, after.PasswordHash!, TestPasswords.OtherStrong).ShouldNotBe(PasswordVerificationResult.Failed);
        hasher.VerifyHashedPassword(after, after.PasswordHash!, TestPasswords.Strong).ShouldBe(PasswordVerificationResult.Failed);
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.User, _alice.Id.ToString(), ChangeAction.CredentialsChanged, "s2"));
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "profile.change_password", Ct);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.Changes.ShouldBeNull();
    }

    [Fact]
    public async Task ChangePasswordAsync_WithBlankNewPassword_KeepsThePassword()
    {
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.ChangePasswordAsync(DomainTestContext.As(_alice), new ChangePasswordInput { CurrentPassword = "anything" }, Ct);

        result.Succeeded.ShouldBeTrue();
        result.Value.ShouldBeNull();
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Theory]
    [InlineData("password1234", "password1234", "NewPassword")]
    [InlineData("violet kettle umbrella marathon 7", "violet kettle umbrella marathon 8", "RepeatPassword")]
    [InlineData(TestPasswords.Strong, TestPasswords.Strong, "NewPassword")]
    public async Task ChangePasswordAsync_WhenTheNewPasswordBreaksThePolicy_IsRefusedAtItsField(string newPassword, string repeat, string property)
    {
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.ChangePasswordAsync(DomainTestContext.As(_alice), new ChangePasswordInput
        {
            CurrentPassword = TestPasswords.Strong,
            NewPassword = newPassword,
            RepeatPassword = repeat,
        }, Ct);

        result.Error!.Property.ShouldBe(property);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }
}
