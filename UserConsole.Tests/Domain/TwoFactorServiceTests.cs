using Microsoft.EntityFrameworkCore;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

public sealed class TwoFactorServiceTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DomainTestContext _ctx = null!;
    private User _admin = null!;
    private User _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        _admin = await _ctx.BootstrapAsync();
        var operators = await _ctx.CreateRoleAsync("Operators", Permissions.ViewMonitorPage);
        _alice = await _ctx.CreateUserAsync("alice", operators);
    }

    public async ValueTask DisposeAsync() => await _ctx.DisposeAsync();

    private TwoFactorService Service => _ctx.GetScoped<TwoFactorService>();

    private DateTime Now => _ctx.Clock.GetUtcNow().UtcDateTime;

    private static string CodeAt(string secret, DateTime time) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(time);

    private async Task<User> LoadAsync(Guid id)
    {
        await using var db = await _ctx.DbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    /// <summary>Enrols a user with a correct code and moves the clock to a later step, as a later sign-in would be.</summary>
    private async Task<string> EnrollAsync(User user)
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(user))).Value;
        (await Service.ConfirmEnrollmentAsync(DomainTestContext.As(user), enrollment.Secret, CodeAt(enrollment.Secret, Now))).Succeeded.ShouldBeTrue();
        _ctx.Clock.Advance(TimeSpan.FromMinutes(5));
        return enrollment.Secret;
    }

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
    public async Task VerifyAndConsumeAsync_WithCurrentCode_IsAcceptedOnceAndReplayIsRefused()
    {
        var secret = await EnrollAsync(_alice);
        var code = CodeAt(secret, Now);

        var first = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);
        var replay = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);

        first.ShouldBeTrue();
        replay.ShouldBeFalse();
        (await LoadAsync(_alice.Id)).LastTotpStep.ShouldBe(new DateTimeOffset(Now).ToUnixTimeSeconds() / 30);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WithTheCodeUsedForEnrollment_IsRefused()
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(_alice), Ct)).Value;
        var code = CodeAt(enrollment.Secret, Now);
        await Service.ConfirmEnrollmentAsync(DomainTestContext.As(_alice), enrollment.Secret, code, Ct);

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, code, Ct);

        result.ShouldBeFalse();
    }

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task VerifyAndConsumeAsync_WithCodeOfAnotherStep_AcceptsOneStepOfDriftOnly(int steps, bool accepted)
    {
        var secret = await EnrollAsync(_alice);

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now.AddSeconds(30 * steps)), Ct);

        result.ShouldBe(accepted);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WithOlderStepThanTheLastAccepted_IsRefused()
    {
        var secret = await EnrollAsync(_alice);
        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeTrue();

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now.AddSeconds(-30)), Ct);

        result.ShouldBeFalse();
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_ConcurrentSubmitsOfOneCode_ExactlyOneSucceeds()
    {
        var secret = await EnrollAsync(_alice);
        for (var round = 0; round < 10; round++)
        {
            _ctx.Clock.Advance(TimeSpan.FromSeconds(30));
            var code = CodeAt(secret, Now);
            using var start = new ManualResetEventSlim();
            var submits = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(async () =>
                {
                    start.Wait(TestContext.Current.CancellationToken);
                    return await Service.VerifyAndConsumeAsync(_alice.Id, code, TestContext.Current.CancellationToken);
                }, TestContext.Current.CancellationToken))
                .ToList();

            start.Set();
            var results = await Task.WhenAll(submits);

            results.Count(accepted => accepted).ShouldBe(1, $"round {round}");
        }
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_ChangesTheConcurrencyStamp_SoAnOlderCopyCannotWriteTheStepBack()
    {
        var secret = await EnrollAsync(_alice);
        var before = await LoadAsync(_alice.Id);

        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeTrue();

        (await LoadAsync(_alice.Id)).ConcurrencyStamp.ShouldNotBe(before.ConcurrencyStamp);
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WhenTwoFactorIsOffOrUserDisabled_IsRefused()
    {
        var secret = AuthenticatorCodes.NewSecret();
        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct)).ShouldBeFalse();

        var enrolled = await EnrollAsync(_alice);
        await using (var db = await _ctx.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _alice.Id, Ct)).Disable();
            await db.SaveChangesAsync(Ct);
        }

        (await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(enrolled, Now), Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task VerifyAndConsumeAsync_WhenTheSecretCannotBeUnprotected_IsRefused()
    {
        var secret = await EnrollAsync(_alice);
        await using (var db = await _ctx.DbAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.ProtectedTotpSecret, "CfDJ8-not-a-payload"), TestContext.Current.CancellationToken);
        }

        var result = await Service.VerifyAndConsumeAsync(_alice.Id, CodeAt(secret, Now), Ct);

        result.ShouldBeFalse();
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
    [InlineData("not my password at all")]
    public async Task DisableAsync_OwnWithoutTheRightPassword_IsRefusedAtTheField(string? password)
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

        var result = await Service.DisableAsync(new ActingUser(_admin.Id, "admin-session"), _alice.Id, null, Ct);

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
