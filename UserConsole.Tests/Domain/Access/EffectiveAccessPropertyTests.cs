using CsCheck;
using Microsoft.EntityFrameworkCore;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Users;
using UserConsole.Tests.Infrastructure;

namespace UserConsole.Tests.Domain.Access;

/// <summary>Effective access equals what the operations do: for generated users (permissions, enabled or not, on a
/// generated password or not, scopes) × actions × servers, storages and schedules, the verdict is "allowed" exactly
/// when the operation, run right after as that user, succeeds, and otherwise carries the code of its refusal.</summary>
public sealed class EffectiveAccessPropertyTests : IAsyncLifetime
{
    private const int Cases = 150;

    private static readonly string[] Pool =
    [
        Permissions.ViewServersPage, Permissions.EditServers, Permissions.CreateServers, Permissions.ViewStoragesPage, Permissions.EditStorages,
        Permissions.CreateStorages, Permissions.ViewSchedulesPage, Permissions.RunSchedule, Permissions.StopSchedule,
    ];

    private DomainTestContext _context = null!;
    private ActingUser _admin = null!;
    private BackupWorld _world = null!;
    private List<int> _schedules = [];

    private enum Act
    {
        EditServer,
        EditStorage,
        RunSchedule,
        StopSchedule,
        CreateServer,
        CreateStorage,
    }

    private sealed record Case(bool[] Held, bool Enabled, bool GeneratedPassword, bool[]? Servers, bool[]? Storages, Act Act, int Target);

    public async ValueTask InitializeAsync()
    {
        _context = await DomainTestContext.CreateAsync();
        _admin = DomainTestContext.As(await _context.BootstrapAsync());
        _world = await BackupWorld.CreateAsync(_context, servers: 4, storages: 2, prefix: "pt");
        await using var db = await _context.DbAsync();
        _schedules = await db.Schedules.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task CheckAsync_ForGeneratedUsersActionsAndTargets_AgreesWithTheOperation()
    {
        var gen =
            from held in Gen.Bool.Array[Pool.Length]
            from enabled in Gen.Frequency((6, Gen.Const(true)), (1, Gen.Const(false)))
            from generated in Gen.Frequency((6, Gen.Const(false)), (1, Gen.Const(true)))
            from servers in Gen.Frequency((1, Gen.Const((bool[]?)null)), (2, Gen.Bool.Array[4].Select(a => (bool[]?)a)))
            from storages in Gen.Frequency((1, Gen.Const((bool[]?)null)), (2, Gen.Bool.Array[2].Select(a => (bool[]?)a)))
            from act in Gen.Enum<Act>()
            from target in Gen.Int[0, 7]
            select new Case(held, enabled, generated, servers, storages, act, target);
        var cases = new List<Case>();
        gen.Sample(cases.Add, iter: Cases, threads: 1);

        var outcomes = new List<string>();
        var explorer = _context.GetScoped<AccessExplorer>();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var user = await CreateUserAsync(i, c);
            var (question, run) = await PrepareAsync(c, i);
            var verdict = await explorer.CheckAsync(_admin, user.Id, question);
            var outcome = await run(DomainTestContext.As(user));

            verdict.Succeeded.ShouldBeTrue();
            verdict.Value.Allowed.ShouldBe(outcome is null, $"case {i}: {c.Act} on {c.Target}, verdict '{verdict.Value.Reason}', operation '{outcome?.Code}'");
            verdict.Value.Code.ShouldBe(outcome?.Code, $"case {i}: {c.Act}");
            outcomes.Add(outcome?.Code ?? "allowed");
        }

        // "Who can see this?" lists exactly the users whose verdict for the server's page and scope is "allowed".
        await using (var db = await _context.DbAsync())
        {
            var everyone = await db.Users.Select(u => u.Id).ToListAsync();
            foreach (var server in _world.Servers.Take(2))
            {
                var question = new AccessQuestion(Permissions.ViewServersPage, AccessTargetKind.ProductionServer, server.Id);
                var allowed = 0;
                foreach (var id in everyone)
                {
                    allowed += (await explorer.CheckAsync(_admin, id, question)).Value.Allowed ? 1 : 0;
                }

                var who = (await explorer.WhoCanSeeAsync(_admin, AccessTargetKind.ProductionServer, server.Id)).Value;
                who.CanSeeCount.ShouldBe(allowed, server.Name);
                who.CannotSeeCount.ShouldBe(everyone.Count - allowed);
            }
        }

        // The sample reaches every kind of outcome, so the comparison above is not vacuous.
        outcomes.ShouldContain("allowed");
        outcomes.ShouldContain(AccessRules.PermissionDeniedCode);
        outcomes.ShouldContain(AccessRules.SessionEndedCode);
        outcomes.ShouldContain(BackupRules.ServerNotFound.Code);
        outcomes.ShouldContain(BackupRules.ScheduleNotFound.Code);
        outcomes.ShouldContain(BackupRules.ServerOutsideCreatorScope.Code);
    }

