
namespace UserConsole.App.Components.Backup;

public partial class MonitorPage(MonitorQueries monitor, SessionUser session)
{
    private static readonly ChangeKind[] LiveKinds = [ChangeKind.JobLog, ChangeKind.Schedule, ChangeKind.StorageServer];

    private static readonly StackedBarChartOptions OutcomeOptions = new() { ChartPalette = BackupFormat.OutcomePalette, MaxNumYAxisTicks = 8 };

    private static readonly StackedBarChartOptions StorageOptions = new() { ChartPalette = ["#2754c5", "#b8c4dd"], YAxisTitle = "TB", MaxNumYAxisTicks = 6 };

    private IReadOnlyList<DayOutcomes>? _outcomes;
    private IReadOnlyList<StorageUsage>? _storages;
    private IReadOnlyList<RunningJob>? _running;
    private ScopeReach? _scope;
    private string? _error;
    private bool _reloading;
    private bool _reloadAgain;

    private string[] DayLabels => [.. _outcomes!.Select(d => BackupFormat.Day(d.Day))];

    private List<ChartSeries<double>> OutcomeSeries =>
    [
        new() { Name = "Completed", Data = new([.. _outcomes!.Select(d => (double)d.Completed)]) },
        new() { Name = "Warning", Data = new([.. _outcomes!.Select(d => (double)d.Warning)]) },
        new() { Name = "Error", Data = new([.. _outcomes!.Select(d => (double)d.Error)]) },
    ];

    private string OutcomesSummary =>
        $"Job outcomes, last {MonitorQueries.DefaultDays} days: {_outcomes!.Sum(d => d.Completed)} completed, " +
        $"{_outcomes!.Sum(d => d.Warning)} with warnings, {_outcomes!.Sum(d => d.Error)} errors.";

    private string[] StorageLabels => [.. _storages!.Select(s => s.Name)];

    private List<ChartSeries<double>> StorageSeries =>
    [
        new() { Name = "Used", Data = new([.. _storages!.Select(s => Terabytes(s.UsedBytes))]) },
        new() { Name = "Free", Data = new([.. _storages!.Select(s => Terabytes(Math.Max(0, s.CapacityBytes - s.UsedBytes)))]) },
    ];

    private string StorageSummary => "Storage used versus capacity: " + string.Join("; ", _storages!.Select(s =>
        $"{s.Name} {BackupFormat.Bytes(s.UsedBytes)} of {BackupFormat.Bytes(s.CapacityBytes)} ({BackupFormat.Percent(s.UsedBytes, s.CapacityBytes)})")) + ".";

    protected override Task OnInitializedAsync() => LoadAsync();

    // Live changes come in bursts (a running job writes a line a second): one reload at a time, and one more after it
    // when changes arrived meanwhile, so the last state is always shown.
    private async Task ReloadAsync()
    {
        if (_reloading)
        {
            _reloadAgain = true;
            return;
        }

        _reloading = true;
        try
        {
            do
            {
                _reloadAgain = false;
                await LoadAsync();
            }
            while (_reloadAgain);
        }
        finally
        {
            _reloading = false;
        }
    }

    private async Task LoadAsync()
    {
        var by = await session.GetAsync();
        var outcomes = await monitor.GetOutcomesPerDayAsync(by);
        var storages = await monitor.GetStorageUsageAsync(by);
        var running = await monitor.ListRunningJobsAsync(by);
        _error = (outcomes.Error ?? storages.Error ?? running.Error)?.Message;
        _scope = outcomes.Succeeded ? outcomes.Value.Scope : null;
        _outcomes = outcomes.Succeeded ? outcomes.Value.Items : [];
        _storages = storages.Succeeded ? storages.Value.Items : [];
        _running = running.Succeeded ? running.Value.Items : [];
    }

    private static double Terabytes(long bytes) => Math.Round(bytes / 1e12, 2);
}
