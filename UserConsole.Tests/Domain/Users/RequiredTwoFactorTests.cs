using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Persistence;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Users;

/// <summary>"Require two-factor authentication" on a role: a holder without a second factor is no actor (every page
/// and operation refused) until they set one up, which is the one thing they may do.</summary>
public sealed class RequiredTwoFactorTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync()
    {
        _w = await AdminWorld.CreateAsync();
        // The manager makes the viewers' role require 2FA (no proof needed: it gives no administration).
        var edit = await RoleEditAsync(_w.ViewerRole);
        edit.RequireTwoFactor = true;
        (await _w.Roles.UpdateAsync(DomainTestContext.As(_w.Manager), edit)).Succeeded.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private ActingUser Viewer => DomainTestContext.As(_w.Viewer);

    [Fact]
    public async Task TheRoleFlag_IsSavedShownAndAudited()
    {
        (await _w.Roles.GetAsync(DomainTestContext.As(_w.Admin), _w.ViewerRole.Id)).Value.RequiresTwoFactor.ShouldBeTrue();
        var entry = (await _w.AuditAsync()).Last(a => a.Action == "role.update");
        entry.Changes.ShouldNotBeNull();
        entry.Changes.ShouldContain("RequireTwoFactor");
    }

    [Fact]
    public async Task AHolderWithoutASecondFactor_IsRefusedEveryPage_AndEveryOperation()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            (await ActorLoader.LoadAccessAsync(db, _w.Viewer.Id))!.AccountRefusal.ShouldBe(AccessRules.SecondFactorNotSet);
            foreach (var permission in Permissions.AllKeys)
            {
                (await ActorLoader.RequireAsync(db, Viewer, permission)).Error.ShouldBe(ActorLoader.SessionEnded, permission);
            }
        }

        (await _w.Users.ListAsync(Viewer, new UserListQuery())).Error.ShouldBe(ActorLoader.SessionEnded);
        (await _w.Roles.ListAsync(Viewer)).Error.ShouldBe(ActorLoader.SessionEnded);
        (await _w.Context.GetScoped<ProfileService>().GetAsync(Viewer)).Error.ShouldBe(ActorLoader.SessionEnded);
        (await _w.Context.GetScoped<AuditLog>().ListAsync(Viewer, new AuditQuery())).Error.ShouldBe(ActorLoader.SessionEnded);
        var before = await _w.Context.SnapshotWithoutAuditAsync();
        (await _w.Context.GetScoped<ProfileService>().UpdateDetailsAsync(Viewer, new AccountDetailsInput
        {
            Email = "viewer@example.test", FullName = "V", ConcurrencyStamp = (await _w.ReloadAsync(_w.Viewer)).ConcurrencyStamp!,
        })).Error.ShouldBe(ActorLoader.SessionEnded);
        (await _w.Context.SnapshotWithoutAuditAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task APasskeyAlone_SatisfiesTheRequirement_AndTheListNoLongerFindsTheHolder()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            db.UserPasskeys.Add(UserPasskey.From(_w.Viewer.Id, new UserPasskeyInfo(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
                System.Security.Cryptography.RandomNumberGenerator.GetBytes(77), DateTimeOffset.UtcNow, 0, ["internal"],
                isUserVerified: true, isBackupEligible: false, isBackedUp: false, [1, 2, 3], [4, 5, 6]), "Laptop"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        (await _w.Users.ListAsync(Viewer, new UserListQuery())).Succeeded.ShouldBeTrue("a passkey is a second factor");
        var page = (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { TwoFactorRequiredNotSetUp = true })).Value;
        page.Items.ShouldNotContain(i => i.Id == _w.Viewer.Id);
    }

    [Fact]
    public async Task SettingUpAnAuthenticator_IsAllowed_AndThenTheHolderActs()
    {
        var twoFactor = _w.TwoFactor;
        var enrollment = (await twoFactor.BeginEnrollmentAsync(Viewer)).Value;
        var code = new Totp(Base32Encoding.ToBytes(enrollment.Secret)).ComputeTotp(_w.Context.Clock.GetUtcNow().UtcDateTime);

        (await twoFactor.ConfirmEnrollmentAsync(Viewer, enrollment.Secret, code)).Succeeded.ShouldBeTrue();

        (await _w.Users.ListAsync(Viewer, new UserListQuery())).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task TheUsersList_FiltersThoseWhoMustStillSetItUp()
    {
        // Make Support's role require it too; OperatorWide (2FA on) holds a role that does not.
        var edit = await RoleEditAsync(_w.SupportRole);
        edit.RequireTwoFactor = true;
        (await _w.Roles.UpdateAsync(DomainTestContext.As(_w.Admin), edit)).Succeeded.ShouldBeTrue();
        await using (var db = await _w.Context.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _w.Support.Id)).EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        var page = (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { TwoFactorRequiredNotSetUp = true })).Value;

        page.Items.Select(u => u.UserName).ShouldBe(["viewer"]);
        (await _w.Users.ListAsync(DomainTestContext.As(_w.Admin), new UserListQuery { TwoFactorRequiredNotSetUp = true, Search = "sup" })).Value.Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnAdministratorTurningOffTheHoldersTwoFactor_HoldsThemBackAgain()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _w.Viewer.Id)).EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        (await _w.Roles.ListAsync(Viewer)).Succeeded.ShouldBeTrue();
        (await _w.TwoFactor.DisableAsync(await _w.ProveAsync(_w.Support), _w.Viewer.Id, null)).Succeeded.ShouldBeTrue();

        (await _w.Roles.ListAsync(Viewer)).Error.ShouldBe(ActorLoader.SessionEnded);
    }

    private async Task<UpdateRoleInput> RoleEditAsync(Role role)
    {
        await using UserConsoleDbContext db = await _w.Context.DbAsync();
        var current = await db.Roles.AsNoTracking().Include(r => r.Permissions).SingleAsync(r => r.Id == role.Id);
        return new UpdateRoleInput
        {
            RoleId = current.Id, ConcurrencyStamp = current.ConcurrencyStamp, Name = current.Name, Description = current.Description,
            Permissions = [.. current.PermissionKeys], RequireTwoFactor = current.RequiresTwoFactor,
        };
    }
}