    private async Task<User> CreateUserAsync(int i, Case c)
    {
        var role = await _context.CreateRoleAsync($"pt-role-{i}", [.. Pool.Where((_, k) => c.Held[k])]);
        var scope = new AccessScope(
            c.Servers is null ? ResourceScope.Everything : ResourceScope.Chosen(_world.Servers.Where((_, k) => c.Servers[k]).Select(s => s.Id)),
            c.Storages is null ? ResourceScope.Everything : ResourceScope.Chosen(_world.Storages.Where((_, k) => c.Storages[k]).Select(s => s.Id)));
        var user = await _context.CreateUserAsync($"pt-user-{i}", role, scope, enabled: c.Enabled);
        if (c.GeneratedPassword)
        {
            await using var db = await _context.DbAsync();
            var tracked = await db.Users.SingleAsync(u => u.Id == user.Id);
            tracked.SetGeneratedPassword(_context.HashOf("generated-password-0123"), _context.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        return user;
    }

    private async Task<(AccessQuestion Question, Func<ActingUser, Task<DomainError?>> Run)> PrepareAsync(Case c, int i)
    {
        var inventory = _context.GetScoped<InventoryAdministration>();
        var schedules = _context.GetScoped<ScheduleService>();
        await using var db = await _context.DbAsync();
        switch (c.Act)
        {
            case Act.EditServer:
                var server = await db.ProductionServers.AsNoTracking().SingleAsync(s => s.Id == _world.Servers[c.Target % 4].Id);
                var serverInput = new ServerInput { Name = server.Name, Host = server.Host, OperatingSystem = server.OperatingSystem, Status = server.Status, ConcurrencyStamp = server.ConcurrencyStamp };
                return (new AccessQuestion(Permissions.EditServers, AccessTargetKind.ProductionServer, server.Id),
                    async by => (await inventory.UpdateServerAsync(by, server.Id, serverInput)).Error);
            case Act.EditStorage:
                var storage = await db.StorageServers.AsNoTracking().SingleAsync(s => s.Id == _world.Storages[c.Target % 2].Id);
                var storageInput = new StorageInput { Name = storage.Name, Kind = storage.Kind, CapacityGigabytes = (int)(storage.CapacityBytes / StorageInput.BytesPerGigabyte), ConcurrencyStamp = storage.ConcurrencyStamp };
                return (new AccessQuestion(Permissions.EditStorages, AccessTargetKind.StorageServer, storage.Id),
                    async by => (await inventory.UpdateStorageAsync(by, storage.Id, storageInput)).Error);
            case Act.RunSchedule:
                var run = _schedules[c.Target];
                return (new AccessQuestion(Permissions.RunSchedule, AccessTargetKind.Schedule, run), async by => (await schedules.RunNowAsync(by, run)).Error);
            case Act.StopSchedule:
                var stop = _schedules[c.Target];
                return (new AccessQuestion(Permissions.StopSchedule, AccessTargetKind.Schedule, stop), async by => (await schedules.StopAsync(by, stop)).Error);
            case Act.CreateServer:
                return (new AccessQuestion(Permissions.CreateServers),
                    async by => (await inventory.CreateServerAsync(by, new ServerInput { Name = $"pt-new-{i}", Host = $"pt-new-{i}.example.test", OperatingSystem = "Debian 13" })).Error);
            default:
                return (new AccessQuestion(Permissions.CreateStorages),
                    async by => (await inventory.CreateStorageAsync(by, new StorageInput { Name = $"pt-store-new-{i}" })).Error);
        }
    }
}
