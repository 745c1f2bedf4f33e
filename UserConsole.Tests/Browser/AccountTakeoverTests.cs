using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Browser;

/// <summary>A second holder of the Administrator role signed in beside the first admin: what they may no longer do.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccountTakeoverTests(AccountTakeoverTests.Fixture fixture) : IClassFixture<AccountTakeoverTests.Fixture>
{
    [Fact]
    public async Task SecondAdministrator_SeesResetPasswordLockedOnTheFirstAdminsEditPage()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync("admin2", TestPasswords.Strong);
        await page.GotoAsync($"/users/{fixture.FirstAdminId}");
        await page.WaitForInteractiveAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit user admin" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Reset password is not available: " + UserRules.FirstAdminResetPassword.Message)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reset password" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Username")).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByLabel("Email")).ToBeDisabledAsync();
        await page.AssertAccessibleAsync("the first admin's Edit page seen by another administrator");
    }

    public sealed class Fixture : AdminReadyFixture
    {
        public Guid FirstAdminId { get; private set; }

        protected override async Task ArrangeAsync(DomainTestContext database)
        {
            ArgumentNullException.ThrowIfNull(database);
            await base.ArrangeAsync(database);
            await using var db = await database.DbAsync();
            var administrator = await db.Roles.SingleAsync(r => r.IsFirstAdminRole);
            FirstAdminId = (await db.Users.SingleAsync(u => u.IsFirstAdmin)).Id;
            await database.CreateUserAsync("admin2", administrator);
            await database.CreateUserAsync("bob", OperatorRole);
        }
    }
}
