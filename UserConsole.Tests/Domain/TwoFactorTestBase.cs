using Microsoft.EntityFrameworkCore;
using OtpNet;
using UserConsole.Domain.Access;
using UserConsole.Domain.Profile;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain;

/// <summary>What the two-factor test classes share: a bootstrapped admin, Alice (an operator without 2FA), the
/// service, the fake clock's time and a way to enrol. The members are <c>private protected</c>: visible to the
/// test classes of this assembly only.</summary>
public abstract class TwoFactorTestBase : IAsyncLifetime
{
    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected DomainTestContext _ctx = null!;
    private protected User _admin = null!;
    private protected User _alice = null!;

    public async ValueTask InitializeAsync()
    {
        _ctx = await DomainTestContext.CreateAsync();
        _admin = await _ctx.BootstrapAsync();
        var operators = await _ctx.CreateRoleAsync("Operators", Permissions.ViewMonitorPage);
        _alice = await _ctx.CreateUserAsync("alice", operators);
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected TwoFactorService Service => _ctx.GetScoped<TwoFactorService>();

    private protected DateTime Now => _ctx.Clock.GetUtcNow().UtcDateTime;

    private protected static string CodeAt(string secret, DateTime time) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(time);

    private protected async Task<User> LoadAsync(Guid id)
    {
        await using var db = await _ctx.DbAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == id);
    }

    /// <summary>Enrols a user with a correct code and moves the clock to a later step, as a later sign-in would be.</summary>
    private protected async Task<string> EnrollAsync(User user)
    {
        var enrollment = (await Service.BeginEnrollmentAsync(DomainTestContext.As(user))).Value;
        (await Service.ConfirmEnrollmentAsync(DomainTestContext.As(user), enrollment.Secret, CodeAt(enrollment.Secret, Now))).Succeeded.ShouldBeTrue();
        _ctx.Clock.Advance(TimeSpan.FromMinutes(5));
        return enrollment.Secret;
    }
}
