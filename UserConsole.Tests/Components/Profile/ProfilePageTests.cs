using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtpNet;
using UserConsole.App.Components.Account;
using UserConsole.App.Components.Profile;
using UserConsole.Domain.Access;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Components.Profile;

/// <summary>The profile page over the real domain services and database.</summary>
public sealed class ProfilePageTests : UserConsoleTestContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Domain.BootstrapAsync();
    }

    protected override void AddServices()
    {
        Services.AddSingleton(new SessionRenewalTickets(new EphemeralDataProtectionProvider(), Domain.Clock));
        Services.AddSingleton(Options.Create(new IdentityOptions()));
        Services.AddScoped<SessionRenewal>();
        Services.AddSingleton(new RecoveryCodeHandoff(Domain.Clock));
    }

    private async Task<User> SignInAsNewUserAsync(params string[] permissions)
    {
        var role = await Domain.CreateRoleAsync("Operators", permissions);
        var user = await Domain.CreateUserAsync("dana", role, fullName: "Dana Doe");
        SignIn(user, Permissions.WithImplied(permissions), new Claim(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp!));
        return user;
    }

    private static IEnumerable<string> ButtonTexts(IRenderedComponent<ProfilePage> page) =>
        page.FindAll("button").Select(b => b.TextContent.Trim());

    private static void Toggle(IRenderedComponent<ProfilePage> page, string label) =>
        page.FindAll("label").Single(l => l.TextContent.Trim() == label).QuerySelector("input")!.Change(true);

    [Fact]
    public async Task Render_WithoutEmailNotificationsPermission_HidesTheTogglesAndNamesTheMissingPermission()
    {
        await SignInAsNewUserAsync(Permissions.ViewMonitorPage);

        var page = Render<ProfilePage>();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Backup notifications (email)"));
        page.Markup.ShouldContain("Email notifications");
        page.Markup.ShouldContain("email_notifications");
        page.FindAll("label").Select(l => l.TextContent.Trim()).ShouldNotContain("Backup Starting");
        ButtonTexts(page).ShouldNotContain("Save notifications");
    }

    [Fact]
    public async Task SaveNotifications_WithThePermission_StoresTheChoices()
    {
        var user = await SignInAsNewUserAsync(Permissions.ViewMonitorPage, Permissions.EmailNotifications);
        var page = Render<ProfilePage>();
        page.WaitForAssertion(() => ButtonTexts(page).ShouldContain("Save notifications"));
        page.FindAll(".mud-alert-text-error").ShouldBeEmpty("no error is shown before anything went wrong");

        Toggle(page, "Backup Errors");
        Toggle(page, "48 h");
        page.ButtonByText("Save notifications").Click();

        await page.WaitForAssertionAsync(async () =>
        {
            await using var db = await Domain.DbAsync();
            var stored = (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id)).Notifications;
            (stored.BackupErrors, stored.BackupStarting, stored.RunningTimeAlerts).ShouldBe((true, false, RunningTimeAlerts.Hours48));
        });
    }

    [Fact]
    public async Task EnableTwoFactor_WithWrongThenRightCode_ShowsTheErrorAtTheFieldThenRenewsTheSignIn()
    {
        var user = await SignInAsNewUserAsync(Permissions.ViewMonitorPage);
        var page = Render<ProfilePage>();
        page.WaitForAssertion(() => ButtonTexts(page).ShouldContain("Enable Two-Factor Authentication"));

        page.ButtonByText("Enable Two-Factor Authentication").Click();
        page.WaitForAssertion(() => page.Find(".qr-code svg"));
        var secret = page.InputByLabel("Setup key").TextContent.Trim().Replace(" ", "", StringComparison.Ordinal);
        var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Domain.Clock.GetUtcNow().UtcDateTime);
        var wrong = code == "000000" ? "111111" : "000000";

        page.InputByLabel("Verification code").Change(wrong);
        page.ButtonByText("Verify and turn on").Click();
        page.WaitForAssertion(() => page.FieldMessage("Verification code").ShouldStartWith("That code is not right"));

        page.InputByLabel("Verification code").Change(code);
        page.ButtonByText("Verify and turn on").Click();

        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        page.WaitForAssertion(() => navigation.Uri.ShouldContain("/Account/RefreshSignIn?ticket="));
        await using var db = await Domain.DbAsync();
        (await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, Xunit.TestContext.Current.CancellationToken)).TwoFactorEnabled.ShouldBeTrue();
    }

    [Fact]
    public async Task Render_ShowsRoleAndAccessAsManagedByAnAdministrator()
    {
        await SignInAsNewUserAsync(Permissions.ViewMonitorPage);

        var page = Render<ProfilePage>();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Managed by an administrator."));
        page.Find("dl").TextContent.ShouldContain("Operators");
        page.Find("dl").TextContent.ShouldContain("all, including ones added later");
    }
}
