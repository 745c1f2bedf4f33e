using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using UserConsole.App.Components.Users;
using UserConsole.Domain.Access;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Components.Users;

public sealed class UserEditPageTests : UserConsoleTestContext
{
    private User _admin = null!;
    private User _admin2 = null!;
    private User _bob = null!;
    private Role _viewer = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await Domain.BootstrapAsync();
        await using (var db = await Domain.DbAsync())
        {
            var administrator = await db.Roles.SingleAsync(r => r.IsFirstAdminRole);
            _admin2 = await Domain.CreateUserAsync("admin2", administrator);
        }

        _viewer = await Domain.CreateRoleAsync("Viewer", Permissions.ViewUsersPage);
        _bob = await Domain.CreateUserAsync("bob", _viewer, fullName: "Bob Builder");
        // Signed in from a real session, where "Confirm it's you" records its proof.
        var session = await Domain.GetScoped<UserConsole.Domain.Sessions.SessionService>()
            .StartAsync(_admin2.Id, "192.0.2.1", "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", UserConsole.Domain.Sessions.SessionFactors.None);
        SignIn(_admin2, Permissions.AllKeys, new System.Security.Claims.Claim(UserConsole.App.Security.UserConsoleClaims.SessionId, session.ToString()));
        _dialogs = RenderMudProviders();
    }

    /// <summary>"Confirm it's you" opened over the page: the admin types their password and confirms.</summary>
    private void ConfirmItsYou(string password = TestPasswords.Strong)
    {
        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain("This is a sensitive action. Enter your password to go on."));
        _dialogs.InputByLabel("Your password").Change(password);
        _dialogs.Find("#confirm-its-you-form").Submit();
    }

    private IRenderedComponent<UserEditPage> RenderPage(Guid userId)
    {
        var page = Render<UserEditPage>(p => p.Add(x => x.UserId, userId));
        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldStartWith("Edit user"), TimeSpan.FromSeconds(5));
        return page;
    }

    [Fact]
    public void FirstAdmin_RoleIsLockedWithTheReason_AndDisableUserIsAbsentWithTheReason()
    {
        var page = RenderPage(_admin.Id);

        page.InputByLabel("Role").HasAttribute("disabled").ShouldBeTrue();
        page.FieldMessage("Role").ShouldBe("The first admin's role cannot be changed.");
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Disable user");
        page.Markup.ShouldContain("Disable user is not available: The first admin cannot be disabled.");
        page.InputByLabel("Production servers").GetAttribute("value").ShouldBe("All");
        page.FieldMessage("Production servers").ShouldBe("The first admin always has access to all servers and storages.");
        page.Markup.ShouldContain("First admin");
    }

    [Fact]
    public async Task FirstAdmin_SeenByAnotherAdministrator_LocksResetPasswordDisable2faAndTheNamesWithTheReason()
    {
        await using (var db = await Domain.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _admin.Id)).EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        var page = RenderPage(_admin.Id);

        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Reset password");
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Disable 2FA");
        page.Markup.ShouldContain("Reset password is not available: " + UserRules.FirstAdminResetPassword.Message);
        page.Markup.ShouldContain("Disable 2FA is not available: " + UserRules.FirstAdminDisableTwoFactor.Message);
        page.InputByLabel("Username").HasAttribute("disabled").ShouldBeTrue();
        page.InputByLabel("Email").HasAttribute("disabled").ShouldBeTrue();
        page.FieldMessage("Username").ShouldBe("Only the first admin changes their own username or email.");
        page.InputByLabel("Full name").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public async Task UserWithAnExpiredOneTimePassword_ShowsOneTimePasswordExpired()
    {
        await using (var db = await Domain.DbAsync())
        {
            var bob = await db.Users.SingleAsync(u => u.Id == _bob.Id);
            bob.SetGeneratedPassword(Domain.HashOf(TestPasswords.OtherStrong), Domain.Clock.GetUtcNow().UtcDateTime.AddHours(-25));
            await db.SaveChangesAsync();
        }

        var page = RenderPage(_bob.Id);

        page.Markup.ShouldContain("One-time password expired");
        page.Markup.ShouldNotContain("pending until");
    }

    [Fact]
    public void OrdinaryUser_OffersDisableUser_ButNotDisable2fa_WhileTwoFactorIsOff()
    {
        var page = RenderPage(_bob.Id);

        page.InputByLabel("Role").HasAttribute("disabled").ShouldBeFalse();
        page.FindAll("button").ShouldContain(b => b.TextContent.Trim() == "Disable user");
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Disable 2FA");
    }

    [Fact]
    public async Task UserWithTwoFactorOn_OffersDisable2fa()
    {
        await using (var db = await Domain.DbAsync())
        {
            var bob = await db.Users.SingleAsync(u => u.Id == _bob.Id);
            bob.EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        var page = RenderPage(_bob.Id);

        page.FindAll("button").ShouldContain(b => b.TextContent.Trim() == "Disable 2FA");
        page.Markup.ShouldContain("2FA on");
    }

    [Fact]
    public async Task Disable2fa_AfterConfirming_ThePageShows2faOff()
    {
        await using (var db = await Domain.DbAsync())
        {
            var bob = await db.Users.SingleAsync(u => u.Id == _bob.Id);
            bob.EnableTwoFactor("protected-secret", 1);
            await db.SaveChangesAsync();
        }

        var page = RenderPage(_bob.Id);

        page.ButtonByText("Disable 2FA").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain("Disable 2FA for 'bob'?"));
        _dialogs.FindAll("button").Last(b => b.TextContent.Trim() == "Disable 2FA").Click();
        ConfirmItsYou();

        page.WaitForAssertion(() => page.Markup.ShouldContain("2FA off"), TimeSpan.FromSeconds(5));
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Disable 2FA");
        await using var check = await Domain.DbAsync();
        (await check.Users.SingleAsync(u => u.Id == _bob.Id)).TwoFactorEnabled.ShouldBeFalse();
    }

    [Fact]
    public void ResetPassword_AfterConfirming_ShowsANewOneTimePassword()
    {
        var page = RenderPage(_bob.Id);

        page.ButtonByText("Reset password").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain("Reset the password of 'bob'?"));
        _dialogs.FindAll("button").Last(b => b.TextContent.Trim() == "Reset password").Click();
        ConfirmItsYou();

        _dialogs.WaitForAssertion(() => _dialogs.Markup.ShouldContain("New password for bob"), TimeSpan.FromSeconds(5));
        var password = _dialogs.InputByLabel("One-time password").GetAttribute("value")!;
        password.Length.ShouldBeGreaterThanOrEqualTo(16);
        Snackbars.WaitForAssertion(() => Snackbars.Text().ShouldContain("Password reset for 'bob'"));
    }

    [Fact]
    public async Task ResetPassword_WithAWrongConfirmation_SaysSoAtTheField_AndResetsNothing_ThenCancelDoesNothing()
    {
        var stampBefore = (await LoadAsync(_bob.Id)).SecurityStamp;
        var page = RenderPage(_bob.Id);

        page.ButtonByText("Reset password").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain("Reset the password of 'bob'?"));
        _dialogs.FindAll("button").Last(b => b.TextContent.Trim() == "Reset password").Click();
        ConfirmItsYou("not the password at all");

        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain(UserConsole.Domain.Access.StepUpRules.PasswordWrong.Message));
        _dialogs.InputByLabel("Your password").GetAttribute("value").ShouldBeNullOrEmpty();
        (await LoadAsync(_admin2.Id)).AccessFailedCount.ShouldBe(1);
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldNotContain("Confirm it's you"));
        _dialogs.Markup.ShouldNotContain("New password for bob");
        var after = await LoadAsync(_bob.Id);
        (after.SecurityStamp, after.MustChangePassword).ShouldBe((stampBefore, false));
    }

    [Fact]
    public async Task DisableUser_ConfirmedWithAnAuthenticatorCode_DisablesTheUser()
    {
        const string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await using (var db = await Domain.DbAsync())
        {
            var admin2 = await db.Users.SingleAsync(u => u.Id == _admin2.Id);
            var protector = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.CreateProtector(
                Domain.Get<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), UserConsole.Domain.Profile.TwoFactorService.ProtectorPurpose);
            admin2.EnableTwoFactor(Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.Protect(protector, secret), 0);
            await db.SaveChangesAsync();
        }

        var page = RenderPage(_bob.Id);
        page.ButtonByText("Disable user").Click();
        _dialogs.WaitForAssertion(() => _dialogs.Text().ShouldContain("Disable user 'bob'?"));
        _dialogs.FindAll("button").Last(b => b.TextContent.Trim() == "Disable user").Click();

        _dialogs.WaitForAssertion(() => _dialogs.FindAll("button").ShouldContain(b => b.TextContent.Trim() == "Use an authenticator code instead"));
        _dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Use an authenticator code instead").Click();
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp(Domain.Clock.GetUtcNow().UtcDateTime);
        _dialogs.WaitForAssertion(() => _dialogs.InputByLabel("Authentication code"));
        _dialogs.InputByLabel("Authentication code").Change(code);
        _dialogs.Find("#confirm-its-you-form").Submit();

        Snackbars.WaitForAssertion(() => Snackbars.Text().ShouldContain("User 'bob' disabled"), TimeSpan.FromSeconds(5));
        (await LoadAsync(_bob.Id)).IsEnabled.ShouldBeFalse();
    }

    private async Task<User> LoadAsync(Guid id)
    {
        await using var db = await Domain.DbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    [Fact]
    public async Task Save_AfterSomeoneElseChangedTheUser_ShowsTheConflictWithReload_AndOverwritesNothing()
    {
        var page = RenderPage(_bob.Id);
        var edit = (await Domain.GetScoped<UserAdministration>().GetAsync(DomainTestContext.As(_admin), _bob.Id)).Value;
        (await Domain.GetScoped<UserAdministration>().UpdateAsync(DomainTestContext.As(_admin), new UpdateUserInput
        {
            UserId = edit.Id,
            ConcurrencyStamp = edit.ConcurrencyStamp,
            UserName = edit.UserName,
            Email = edit.Email,
            RoleId = edit.RoleId,
            FullName = "Changed elsewhere",
        })).Succeeded.ShouldBeTrue();

        page.InputByLabel("Full name").Input("Changed here");
        page.Find("form").Submit();

        page.WaitForAssertion(() => page.Markup.ShouldContain("This user was changed by someone else. Reload to see the changes."), TimeSpan.FromSeconds(5));
        await using (var db = await Domain.DbAsync())
        {
            (await db.Users.SingleAsync(u => u.Id == _bob.Id)).FullName.ShouldBe("Changed elsewhere");
        }

        page.ButtonByText("Reload").Click();
        page.WaitForAssertion(() => page.InputByLabel("Full name").GetAttribute("value").ShouldBe("Changed elsewhere"), TimeSpan.FromSeconds(5));
        page.Markup.ShouldNotContain("changed by someone else");
    }

    [Fact]
    public void ViewOnlyActor_SeesTheUserButCannotSave()
    {
        SignIn(_bob, [Permissions.ViewUsersPage]);

        var page = Render<UserEditPage>(p => p.Add(x => x.UserId, _admin2.Id));

        page.WaitForAssertion(() => page.Find("h1").TextContent.ShouldBe("User admin2"), TimeSpan.FromSeconds(5));
        page.InputByLabel("Username").HasAttribute("disabled").ShouldBeTrue();
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Save changes");
        page.FindAll("button").ShouldNotContain(b => b.TextContent.Trim() == "Reset password");
    }
}
