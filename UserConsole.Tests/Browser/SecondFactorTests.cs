using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Sessions;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>Recovery codes and passkeys, as a person uses them: saved at enrolment and used at sign-in; a passkey
/// added on the profile (Chromium's virtual authenticator through the DevTools protocol) signs in without a password.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class SecondFactorTests(AdminReadyFixture fixture) : IClassFixture<AdminReadyFixture>
{
    private const string Password = TestPasswords.Strong;

    private static async Task SignOutAsync(IPage page, string userName)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Account menu of {userName}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login?reason=signed-out");
    }

    /// <summary>Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): a platform authenticator
    /// with user verification that answers at once, as a person touching the sensor would.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    private static async Task UseRecoveryCodeAsync(IPage page, string code)
    {
        await page.SignInAsync("gina", Password);
        await Assertions.Expect(page).ToHaveURLAsync(TwoFactorPage());
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Use a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in with the recovery code" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    [Fact]
    public async Task User_EnrolsTotp_SavesTheRecoveryCodes_SignsInWithOne_AndTheSameCodeIsRefusedNextTime()
    {
        await using var database = await fixture.AttachDatabaseAsync();
        var gina = await database.CreateUserAsync("gina", await database.CreateRoleAsync("gina role", Permissions.ViewMonitorPage));
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("gina", Password);
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Enable Two-Factor Authentication" }).ClickAsync();
        var secret = (await page.GetByLabel("Setup key", new PageGetByLabelOptions { Exact = true }).InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Verification code").FillAsync(new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Verify and turn on" }).ClickAsync();

        // After the renewed sign-in the page shows the ten codes once, to copy or download.
        var list = page.GetByRole(AriaRole.List, new PageGetByRoleOptions { Name = "Recovery codes" });
        await Assertions.Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await page.WaitForInteractiveAsync();
        var codes = (await list.GetByRole(AriaRole.Listitem).AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
        codes.ShouldAllBe(c => RecoveryCodeFormat().IsMatch(c));
        await page.AssertAccessibleAsync("the profile page showing new recovery codes");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download as .txt" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("userconsole-recovery-codes.txt");
        var saved = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        codes.ShouldAllBe(c => saved.Contains(c, StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "I have saved my recovery codes" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Recovery codes: 10 of 10 left")).ToBeVisibleAsync();
        await Assertions.Expect(list).ToHaveCountAsync(0);
        await SignOutAsync(page, "gina");

        // Password, then a recovery code instead of the authenticator app.
        await UseRecoveryCodeAsync(page, codes[2]);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, gina" })).ToBeVisibleAsync();
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("Recovery codes: 9 of 10 left")).ToBeVisibleAsync();
        await SignOutAsync(page, "gina");

        // The used code never works again.
        await UseRecoveryCodeAsync(page, codes[2]);
        await Assertions.Expect(page.GetByText("That recovery code is not right, or it was used before. Check it and try again.")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the recovery-code form with an error");
        page.Url.ShouldContain("/Account/LoginWith2fa");

        await using var db = await database.DbAsync();
        (await db.AuditEntries.CountAsync(a => a.Action == "user.recovery_code.used" && a.TargetId == gina.Id.ToString())).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.Action == "user.sign_in" && a.ErrorCode == "sign_in.wrong_recovery_code")).ShouldBe(1);
        (await db.Outbox.CountAsync(m => m.Kind == "security.recoverycodeused" && m.ToAddress == gina.Email)).ShouldBe(1);
        (await db.Sessions.CountAsync(s => s.UserId == gina.Id && s.SecondFactor == SessionFactors.RecoveryCode)).ShouldBe(1);
    }

    [Fact]
    public async Task User_AddsAPasskeyOnTheProfile_SignsInWithItWithoutAPassword_UsesItAfterAPassword_AndRemovesIt()
    {
        await using var database = await fixture.AttachDatabaseAsync();
        var hana = await database.CreateUserAsync("hana", await database.CreateRoleAsync("hana role", Permissions.ViewMonitorPage));
        var page = await fixture.NewLocalhostPageAsync();
        await AddVirtualAuthenticatorAsync(page);

        await page.SignInAsync("hana", Password);
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("You have no passkeys.")).ToBeVisibleAsync();

        // A name is needed first; then the authenticator makes the passkey and the profile lists it.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Give the passkey a name, such as the device or app that holds it.")).ToBeVisibleAsync();
        await page.GetByLabel("Passkey name").FillAsync("Test laptop");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The passkey \"Test laptop\" was added.")).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Your passkeys" });
        await Assertions.Expect(table.GetByRole(AriaRole.Row, new LocatorGetByRoleOptions { Name = "Test laptop" })).ToContainTextAsync("Never");
        await page.AssertAccessibleAsync("the profile page with a passkey");
        await SignOutAsync(page, "hana");

        // No name, no password: the passkey alone.
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, hana" })).ToBeVisibleAsync();
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Row, new LocatorGetByRoleOptions { Name = "Test laptop" })).Not.ToContainTextAsync("Never");
        await SignOutAsync(page, "hana");

        // After the password, the passkey is the second factor.
        await page.SignInAsync("hana", Password);
        await Assertions.Expect(page).ToHaveURLAsync(TwoFactorPage());
        await page.AssertAccessibleAsync("the two-factor sign-in page offering a passkey");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Welcome, hana" })).ToBeVisibleAsync();

        // Removed, after confirmation.
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Remove passkey Test laptop" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Remove passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("You have no passkeys.")).ToBeVisibleAsync();

        await using var db = await database.DbAsync();
        (await db.UserPasskeys.CountAsync(p => p.UserId == hana.Id)).ShouldBe(0);
        (await db.Sessions.CountAsync(s => s.UserId == hana.Id && s.SecondFactor == SessionFactors.Passkey)).ShouldBe(2);
        (await db.Outbox.CountAsync(m => m.Kind == "security.passkeyadded" && m.ToAddress == hana.Email)).ShouldBe(1);
        (await db.AuditEntries.CountAsync(a => a.Action == "user.passkey.add" && a.ActorUserName == "hana"
            && a.Outcome == UserConsole.Domain.Audit.AuditOutcome.Succeeded)).ShouldBe(1);
    }

    [Fact]
    public async Task Administrator_ConfirmsItsThemWithAPasskey_ThenDisable2faRemovesAPasskeyOnlyUsersPasskey()
    {
        await using var database = await fixture.AttachDatabaseAsync();
        var ines = await database.CreateUserAsync("ines", await database.CreateRoleAsync("ines helpdesk", Permissions.ViewUsersPage, Permissions.EditUsers, Permissions.ViewMonitorPage));
        var jon = await database.CreateUserAsync("jon", await database.CreateRoleAsync("jon role", Permissions.ViewMonitorPage));
        await using (var arrange = await database.DbAsync())
        {
            // Jon signs in with his password and a passkey (no authenticator app).
            arrange.UserPasskeys.Add(UserConsole.Domain.Users.UserPasskey.From(jon.Id, TestPasskeys.New(), "Jon's phone"));
            await arrange.SaveChangesAsync();
        }

        var page = await fixture.NewLocalhostPageAsync();
        await AddVirtualAuthenticatorAsync(page);
        await page.SignInAsync("ines", Password);
        await page.GotoAsync("/profile");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add a passkey" }).ClickAsync();
        await page.GetByLabel("Passkey name").FillAsync("Work key");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The passkey \"Work key\" was added.")).ToBeVisibleAsync();

        // A passkey is a second factor: Jon's Edit page says 2FA is on and offers Disable 2FA.
        await page.GotoAsync($"/users/{jon.Id}");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByText("2FA on", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Disable 2FA" }).ClickAsync();
        var disableDialog = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Disable 2FA for 'jon'?" });
        await Assertions.Expect(disableDialog).ToContainTextAsync("passkeys are removed");
        await disableDialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Disable 2FA" }).ClickAsync();

        // "Confirm it's you" offers her passkey; the authenticator answers and the action goes on.
        var confirm = page.GetByRole(AriaRole.Dialog, new PageGetByRoleOptions { Name = "Confirm it's you" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the Confirm it's you dialog offering a passkey");
        await confirm.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Use a passkey instead" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("2FA disabled for 'jon'")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("2FA off", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();

        await using var db = await database.DbAsync();
        (await db.UserPasskeys.CountAsync(p => p.UserId == jon.Id)).ShouldBe(0);
        (await db.UserPasskeys.CountAsync(p => p.UserId == ines.Id)).ShouldBe(1);
        (await db.Sessions.SingleAsync(s => s.UserId == ines.Id && s.EndedAt == null)).ReauthenticatedWith.ShouldBe(SessionProofs.Passkey);
        (await db.AuditEntries.CountAsync(a => a.Action == "session.reauthenticate" && a.ActorUserName == "ines"
            && a.Outcome == UserConsole.Domain.Audit.AuditOutcome.Succeeded)).ShouldBe(1);
    }

    [GeneratedRegex("/Account/LoginWith2fa")]
    private static partial Regex TwoFactorPage();

    [GeneratedRegex("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")]
    private static partial Regex RecoveryCodeFormat();
}
