using Microsoft.EntityFrameworkCore;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Roles;

namespace UserConsole.Tests.Infrastructure;

/// <summary>A running app whose first admin already chose <see cref="TestPasswords.Strong"/> (the forced first
/// sign-in is covered by FirstRunTests), with an "Operator" role (view_schedules_page, run_schedule), three
/// production servers and two storages.</summary>
public class AdminReadyFixture : BrowserAppFixture
{
    public Role OperatorRole { get; private set; } = null!;

    public IReadOnlyList<ProductionServer> Servers { get; private set; } = [];

    public IReadOnlyList<StorageServer> Storages { get; private set; } = [];

    protected override async Task ArrangeAsync(DomainTestContext database)
    {
        await using (var db = await database.DbAsync())
        {
            var admin = await db.Users.SingleAsync(u => u.IsFirstAdmin);
            await database.SetChosenPasswordAsync(admin.Id, TestPasswords.Strong);
        }

        OperatorRole = await database.CreateRoleAsync("Operator", Permissions.ViewSchedulesPage, Permissions.RunSchedule);
        Servers = [await database.CreateServerAsync("web-01"), await database.CreateServerAsync("db-01"), await database.CreateServerAsync("mail-01")];
        Storages = [await database.CreateStorageAsync("nas-01"), await database.CreateStorageAsync("cloud-01")];
    }
}
