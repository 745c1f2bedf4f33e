using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.App.Components.Settings;
using UserConsole.Domain.Access;
using UserConsole.Domain.Mail;
using UserConsole.Domain.Settings;
using UserConsole.Domain.Users;

namespace UserConsole.Tests.Components.Settings;

/// <summary>The Settings page over the real domain services and database.</summary>
public sealed class SettingsPageTests : UserConsoleTestContext
{
    private const string StoredPassword = "Stored-Smtp-Pass-99";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Domain.BootstrapAsync();
        var saved = await Domain.GetScoped<SettingsService>().SaveMailAsync(new ActingUser(admin.Id), new MailSettingsInput
        {
            Host = "smtp.example.test",
            Port = 587,
            Security = SmtpSecurity.StartTls,
            UserName = "mailer",
            Password = StoredPassword,
            FromAddress = "backups@example.test",
        });
        saved.Succeeded.ShouldBeTrue();
    }

    private async Task<User> SignInAsync(params string[] permissions)
    {
        var role = await Domain.CreateRoleAsync("Settings people", permissions);
        var user = await Domain.CreateUserAsync("sam", role);
        SignIn(user, Permissions.WithImplied(permissions), new Claim(new IdentityOptions().ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp!));
        return user;
    }

    [Fact]
    public async Task Render_WithoutEditSettings_IsReadOnlyAndNeverShowsTheStoredPassword()
    {
        await SignInAsync(Permissions.ViewSettingsPage);

        var page = Render<SettingsPage>();

        page.WaitForAssertion(() => page.Markup.ShouldContain("Email (SMTP)"));
        page.Markup.ShouldContain("You can see the settings but not change them");
        var buttons = page.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        buttons.ShouldNotContain("Save email settings");
        buttons.ShouldNotContain("Send test email");
        page.FindAll("input[type=text], input[type=password], input[type=email]").ShouldAllBe(i => i.HasAttribute("readonly"));
        page.Find("input[type=password]").GetAttribute("value").ShouldBeNullOrEmpty();
        page.Markup.ShouldContain("leave empty to keep the current password");
        page.Markup.ShouldNotContain(StoredPassword);
        page.Markup.ShouldContain("smtp.example.test");
    }

    [Fact]
    public async Task Save_MalformedPort_ShowsTheMessageAtTheFieldAndChangesNothing()
    {
        await SignInAsync(Permissions.ViewSettingsPage, Permissions.EditSettings);
        var page = Render<SettingsPage>();
        page.WaitForAssertion(() => page.ButtonByText("Save email settings").HasAttribute("disabled").ShouldBeFalse());

        page.Find("input[inputmode=numeric], .mud-input-numeric input, input[type=number]").Change("70000");
        page.ButtonByText("Save email settings").Click();

        page.WaitForAssertion(() => page.Markup.ShouldContain("The port is a number from 1 to 65535"));
        await using var db = await Domain.DbAsync();
        (await db.MailSettings.AsNoTracking().SingleAsync()).Port.ShouldBe(587);
        page.Markup.ShouldNotContain(StoredPassword);
    }
}
