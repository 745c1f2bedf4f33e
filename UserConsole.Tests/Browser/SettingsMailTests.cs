using Microsoft.Playwright;
using UserConsole.Domain.Settings;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>An administrator fills the SMTP form on the Settings page, saves it and sends the test email, which the
/// test reads from a real SMTP server on loopback; the stored password never comes back to the page. The same
/// administrator changes the session idle limit in the Security policy, and a new session is held to it.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SettingsMailTests(AdminReadyFixture fixture) : IClassFixture<AdminReadyFixture>
{
    [Fact]
    public async Task Admin_FillsTheSmtpForm_SendsTheTestEmailAndItArrives()
    {
        await using var smtp = await TestSmtpServer.RequireUser("mailer", "Browser-Smtp-Pass-1");
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("admin", TestPasswords.Strong);
        await page.GotoAsync("/settings");
        await page.WaitForInteractiveAsync();

        await page.GetByLabel("SMTP host").FillAsync("127.0.0.1");
        await page.GetByLabel("Port").FillAsync(smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Security", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "None" }).ClickAsync();
        await page.GetByLabel("SMTP user name").FillAsync("mailer");
        await page.GetByLabel("SMTP password").FillAsync("Browser-Smtp-Pass-1");
        await page.GetByLabel("From address").FillAsync("console@example.test");
        await page.GetByLabel("From display name").FillAsync("Console under test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Email settings saved.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Send test email" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Test email sent to admin@localhost.")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await smtp.WaitForAsync(1);
        var mail = smtp.Received.Single().Message;
        mail.Subject.ShouldBe(SettingsService.TestSubject);
        mail.To.Mailboxes.Single().Address.ShouldBe("admin@localhost");
        mail.From.Mailboxes.Single().Address.ShouldBe("console@example.test");
        (await page.ContentAsync()).ShouldNotContain("Browser-Smtp-Pass-1");
        await Assertions.Expect(page.GetByText("A password is stored: leave empty to keep the current password")).ToBeVisibleAsync();
        fixture.CspViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task Admin_ChangesTheIdleLimit_OutOfBoundsIsRefusedAtTheField_AndANewSessionIsHeldToTheNewLimit()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("admin", TestPasswords.Strong);
        await page.GotoAsync("/settings");
        await page.WaitForInteractiveAsync();
        var idle = page.GetByLabel("Session idle limit (minutes)");
        await Assertions.Expect(idle).ToHaveValueAsync("30");

        await idle.FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save security policy" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Enter a whole number from 5 to 480 (minutes).")).ToBeVisibleAsync();

        await idle.FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save security policy" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Security policy saved.", new() { Exact = false })).ToBeVisibleAsync();

        // A new sign-in in another browser: its session is held to 5 minutes without activity (the same limits the
        // session check ends it with; the domain tests prove the ending on a fake clock).
        var other = await fixture.NewPageAsync();
        await other.SignInAsync("admin", TestPasswords.Strong);
        await other.GotoAsync("/profile");
        await other.WaitForInteractiveAsync();
        await Assertions.Expect(other.GetByTestId("session-limits"))
            .ToHaveTextAsync("Sessions end after 5 minutes without activity and 12 hours after signing in.");
        fixture.CspViolations.ShouldBeEmpty();
    }
}
