
namespace UserConsole.App.Components.Backup;

public partial class ServersPage(InventoryQueries queries, InventoryAdministration administration)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.ProductionServer, ChangeKind.Schedule];

    private string EmptyText => Scope is { ProductionServers: 0 }
        ? Scope.Describe(storages: false)!
        : "No production servers yet.";

    protected override Task<Result<Paged<ServerRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        queries.ListServersAsync(by, page, cancellationToken);

    private Task CreateAsync() => CreateWithAsync<ServerDialog>("Create server", "Production server");

    private Task EditAsync(ServerRow server) =>
        EditWithAsync(server.Name, new DialogParameters<ServerDialog> { { d => d.Server, server } }, "Production server");

    private Task DeleteAsync(ServerRow server) =>
        ConfirmAndRunAsync("Delete server",
            $"Delete the production server {server.Name}? " + (server.ScheduleCount == 0
                ? "It has no schedules."
                : $"Its {BackupFormat.Count(server.ScheduleCount, "schedule")}, with their backup points and job logs, are deleted too."),
            "Delete",
            async by => (await administration.DeleteServerAsync(by, server.Id)).Error,
            $"Production server {server.Name} deleted.");

    private static Color StatusColor(ServerStatus status) => status switch
    {
        ServerStatus.Online => Color.Success,
        ServerStatus.Maintenance => Color.Warning,
        _ => Color.Default,
    };
}
