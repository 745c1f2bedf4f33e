using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Audit;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Audit;

/// <summary>A failed sign-in names only accounts: what people type into the name field is often their password.</summary>
public sealed class AuditSecretsTests : IAsyncLifetime
{
    private DomainTestContext _context = null!;
    private User _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _admin = await _context.BootstrapAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private async Task<AuditEntry> LastAsync()
    {
        await using var db = await _context.DbAsync();
        return await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).FirstAsync();
    }

    [Fact]
    public async Task RecordFailedSignInAsync_WithAPasswordLikeUnknownName_StoresNoPartOfIt()
    {
        const string typed = "Tr0ub4dor&3-horse!";

        await _context.GetScoped<AccountService>().RecordFailedSignInAsync(typed, null, "sign_in.unknown_user");

        var entry = await LastAsync();
        entry.ActorUserName.ShouldBe($"an unknown name ({typed.Length} characters)");
        entry.ActorId.ShouldBeNull();
        entry.TargetName.ShouldBeNull();
        await using var db = await _context.DbAsync();
        foreach (var row in await db.AuditEntries.AsNoTracking().ToListAsync())
        {
            foreach (var part in new[] { typed, typed[..6], typed[^6..] })
            {
                string.Join('|', row.ActorUserName, row.TargetName, row.TargetId, row.Changes, row.ErrorCode).ShouldNotContain(part);
            }
        }

        var start = typed[..6];
        _context.Logs.Lines.ShouldNotContain(l => l.Contains(start, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordFailedSignInAsync_WithAnExistingEmailInOtherCase_RecordsTheAccountsUserName()
    {
        await _context.GetScoped<AccountService>().RecordFailedSignInAsync("  ADMIN@LOCALHOST ", null, "sign_in.wrong_password");

        var entry = await LastAsync();
        entry.ActorUserName.ShouldBe(_admin.UserName);
        entry.ActorId.ShouldBe(_admin.Id);
        entry.ErrorCode.ShouldBe("sign_in.wrong_password");
    }

    [Fact]
    public async Task RecordFailedSignInAsync_ForAKnownAccount_RecordsItsUserNameNotTheTypedText()
    {
        await _context.GetScoped<AccountService>().RecordFailedSignInAsync("Admin", _admin.Id, "sign_in.wrong_password");

        (await LastAsync()).ActorUserName.ShouldBe(_admin.UserName);
    }
}
