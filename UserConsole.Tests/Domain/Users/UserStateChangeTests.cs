using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Changes;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Users;

/// <summary>Disabling and enabling, resetting the password and deleting a user: each ends the user's sessions.</summary>
public sealed class UserStateChangeTests : IAsyncLifetime
{
    private AdminWorld _w = null!;

    public async ValueTask InitializeAsync() => _w = await AdminWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    private static ActingUser As(User user) => DomainTestContext.As(user);


    [Fact]
    public async Task ResetPasswordAsync_TheNewPasswordIsPendingForTheValidity_ThenTheListAndEditPageSayItExpired()
    {
        var issuedAt = _w.Context.Clock.GetUtcNow().UtcDateTime;
        (await _w.Users.ResetPasswordAsync(await _w.ProveAsync(_w.Support), _w.OperatorWide.Id, await _w.StampOfAsync(_w.OperatorWide))).Succeeded.ShouldBeTrue();

        (await _w.Users.GetAsync(As(_w.Support), _w.OperatorWide.Id)).Value.OneTimePassword
            .ShouldBe(new PendingOneTimePassword(issuedAt + SecurityPolicy.Default.OneTimePasswordValidity, Expired: false));
        _w.Context.Clock.Advance(SecurityPolicy.Default.OneTimePasswordValidity);

        (await _w.Users.GetAsync(As(_w.Support), _w.OperatorWide.Id)).Value.OneTimePassword!.Expired.ShouldBeTrue();
        var rows = (await _w.Users.ListAsync(As(_w.Support), new UserListQuery { PageSize = 100 })).Value.Items;
        rows.Single(r => r.Id == _w.OperatorWide.Id).OneTimePassword!.Expired.ShouldBeTrue();
        rows.Single(r => r.Id == _w.Support.Id).OneTimePassword.ShouldBeNull();
        await using var db = await _w.Context.DbAsync();
        var user = await db.Users.SingleAsync(u => u.Id == _w.OperatorWide.Id);
        _w.Context.GetScoped<AccountService>().SignsInWithExpiredOneTimePassword(user, "not the generated one").ShouldBeFalse();
    }

    [Fact]
    public async Task DisableAsync_EndsSessions_AndTheUserCanNoLongerAct()
    {
        var before = await _w.ReloadAsync(_w.OperatorWide);

        (await _w.Users.DisableAsync(await _w.ProveAsync(_w.Support), _w.OperatorWide.Id, before.ConcurrencyStamp!)).Succeeded.ShouldBeTrue();

        var after = await _w.ReloadAsync(_w.OperatorWide);
        after.IsEnabled.ShouldBeFalse();
        after.SecurityStamp.ShouldNotBe(before.SecurityStamp);
        await using var db = await _w.Context.DbAsync();
        (await ActorLoader.LoadAsync(db, _w.OperatorWide.Id)).ShouldBeNull();
        _w.Context.Changes.Published[^1].Action.ShouldBe(ChangeAction.Disabled);

        (await _w.Users.EnableAsync(As(_w.Support), _w.OperatorWide.Id, after.ConcurrencyStamp!)).Succeeded.ShouldBeTrue();
        (await _w.ReloadAsync(_w.OperatorWide)).IsEnabled.ShouldBeTrue();
    }

    [Fact]
    public async Task ResetPasswordAsync_ReplacesThePassword_ClearsLockout_AndEndsSessions()
    {
        await using (var db = await _w.Context.DbAsync())
        {
            var target = await db.Users.SingleAsync(u => u.Id == _w.OperatorWide.Id);
            target.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(10);
            target.AccessFailedCount = 5;
            await db.SaveChangesAsync();
        }

        var before = await _w.ReloadAsync(_w.OperatorWide);

        var reset = await _w.Users.ResetPasswordAsync(await _w.ProveAsync(_w.Support), _w.OperatorWide.Id, before.ConcurrencyStamp!);

        reset.Succeeded.ShouldBeTrue();
        reset.Value.UserName.ShouldBe("op-wide");
        var after = await _w.ReloadAsync(_w.OperatorWide);
        var hasher = _w.Context.GetScoped<IPasswordHasher<User>>();
        hasher.VerifyHashedPassword(after, after.PasswordHash!, TestPasswords.Strong).ShouldBe(PasswordVerificationResult.Failed);
        hasher.VerifyHashedPassword(after, after.PasswordHash!, reset.Value.Password).ShouldBe(PasswordVerificationResult.Success);
        after.MustChangePassword.ShouldBeTrue();
        after.LockoutEnd.ShouldBeNull();
        after.AccessFailedCount.ShouldBe(0);
        after.SecurityStamp.ShouldNotBe(before.SecurityStamp);
        _w.Context.Changes.Published[^1].Action.ShouldBe(ChangeAction.PasswordReset);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheUserAndTheirScope()
    {
        var stamp = await _w.StampOfAsync(_w.OperatorNarrow);

        (await _w.Users.DeleteAsync(await _w.ProveAsync(_w.Manager), _w.OperatorNarrow.Id, stamp)).Succeeded.ShouldBeTrue();

        await using var db = await _w.Context.DbAsync();
        (await db.Users.AnyAsync(u => u.Id == _w.OperatorNarrow.Id)).ShouldBeFalse();
        (await db.UserProductionServers.AnyAsync(s => s.UserId == _w.OperatorNarrow.Id)).ShouldBeFalse();
        var entry = (await _w.AuditAsync())[^1];
        entry.Action.ShouldBe("user.delete");
        ChangeSet.Parse(entry.Changes)["UserName"].Before.ShouldBe("op-narrow");
        _w.Context.Changes.Published[^1].Action.ShouldBe(ChangeAction.Deleted);
    }
}
