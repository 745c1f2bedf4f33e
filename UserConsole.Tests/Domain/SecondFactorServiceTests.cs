using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>Recovery codes (hashed, single use, audited) and passkeys kept by the domain.</summary>
public sealed class SecondFactorServiceTests : TwoFactorTestBase
{
    private SecondFactorService Factors => _ctx.GetScoped<SecondFactorService>();

    /// <summary>Turns 2FA on for <paramref name="user"/> and returns the recovery codes it showed.</summary>
    private async Task<IReadOnlyList<string>> EnrollWithCodesAsync(User user)
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(user), Ct)).Value;
        var result = await Service.ConfirmEnrollmentAsync(DomainTestContext.As(user), enrollment.Secret, CodeAt(enrollment.Secret, Now), Ct);
        return result.Value.RecoveryCodes;
    }

    private async Task<int> LeftAsync(User user) => (await Factors.GetAsync(DomainTestContext.As(user), Ct)).Value.RecoveryCodesLeft;

    private async Task<string?> StoredCodesAsync(Guid userId)
    {
        await using var db = await _ctx.DbAsync();
        return await db.UserTokens.Where(t => t.UserId == userId && t.Name == "RecoveryCodes").Select(t => t.Value).SingleOrDefaultAsync(Ct);
    }

    private static UserPasskeyInfo NewPasskey() => TestPasskeys.New();

    [Fact]
    public async Task ConfirmEnrollmentAsync_ShowsTenDistinctCodes_AndStoresNoneOfThemInClear()
    {
        var codes = await EnrollWithCodesAsync(_alice);

        codes.Count.ShouldBe(RecoveryCodes.PerSet);
        codes.Distinct().Count().ShouldBe(RecoveryCodes.PerSet);
        codes.ShouldAllBe(c => c.Replace("-", "", StringComparison.Ordinal).Length == RecoveryCodes.Length);
        var stored = await StoredCodesAsync(_alice.Id);
        stored.ShouldNotBeNull();
        stored.Split(';').Length.ShouldBe(RecoveryCodes.PerSet);
        foreach (var code in codes)
        {
            stored.ShouldNotContain(code);
            stored.ShouldNotContain(code.Replace("-", "", StringComparison.Ordinal));
        }

        (await LeftAsync(_alice)).ShouldBe(10);
    }

    [Fact]
    public async Task RedeemRecoveryCodeAsync_SameCodeTwice_SecondIsRefused_AndTheCountDrops()
    {
        var codes = await EnrollWithCodesAsync(_alice);

        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, codes[3], Ct)).ShouldBeTrue();
        (await LeftAsync(_alice)).ShouldBe(9);
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, codes[3], Ct)).ShouldBeFalse();
        (await LeftAsync(_alice)).ShouldBe(9);
        // Typed in lower case without the dashes, another code still works once.
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, codes[0].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), Ct)).ShouldBeTrue();
        (await LeftAsync(_alice)).ShouldBe(8);
    }

    [Fact]
    public async Task RedeemRecoveryCodeAsync_IsAuditedWithoutTheCode_AndQueuesTheSecurityMail()
    {
        var codes = await EnrollWithCodesAsync(_alice);

        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, codes[1], Ct)).ShouldBeTrue();

        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.recovery_code.used", Ct);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        audit.TargetId.ShouldBe(_alice.Id.ToString());
        audit.Changes.ShouldNotBeNull();
        audit.Changes.ShouldContain("9");
        (await db.AuditEntries.ToListAsync(Ct)).ShouldAllBe(a => codes.All(c => !(a.Changes ?? "").Contains(c, StringComparison.Ordinal)));
        (await db.Outbox.CountAsync(m => m.Kind == "security.recoverycodeused" && m.ToAddress == _alice.Email, Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA-AAAA-AAAA-AAAA")]
    [InlineData(null)]
    public async Task RedeemRecoveryCodeAsync_WithACodeNotIssued_IsRefusedAndChangesNothing(string? code)
    {
        await EnrollWithCodesAsync(_alice);
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, code, Ct)).ShouldBeFalse();

        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task RedeemRecoveryCodeAsync_AnotherUsersCode_IsRefused()
    {
        var aliceCodes = await EnrollWithCodesAsync(_alice);
        await EnrollWithCodesAsync(_admin);

        (await Factors.RedeemRecoveryCodeAsync(_admin.Id, aliceCodes[0], Ct)).ShouldBeFalse();
        (await LeftAsync(_admin)).ShouldBe(10);
    }

    [Fact]
    public async Task RegenerateRecoveryCodesAsync_OldCodesStopWorking_NewOnesWork()
    {
        var old = await EnrollWithCodesAsync(_alice);
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, old[0], Ct)).ShouldBeTrue();

        var result = await Factors.RegenerateRecoveryCodesAsync(DomainTestContext.As(_alice), Ct);

        result.Succeeded.ShouldBeTrue();
        result.Value.Intersect(old).ShouldBeEmpty();
        (await LeftAsync(_alice)).ShouldBe(10);
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, old[1], Ct)).ShouldBeFalse();
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, result.Value[0], Ct)).ShouldBeTrue();
        await using var db = await _ctx.DbAsync();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "user.recovery_codes.regenerate", Ct);
        audit.Outcome.ShouldBe(AuditOutcome.Succeeded);
        result.Value.ShouldAllBe(c => !(audit.Changes ?? "").Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegenerateRecoveryCodesAsync_Without2fa_IsRefusedAndChangesNothing()
    {
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Factors.RegenerateRecoveryCodesAsync(DomainTestContext.As(_alice), Ct);

        result.Error.ShouldBe(SecondFactorService.RecoveryCodesNeedTwoFactor);
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
    }

    [Fact]
    public async Task DisableAsync_ByAdministrator_DeletesRecoveryCodesAndPasskeys()
    {
        var codes = await EnrollWithCodesAsync(_alice);
        (await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), NewPasskey(), "Laptop", Ct)).Succeeded.ShouldBeTrue();

        (await Service.DisableAsync(await _ctx.ProvenAsync(_admin), _alice.Id, null, Ct)).Succeeded.ShouldBeTrue();

        (await StoredCodesAsync(_alice.Id)).ShouldBeNull();
        (await Factors.RedeemRecoveryCodeAsync(_alice.Id, codes[0], Ct)).ShouldBeFalse();
        await using var db = await _ctx.DbAsync();
        (await db.UserPasskeys.CountAsync(p => p.UserId == _alice.Id, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task APasskeyOnlyUser_ShowsAs2faOn_AndTheAdministratorsDisable2faRemovesThePasskey()
    {
        var users = _ctx.GetScoped<UserAdministration>();
        var admin = await _ctx.ProvenAsync(_admin);
        (await users.GetAsync(admin, _alice.Id, Ct)).Value.Can.DisableTwoFactor.Allowed.ShouldBeFalse("no second factor yet");
        (await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), NewPasskey(), "Phone", Ct)).Succeeded.ShouldBeTrue();

        // The Edit page, the users list and its filter count a passkey as a second factor, as sign-in does.
        var details = (await users.GetAsync(admin, _alice.Id, Ct)).Value;
        details.TwoFactorEnabled.ShouldBeTrue();
        details.Can.DisableTwoFactor.Allowed.ShouldBeTrue();
        var listed = (await users.ListAsync(admin, new UserListQuery { Search = "alice", TwoFactorEnabled = true }, Ct)).Value.Items;
        listed.ShouldHaveSingleItem().TwoFactorEnabled.ShouldBeTrue();
        (await users.ListAsync(admin, new UserListQuery { Search = "alice", TwoFactorEnabled = false }, Ct)).Value.Items.ShouldBeEmpty();

        (await Service.DisableAsync(admin, _alice.Id, null, Ct)).Succeeded.ShouldBeTrue();

        (await Factors.GetAsync(DomainTestContext.As(_alice), Ct)).Value.Passkeys.ShouldBeEmpty();
        (await users.GetAsync(admin, _alice.Id, Ct)).Value.TwoFactorEnabled.ShouldBeFalse();
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "user.two_factor.disable" && a.Outcome == AuditOutcome.Succeeded, Ct)).TargetName.ShouldBe("alice");
    }

    [Fact]
    public async Task AddPasskeyAsync_Named_IsListed_Audited_AndQueuesTheSecurityMail()
    {
        var result = await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), NewPasskey(), "  Work laptop  ", Ct);

        result.Succeeded.ShouldBeTrue();
        var view = (await Factors.GetAsync(DomainTestContext.As(_alice), Ct)).Value;
        var listed = view.Passkeys.ShouldHaveSingleItem();
        listed.Name.ShouldBe("Work laptop");
        listed.LastUsedAt.ShouldBeNull();
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "user.passkey.add", Ct)).Outcome.ShouldBe(AuditOutcome.Succeeded);
        var mail = await db.Outbox.SingleAsync(m => m.Kind == "security.passkeyadded", Ct);
        mail.Body.ShouldContain("Work laptop");
    }

    [Theory]
    [InlineData("", "passkey.name_required")]
    [InlineData("   ", "passkey.name_required")]
    [InlineData("123456789012345678901234567890123456789012345678901", "passkey.name_too_long")]
    public async Task AddPasskeyAsync_WithABadName_IsRefusedAtTheNameAndChangesNothing(string name, string code)
    {
        var snapshot = await _ctx.SnapshotWithoutAuditAsync();

        var result = await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), NewPasskey(), name, Ct);

        result.Error!.Code.ShouldBe(code);
        result.Error.Property.ShouldBe("PasskeyName");
        (await _ctx.SnapshotWithoutAuditAsync()).ShouldBe(snapshot);
        await using var db = await _ctx.DbAsync();
        (await db.AuditEntries.SingleAsync(a => a.Action == "user.passkey.add", Ct)).ErrorCode.ShouldBe(code);
    }

    [Fact]
    public async Task AddPasskeyAsync_ACredentialAlreadyRegistered_IsRefused()
    {
        var passkey = NewPasskey();
        (await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), passkey, "Phone", Ct)).Succeeded.ShouldBeTrue();

        var result = await Factors.AddPasskeyAsync(DomainTestContext.As(_admin), passkey, "Phone", Ct);

        result.Error.ShouldBe(SecondFactorService.PasskeyTaken);
    }

    [Fact]
    public async Task RemovePasskeyAsync_OwnPasskey_IsRemoved_AnotherUsersIsNotFound()
    {
        (await Factors.AddPasskeyAsync(DomainTestContext.As(_alice), NewPasskey(), "Phone", Ct)).Succeeded.ShouldBeTrue();
        var id = (await Factors.GetAsync(DomainTestContext.As(_alice), Ct)).Value.Passkeys.Single().Id;

        (await Factors.RemovePasskeyAsync(DomainTestContext.As(_admin), id, Ct)).Error.ShouldBe(SecondFactorService.PasskeyNotFound);
        (await Factors.RemovePasskeyAsync(DomainTestContext.As(_alice), id, Ct)).Succeeded.ShouldBeTrue();

        (await Factors.GetAsync(DomainTestContext.As(_alice), Ct)).Value.Passkeys.ShouldBeEmpty();
    }
}
