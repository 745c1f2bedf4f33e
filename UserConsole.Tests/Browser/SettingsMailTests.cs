using Microsoft.Playwright;
using UserConsole.Domain.Settings;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>An administrator fills the SMTP form on the Settings page, saves it and sends the test email, which the
/// test reads from a real SMTP server on loopback; the stored password never comes back to the page.</summary>
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
        await page.GetByLabel("Security").ClickAsync();
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
}
