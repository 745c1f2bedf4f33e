using Microsoft.EntityFrameworkCore;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Enrolment and turning two-factor sign-in off (own or by an administrator).</summary>
public sealed class TwoFactorServiceTests : TwoFactorTestBase
{
    [Fact]
    public async Task BeginEnrollmentAsync_ForAUserWithout2fa_Returns160BitSecretAndOtpauthUri()
    {
        var result = await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct);

        var enrollment = result.Value;
        Base32Encoding.ToBytes(enrollment.Secret).Length.ShouldBe(20);
        enrollment.AuthenticatorUri.ShouldStartWith("otpauth://totp/UserConsole:alice?");
        enrollment.AuthenticatorUri.ShouldContain($"secret={enrollment.Secret}");
        enrollment.AuthenticatorUri.ShouldContain("issuer=UserConsole&algorithm=SHA1&digits=6&period=30");
        enrollment.GroupedSecret.Split(' ').ShouldAllBe(g => g.Length == 4);
        enrollment.ToString().ShouldNotContain(enrollment.Secret);
        (await LoadAsync(_alice.Id)).ProtectedTotpSecret.ShouldBeNull();
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_WithCorrectCode_TurnsOnStoresSecretProtectedAndEndsOtherSessions()
    {
        var before = await LoadAsync(_alice.Id);
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;

        var result = await Service.ConfirmEnrollmentAsync(new ActingUser(_alice.Id, "session-1"), enrollment.Secret, CodeAt(enrollment.Secret, Now), Ct);

        result.Succeeded.ShouldBeTrue();
        var after = await LoadAsync(_alice.Id);
        after.TwoFactorEnabled.ShouldBeTrue();
        after.ProtectedTotpSecret.ShouldNotBeNull();
        after.ProtectedTotpSecret.ShouldNotContain(enrollment.Secret);
        after.LastTotpStep.ShouldBe(new DateTimeOffset(Now).ToUnixTimeSeconds() / 30);
        after.SecurityStamp.ShouldNotBe(before.SecurityStamp);
        result.Value.SecurityStamp.ShouldBe(after.SecurityStamp);
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.User, _alice.Id.ToString(), ChangeAction.CredentialsChanged, "session-1"));
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.two_factor.enable", Ct);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        (await db.AuditEntries.ToListAsync(Ct)).ShouldAllBe(a => !(a.Changes ?? "").Contains(enrollment.Secret));
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_WithWrongCode_IsRefusedAtTheCodeAndChangesNothing()
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;
        var right = CodeAt(enrollment.Secret, Now);
        var wrong = ((int.Parse(right, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), enrollment.Secret, wrong, Ct);

        result.Error.ShouldBe(ProfileRules.CodeWrong);
        result.Error!.Property.ShouldBe("Code");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "user.two_factor.enable", Ct)).ErrorCode.ShouldBe("two_factor.code_wrong");
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("12a456")]
    [InlineData("")]
    public async Task ConfirmEnrollmentAsync_WithCodeThatIsNotSixDigits_IsRefusedAtTheCode(string code)
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;

        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), enrollment.Secret, code, Ct);

        result.Error.ShouldBe(ProfileRules.CodeFormat);
        (await LoadAsync(_alice.Id)).TwoFactorEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_WithCodeTypedWithSpaces_IsAccepted()
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;
        var code = CodeAt(enrollment.Secret, Now);

        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), enrollment.Secret, $" {code[..3]} {code[3..]} ", Ct);

        result.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_WhenAlreadyOn_IsRefusedAndKeepsTheFirstSecret()
    {
        await EnrollAsync(_alice);
        var stored = (await LoadAsync(_alice.Id)).ProtectedTotpSecret;
        var other = AuthenticatorCodes.NewSecret();

        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), other, CodeAt(other, Now), Ct);

        result.Error.ShouldBe(ProfileRules.TwoFactorAlreadyOn);
        (await LoadAsync(_alice.Id)).ProtectedTotpSecret.ShouldBe(stored);
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_WithMalformedSecret_IsRefused()
    {
        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), "NOT-A-SECRET", "123456", Ct);

        result.Error.ShouldBe(ProfileRules.SetupKeyInvalid);
    }

    [Fact]
    public async Task ConfirmEnrollmentAsync_ForDisabledUser_IsRefusedAsSessionEnded()
    {
        var operators = await _ctx.CreateRoleAsync("Others", Permissions.ViewMonitorPage);
        var gone = await _ctx.CreateUserAsync("gone", operators, enabled: false);
        var secret = AuthenticatorCodes.NewSecret();

        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(gone), secret, CodeAt(secret, Now), Ct);

        result.Error.ShouldBe(ActorLoader.SessionEnded);
    }

    [Fact]
    public async Task DisableAsync_OwnWithCurrentPassword_ClearsTheSecretAndEndsOtherSessions()
    {
        await EnrollAsync(_alice);
        var before = await LoadAsync(_alice.Id);

        var result = await Service.DisableAsync(new ActingUser(_alice.Id, "s"), _alice.Id, TestPasswords.Strong, Ct);

        result.Succeeded.ShouldBeTrue();
        var after = await LoadAsync(_alice.Id);
        after.TwoFactorEnabled.ShouldBeFalse();
        after.ProtectedTotpSecret.ShouldBeNull();
        after.LastTotpStep.ShouldBeNull();
        after.SecurityStamp.ShouldNotBe(before.SecurityStamp);
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.User, _alice.Id.ToString(), ChangeAction.CredentialsChanged, "s"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task DisableAsync_OwnWithoutAPassword_IsRefusedAtTheField_AndChangesNothing(string? password)
    {
        await EnrollAsync(_alice);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.DisableAsync(DomainTestContext.As(_alice), _alice.Id, password, Ct);

        result.Error!.Property.ShouldBe("CurrentPassword");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task DisableAsync_ByAdministratorWithEditUsers_ClearsTheSecretWithoutAPassword()
    {
        await EnrollAsync(_alice);

        var result = await Service.DisableAsync(await _ctx.ProvenAsync(_admin) with { SessionId = "admin-session" }, _alice.Id, null, Ct);

        result.Succeeded.ShouldBeTrue();
        var after = await LoadAsync(_alice.Id);
        after.TwoFactorEnabled.ShouldBeFalse();
        after.ProtectedTotpSecret.ShouldBeNull();
        _ctx.Changes.Published.ShouldContain(new DomainChange(ChangeKind.User, _alice.Id.ToString(), ChangeAction.TwoFactorDisabled, "admin-session"));
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.two_factor.disable", Ct);
        (audit.ActorId, audit.TargetName, audit.Outcome).ShouldBe((_admin.Id, "alice", AuditOutcome.Succeeded));
    }

    [Fact]
    public async Task DisableAsync_ByUserWithoutEditUsers_IsRefusedNamingThePermission()
    {
        await EnrollAsync(_alice);
        var viewers = await _ctx.CreateRoleAsync("Viewers", Permissions.ViewUsersPage);
        var bob = await _ctx.CreateUserAsync("bob", viewers);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Service.DisableAsync(DomainTestContext.As(bob), _alice.Id, TestPasswords.Strong, Ct);

        result.Error.ShouldBe(AccessRules.PermissionDenied(Permissions.EditUsers));
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task DisableAsync_ByEditorOfAStrongerUser_IsRefusedByRule6()
    {
        var editors = await _ctx.CreateRoleAsync("Editors", Permissions.EditUsers);
        var carol = await _ctx.CreateUserAsync("carol", editors);
        await EnrollAsync(_admin);

        var result = await Service.DisableAsync(DomainTestContext.As(carol), _admin.Id, null, Ct);

        result.Error.ShouldBe(UserRules.TargetExceedsActor("admin"));
        (await LoadAsync(_admin.Id)).TwoFactorEnabled.ShouldBeTrue();
    }

    [Fact]
    public async Task DisableAsync_WhenAlreadyOff_IsRefused()
    {
        var result = await Service.DisableAsync(DomainTestContext.As(_alice), _alice.Id, TestPasswords.Strong, Ct);

        result.Error.ShouldBe(ProfileRules.TwoFactorAlreadyOff);
    }

    [Fact]
    public async Task DisableAsync_ByAdministratorWhenAlreadyOff_IsRefusedAsTheEditPageSaysIt()
    {
        var result = await Service.DisableAsync(DomainTestContext.As(_admin), _alice.Id, null, Ct);

        result.Error.ShouldBe(UserRules.TwoFactorAlreadyOff);
    }

    [Fact]
    public async Task DisableAsync_ForUnknownUser_IsRefused()
    {
        var result = await Service.DisableAsync(DomainTestContext.As(_admin), Guid.NewGuid(), null, Ct);

        result.Error.ShouldBe(UserRules.UserNotFound);
    }
}
