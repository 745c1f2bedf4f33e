
namespace UserConsole.App.Components.Backup;

public partial class PointsPage(PointService points, SessionUser session, IDialogService dialogs, ISnackbar snackbar)
{
    private List<TreeItemData<PointNode>>? _servers;
    private ScopeReach? _scope;
    private PointNode? _selected;
    private string? _error;

    // The tree's ServerData: one delegate for the page's life.
    private Func<PointNode?, Task<IReadOnlyCollection<TreeItemData<PointNode>>>> LoadChildren => _loadChildren ??= LoadChildrenAsync;

    private Func<PointNode?, Task<IReadOnlyCollection<TreeItemData<PointNode>>>>? _loadChildren;

    private string EmptyText => _scope is { HidesEverything: true } ? _scope.Describe()! : "No production servers yet.";

    protected override async Task OnInitializedAsync()
    {
        var result = await points.ListServersAsync(await session.GetAsync());
        _error = result.Error?.Message;
        _scope = result.Succeeded ? result.Value.Scope : null;
        _servers = result.Succeeded
            ? [.. result.Value.Items.Select(s => Item(PointNode.Of(s), Icons.Material.Filled.Dns, s.ScheduleCount > 0))]
            : [];
    }

    // Called by the tree when a node is expanded for the first time: one level at a time.
    private async Task<IReadOnlyCollection<TreeItemData<PointNode>>> LoadChildrenAsync(PointNode? parent)
    {
        var by = await session.GetAsync();
        switch (parent?.Kind)
        {
            case PointNodeKind.Server:
                var schedules = await points.ListSchedulesAsync(by, (int)parent.Id);
                _error = schedules.Error?.Message;
                return schedules.Succeeded
                    ? [.. schedules.Value.Select(s => Item(PointNode.Of(s), Icons.Material.Filled.Schedule, s.PointCount > 0))]
                    : [];
            case PointNodeKind.Schedule:
                var rows = await points.ListPointsAsync(by, (int)parent.Id);
                _error = rows.Error?.Message;
                return rows.Succeeded
                    ? [.. rows.Value.Select(p => Item(PointNode.Of(p, parent), Icons.Material.Filled.Inventory2, expandable: false))]
                    : [];
            default:
                return [];
        }
    }

    private static TreeItemData<PointNode> Item(PointNode node, string icon, bool expandable) =>
        new() { Value = node, Text = node.Name, Icon = icon, Expandable = expandable };

    private static string? EndText(ITreeItemData<PointNode> item) => item.Value switch
    {
        { Kind: PointNodeKind.Point, Point: { } point } => $"{point.Type}, {BackupFormat.Bytes(point.SizeBytes)}",
        { Kind: PointNodeKind.Schedule } node => BackupFormat.Count(node.Count, "point"),
        { } node => BackupFormat.Count(node.Count, "schedule"),
        _ => null,
    };

    private async Task DownloadAsync(PointNode point)
    {
        var result = await points.RequestDownloadAsync(await session.GetAsync(), point.Id);
        snackbar.Add(result.Succeeded ? $"Download of the {point.ScheduleName} point of {point.Name} requested." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
    }

    private async Task RestoreAsync(PointNode point, RestoreKind kind)
    {
        var what = BackupFormat.Name(kind);
        var confirmed = await dialogs.ShowMessageBoxAsync(what,
            $"{what} from the {point.ScheduleName} point of {point.Name}? The request is recorded and carried out by the backup agent.",
            yesText: "Request restore", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await points.RequestRestoreAsync(await session.GetAsync(), point.Id, kind);
        snackbar.Add(result.Succeeded ? $"{what} from the {point.ScheduleName} point of {point.Name} requested." : result.Error!.Message,
            result.Succeeded ? Severity.Success : Severity.Error);
    }
}
