using Microsoft.AspNetCore.Components;
using MudBlazor;
using UserConsole.Domain;
using UserConsole.Domain.Access;
using UserConsole.Domain.Backup;
using UserConsole.Domain.Changes;

namespace UserConsole.App.Components.Backup;

public partial class ServersPage
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.ProductionServer, ChangeKind.Schedule];

    [Inject]
    private InventoryQueries Queries { get; set; } = default!;

    [Inject]
    private InventoryAdministration Administration { get; set; } = default!;

    private string EmptyText => Scope is { ProductionServers: 0 }
        ? Scope.Describe(storages: false)!
        : "No production servers yet.";

    protected override Task<Result<Paged<ServerRow>>> ReadAsync(ActingUser by, PageRequest page, CancellationToken cancellationToken) =>
        Queries.ListServersAsync(by, page, cancellationToken);

    private Task CreateAsync() =>
        OpenDialogAsync<ServerDialog>("Create server", [], ServerDialog.Options, name => $"Production server {name} created.");

    private Task EditAsync(ServerRow server) =>
        OpenDialogAsync<ServerDialog>($"Edit {server.Name}", new DialogParameters<ServerDialog> { { d => d.Server, server } }, ServerDialog.Options,
            name => $"Production server {name} saved.");

    private Task DeleteAsync(ServerRow server) =>
        ConfirmAndRunAsync("Delete server",
            $"Delete the production server {server.Name}? " + (server.ScheduleCount == 0
                ? "It has no schedules."
                : $"Its {BackupFormat.Count(server.ScheduleCount, "schedule")}, with their backup points and job logs, are deleted too."),
            "Delete",
            async by => (await Administration.DeleteServerAsync(by, server.Id)).Error,
            $"Production server {server.Name} deleted.");

    private static Color StatusColor(ServerStatus status) => status switch
    {
        ServerStatus.Online => Color.Success,
        ServerStatus.Maintenance => Color.Warning,
        _ => Color.Default,
    };
}
