using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Sessions;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Sessions;

/// <summary>"Confirm it's you": the proof lives in the actor's session, lasts the policy's window, is given with the
/// password or an authenticator code, and wrong attempts count toward the actor's lockout.</summary>
public sealed class StepUpTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private IdentityConfirmation Confirmation => _w.Context.GetScoped<IdentityConfirmation>();

    private SessionService Sessions => _w.Context.GetScoped<SessionService>();

    private async Task<ActingUser> SignedInAsync(User user) =>
        new(user.Id, null, await Sessions.StartAsync(user.Id, "192.0.2.1", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", SessionFactors.None));

    private async Task<DomainError?> ResetOperatorAsync(ActingUser by) =>
        (await _w.Users.ResetPasswordAsync(by, _w.OperatorWide.Id, await _w.StampOfAsync(_w.OperatorWide))).Error;

    [Fact]
    public async Task SignedInWithoutConfirming_SensitiveActionIsRefused_UntilThePasswordIsConfirmed()
    {
        var by = await SignedInAsync(_w.Support);

        (await ResetOperatorAsync(by))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        (await Confirmation.StatusAsync(by)).Value.IsFresh.ShouldBeFalse();

        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong })).Succeeded.ShouldBeTrue();

        (await Confirmation.StatusAsync(by)).Value.IsFresh.ShouldBeTrue();
        (await ResetOperatorAsync(by)).ShouldBeNull();
        var audit = await _w.AuditAsync();
        audit[0].Action.ShouldBe("install.bootstrap");
        audit.Skip(1).Select(a => (a.Action, a.Outcome, a.ErrorCode)).ShouldBe([
            ("user.reset_password", AuditOutcome.Refused, StepUpRules.ReauthRequiredCode),
            ("session.reauthenticate", AuditOutcome.Succeeded, null),
            ("user.reset_password", AuditOutcome.Succeeded, null),
        ]);
        audit.ShouldAllBe(a => a.Changes == null || !a.Changes.Contains(TestPasswords.Strong));
    }

    [Fact]
    public async Task AProof_LastsTheWindow_ThenTheNextSensitiveActionAsksAgain()
    {
        var by = await _w.ProveAsync(_w.Support);
        _w.Context.Clock.Advance(SecurityPolicy.Default.Reauthenticate - TimeSpan.FromSeconds(1));
        (await _w.Users.DisableAsync(by, _w.Viewer.Id, await _w.StampOfAsync(_w.Viewer))).Succeeded.ShouldBeTrue();

        _w.Context.Clock.Advance(TimeSpan.FromSeconds(2));

        (await ResetOperatorAsync(by))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        (await _w.ReloadAsync(_w.OperatorWide)).MustChangePassword.ShouldBeFalse();
    }

    [Fact]
    public async Task AProof_BelongsToItsSession_AnotherSessionOrNoneHasNone()
    {
        var proven = await _w.ProveAsync(_w.Support);
        var other = await SignedInAsync(_w.Support);

        (await ResetOperatorAsync(other))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        (await ResetOperatorAsync(DomainTestContext.As(_w.Support)))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        // Another user naming the proven session gets nothing from it.
        (await ResetOperatorAsync(new ActingUser(_w.Admin2.Id, null, proven.SignInSessionId)))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
    }

    [Fact]
    public async Task AnEndedSession_HoldsNoProof()
    {
        var by = await _w.ProveAsync(_w.Support);
        await Sessions.SignOutAsync(by.SignInSessionId!.Value);

        (await ResetOperatorAsync(by))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong })).Error.ShouldBe(StepUpRules.ProofNeedsSession);
    }

    [Fact]
    public async Task WrongPasswords_CountTowardTheActorsLockout_AndRecordNoProof()
    {
        var by = await SignedInAsync(_w.Support);
        var policy = SecurityPolicy.Default;
        for (var i = 0; i < policy.LockoutMaxFailedAttempts; i++)
        {
            (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = "not my password at all" })).Error.ShouldBe(StepUpRules.PasswordWrong);
        }

        var locked = await _w.ReloadAsync(_w.Support);
        locked.LockoutEnd.ShouldBe(_w.Context.Clock.GetUtcNow() + policy.LockoutDuration);
        // Locked out, even the right password proves nothing now.
        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong })).Error.ShouldBe(StepUpRules.LockedOut);
        (await ResetOperatorAsync(by))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        var audit = await _w.AuditAsync();
        audit.Count(a => a.Action == "session.reauthenticate" && a.ErrorCode == StepUpRules.PasswordWrong.Code).ShouldBe(policy.LockoutMaxFailedAttempts);
        _w.Context.Logs.Lines.ShouldAllBe(l => !l.Contains("not my password at all"));
    }

    [Fact]
    public async Task AnAuthenticatorCode_IsAProof_AcceptedOnce()
    {
        var operators = _w.OperatorWide;
        await using (var db = await _w.Context.DbAsync())
        {
            // Support with a real authenticator secret of its own.
            var support = await db.Users.SingleAsync(u => u.Id == _w.Support.Id);
            support.EnableTwoFactor(_w.Context.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
                .CreateProtector(TwoFactorService.ProtectorPurpose).Protect("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), 0);
            await db.SaveChangesAsync();
        }

        var by = await SignedInAsync(_w.Support);
        var code = new Totp(Base32Encoding.ToBytes("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).ComputeTotp(_w.Context.Clock.GetUtcNow().UtcDateTime);
        (await Confirmation.StatusAsync(by)).Value.HasAuthenticator.ShouldBeTrue();

        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Kind = SessionProofs.Authenticator, Code = code })).Succeeded.ShouldBeTrue();
        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Kind = SessionProofs.Authenticator, Code = code })).Error.ShouldBe(StepUpRules.CodeWrong);

        (await _w.Users.DisableAsync(by, operators.Id, await _w.StampOfAsync(operators))).Succeeded.ShouldBeTrue();
        await using var check = await _w.Context.DbAsync();
        (await check.Sessions.SingleAsync(s => s.Id == by.SignInSessionId)).ReauthenticatedWith.ShouldBe(SessionProofs.Authenticator);
    }

    [Fact]
    public async Task APasskeyVerifiedForTheActor_IsAProof_AnotherAccountsOrAnUnverifiedOneIsNot()
    {
        var operators = _w.OperatorWide;
        var by = await SignedInAsync(_w.Support);
        (await Confirmation.StatusAsync(by)).Value.HasPasskey.ShouldBeFalse();
        (await _w.Context.GetScoped<SecondFactorService>().AddPasskeyAsync(DomainTestContext.As(_w.Support), TestPasskeys.New(), "Laptop")).Succeeded.ShouldBeTrue();
        (await Confirmation.StatusAsync(by)).Value.HasPasskey.ShouldBeTrue();

        // The browser's answer did not verify, or it verified for someone else's passkey: no proof.
        (await Confirmation.ConfirmWithPasskeyAsync(by, null)).Error.ShouldBe(StepUpRules.PasskeyNotVerified);
        (await Confirmation.ConfirmWithPasskeyAsync(by, _w.Admin.Id)).Error.ShouldBe(StepUpRules.PasskeyOfAnotherAccount);
        (await ResetOperatorAsync(by))!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
        await using (var db = await _w.Context.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _w.Support.Id)).AccessFailedCount.ShouldBe(0, "a failed passkey is not a guessed secret");
        }

        (await Confirmation.ConfirmWithPasskeyAsync(by, _w.Support.Id)).Succeeded.ShouldBeTrue();

        (await _w.Users.DisableAsync(by, operators.Id, await _w.StampOfAsync(operators))).Succeeded.ShouldBeTrue();
        await using var check = await _w.Context.DbAsync();
        (await check.Sessions.SingleAsync(s => s.Id == by.SignInSessionId)).ReauthenticatedWith.ShouldBe(SessionProofs.Passkey);
        var confirmations = await check.AuditEntries.Where(a => a.Action == "session.reauthenticate").OrderBy(a => a.Id).ToListAsync();
        confirmations.Select(a => (a.Outcome, a.ErrorCode)).ShouldBe([
            (AuditOutcome.Refused, StepUpRules.PasskeyNotVerified.Code),
            (AuditOutcome.Refused, StepUpRules.PasskeyOfAnotherAccount.Code),
            (AuditOutcome.Succeeded, null),
        ]);
    }

    [Fact]
    public async Task SignOutEverywhere_NeedsAFreshProof_AndChangesNothingWithout()
    {
        var viewerSession = await SignedInAsync(_w.Viewer);
        var by = await SignedInAsync(_w.Support);
        var before = await _w.Context.SnapshotWithoutAuditAsync();

        (await Sessions.EndAllOfUserAsync(by, _w.Viewer.Id)).Error!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);

        (await _w.Context.SnapshotWithoutAuditAsync()).ShouldBe(before);
        (await _w.AuditAsync())[^1].ErrorCode.ShouldBe(StepUpRules.ReauthRequiredCode);
        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong })).Succeeded.ShouldBeTrue();
        (await Sessions.EndAllOfUserAsync(by, _w.Viewer.Id)).Succeeded.ShouldBeTrue();
        (await Sessions.CheckRequestAsync(viewerSession.SignInSessionId!.Value, _w.Viewer.Id)).ShouldBe(SessionEndReasons.SignedOutByAdministrator);
    }

    [Fact]
    public async Task ARoleChange_NeedsAProof_OnlyWhenItGivesUserOrRoleAdministration()
    {
        var by = DomainTestContext.As(_w.Manager);
        var plain = await RoleEditAsync(_w.OperatorRole, Permissions.StopSchedule);
        (await _w.Roles.UpdateAsync(by, plain)).Succeeded.ShouldBeTrue();

        var granting = await RoleEditAsync(_w.OperatorRole, Permissions.CreateAdditionalUsers);
        (await _w.Roles.UpdateAsync(by, granting)).Error!.Code.ShouldBe(StepUpRules.ReauthRequiredCode);
    }

    public static TheoryData<string> SensitiveOperations() =>
    [
        "reset password", "disable user", "delete user", "disable 2FA", "sign out everywhere",
        "role gains user administration", "create a user with such a role", "assign such a role",
    ];

    /// <summary>Each sensitive operation, run by a second Administrator in a signed-in session: refused with
    /// reauth.required and nothing changed but the audit trail without a fresh proof; done with one.</summary>
    [Theory]
    [MemberData(nameof(SensitiveOperations))]
    public async Task EverySensitiveOperation_IsRefusedWithoutAFreshProof_AndDoneWithOne(string operation)
    {
        await using (var db = await _w.Context.DbAsync())
        {
            // The viewer has an authenticator app, so that turning 2FA off has something to do.
            var viewer = await db.Users.SingleAsync(u => u.Id == _w.Viewer.Id);
            viewer.EnableTwoFactor(_w.Context.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
                .CreateProtector(TwoFactorService.ProtectorPurpose).Protect("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), 0);
            await db.SaveChangesAsync();
        }

        async Task<DomainError?> RunAsync(ActingUser by) => operation switch
        {
            "reset password" => await ResetOperatorAsync(by),
            "disable user" => (await _w.Users.DisableAsync(by, _w.Viewer.Id, await _w.StampOfAsync(_w.Viewer))).Error,
            "delete user" => (await _w.Users.DeleteAsync(by, _w.Viewer.Id, await _w.StampOfAsync(_w.Viewer))).Error,
            "disable 2FA" => (await _w.TwoFactor.DisableAsync(by, _w.Viewer.Id, null)).Error,
            "sign out everywhere" => (await Sessions.EndAllOfUserAsync(by, _w.Viewer.Id)).Error,
            "role gains user administration" => (await _w.Roles.UpdateAsync(by, await RoleEditAsync(_w.ViewerRole, Permissions.EditUsers))).Error,
            "create a user with such a role" => (await _w.Users.CreateAsync(by, WithRole(_w.NewOperator("zoe"), _w.SupportRole.Id))).Error,
            "assign such a role" => (await _w.Users.UpdateAsync(by, WithRole(await _w.EditOfAsync(_w.Viewer), _w.SupportRole.Id))).Error,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        await SignedInAsync(_w.Viewer); // a session to end
        var by = await SignedInAsync(_w.Admin2);
        var before = await _w.Context.SnapshotWithoutAuditAsync();

        (await RunAsync(by)).ShouldNotBeNull(operation).Code.ShouldBe(StepUpRules.ReauthRequiredCode, operation);
        (await _w.Context.SnapshotWithoutAuditAsync()).ShouldBe(before, operation);
        (await _w.AuditAsync())[^1].ErrorCode.ShouldBe(StepUpRules.ReauthRequiredCode);

        (await Confirmation.ConfirmAsync(by, new ConfirmIdentityInput { Password = TestPasswords.Strong })).Succeeded.ShouldBeTrue();
        (await RunAsync(by)).ShouldBeNull(operation);
    }

    private static T WithRole<T>(T input, Guid roleId)
        where T : UserFields
    {
        input.RoleId = roleId;
        return input;
    }

    private async Task<UserConsole.Domain.Roles.UpdateRoleInput> RoleEditAsync(UserConsole.Domain.Roles.Role role, string add)
    {
        await using var db = await _w.Context.DbAsync();
        var current = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Id == role.Id);
        return new UserConsole.Domain.Roles.UpdateRoleInput
        {
            RoleId = current.Id, ConcurrencyStamp = current.ConcurrencyStamp, Name = current.Name, Description = current.Description,
            Permissions = [.. current.PermissionKeys, add],
        };
    }
}
