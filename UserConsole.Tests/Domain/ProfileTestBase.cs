using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Roles;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>What the profile test classes share: Alice (an operator with e-mail notifications), the service and
/// her stored details. The members are <c>private protected</c>: visible to the test classes of this assembly only.</summary>
public abstract class ProfileTestBase : IAsyncLifetime
{
    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected DomainTestContext _ctx = null!;
    private protected Role _operators = null!;
    private protected User _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        await _ctx.BootstrapAsync();
        _operators = await _ctx.CreateRoleAsync("Operators", Permissions.ViewMonitorPage, Permissions.EmailNotifications);
        _alice = await _ctx.CreateUserAsync("alice", _operators, email: "alice@example.test", fullName: "Alice Archer", company: "Acme");
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected ProfileService Service => _ctx.GetScoped<ProfileService>();

    private protected async Task<User> LoadAsync(Guid id)
    {
        await using var db = await _ctx.DbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    private protected async Task<AccountDetailsInput> DetailsOfAsync(User user)
    {
        var current = await LoadAsync(user.Id);
        return new AccountDetailsInput
        {
            FullName = current.FullName,
            Company = current.Company,
            Email = current.Email!,
            ConcurrencyStamp = current.ConcurrencyStamp!,
        };
    }
}
