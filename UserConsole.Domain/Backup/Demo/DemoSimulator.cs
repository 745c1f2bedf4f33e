namespace UserConsole.Domain.Backup.Demo;

/// <summary>Settings of the Development simulator. <see cref="Speed"/> accelerates the schedules' clock: at 60, a
/// schedule that runs every hour runs every real minute and a daily one every 24 real minutes. Job steps take
/// <see cref="StepSeconds"/> real seconds each, so a run lasts a few seconds whatever the speed.</summary>
public sealed record DemoSimulatorOptions(double Speed = 60, double StepSeconds = 1.5, int? Seed = null);

/// <summary>Plays the backup agent in Development: starts schedules on their cron (on an accelerated clock), picks up
/// the jobs started with "Run now", writes their message lines a step at a time and finishes them as Completed,
/// Warning or Error, through <see cref="BackupJobs"/> (which publishes each write). A job that was stopped or deleted
/// meanwhile is dropped. The host calls <see cref="TickAsync"/> about once a second.</summary>
public sealed class DemoSimulator(BackupJobs jobs, TimeProvider clock, DemoSimulatorOptions options)
{
    private static readonly TimeSpan ScheduleRefresh = TimeSpan.FromSeconds(5);

    private readonly Random _random = options.Seed is { } seed ? new Random(seed) : new Random();
    private readonly Dictionary<int, (string Cron, DateTime Next)> _nextRuns = [];
    private readonly Dictionary<long, JobPlan> _plans = [];
    private IReadOnlyList<ScheduleTiming> _schedules = [];
    private DateTime? _realStart;
    private DateTime _schedulesReadAt = DateTime.MinValue;

    /// <summary>The ids of the jobs this simulator is carrying on.</summary>
    public IReadOnlyCollection<long> ActiveJobs => _plans.Keys;

    public async Task TickAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        _realStart ??= now;
        var scheduleNow = _realStart.Value + ((now - _realStart.Value) * options.Speed);
        await StartDueSchedulesAsync(now, scheduleNow, cancellationToken);
        await AdoptStartedJobsAsync(now, cancellationToken);
        await AdvanceJobsAsync(now, cancellationToken);
    }

    private async Task StartDueSchedulesAsync(DateTime now, DateTime scheduleNow, CancellationToken cancellationToken)
    {
        if (now - _schedulesReadAt >= ScheduleRefresh)
        {
            _schedules = await jobs.ListSchedulesAsync(cancellationToken);
            _schedulesReadAt = now;
            var present = _schedules.Select(s => s.Id).ToHashSet();
            foreach (var gone in _nextRuns.Keys.Where(id => !present.Contains(id)).ToList())
            {
                _nextRuns.Remove(gone);
            }
        }

        foreach (var schedule in _schedules.Where(s => s.Enabled))
        {
            if (!_nextRuns.TryGetValue(schedule.Id, out var next) || next.Cron != schedule.CronExpression)
            {
                // First seen or its cron changed: the next run is the next occurrence from now on.
                _nextRuns[schedule.Id] = (schedule.CronExpression, ScheduleCron.NextAfter(schedule.CronExpression, scheduleNow) ?? DateTime.MaxValue);
                continue;
            }

            if (next.Next <= scheduleNow)
            {
                await jobs.StartScheduledAsync(schedule.Id, cancellationToken);
                _nextRuns[schedule.Id] = (schedule.CronExpression, ScheduleCron.NextAfter(schedule.CronExpression, scheduleNow) ?? DateTime.MaxValue);
            }
        }
    }

    private async Task AdoptStartedJobsAsync(DateTime now, CancellationToken cancellationToken)
    {
        var started = await jobs.ListStartedJobsAsync(cancellationToken);
        var present = started.Select(j => j.JobId).ToHashSet();
        foreach (var gone in _plans.Keys.Where(id => !present.Contains(id)).ToList())
        {
            _plans.Remove(gone); // stopped or deleted by someone else
        }

        foreach (var job in started.Where(j => !_plans.ContainsKey(j.JobId)))
        {
            var outcome = DemoMessages.PickOutcome(_random);
            var steps = TimeSpan.FromSeconds(options.StepSeconds);
            var script = DemoMessages.Script(_random, job.Type, job.ServerName, job.Host, job.StorageName, outcome, steps * 4);
            _plans[job.JobId] = new JobPlan(new Queue<string>(script.Lines), outcome, script.LastLine, script.SizeBytes, now + steps);
        }
    }

    private async Task AdvanceJobsAsync(DateTime now, CancellationToken cancellationToken)
    {
        foreach (var (jobId, plan) in _plans.Where(p => p.Value.NextStepAt <= now).ToList())
        {
            bool carriesOn;
            if (plan.Lines.TryDequeue(out var line))
            {
                carriesOn = await jobs.AppendLineAsync(jobId, line, cancellationToken);
                plan.NextStepAt = now + TimeSpan.FromSeconds(options.StepSeconds * (0.5 + _random.NextDouble()));
            }
            else
            {
                await jobs.FinishAsync(jobId, plan.Outcome, plan.LastLine, plan.SizeBytes, cancellationToken);
                carriesOn = false;
            }

            if (!carriesOn)
            {
                _plans.Remove(jobId);
            }
        }
    }

    private sealed class JobPlan(Queue<string> lines, JobStatus outcome, string lastLine, long sizeBytes, DateTime nextStepAt)
    {
        public Queue<string> Lines { get; } = lines;

        public JobStatus Outcome { get; } = outcome;

        public string LastLine { get; } = lastLine;

        public long SizeBytes { get; } = sizeBytes;

        public DateTime NextStepAt { get; set; } = nextStepAt;
    }
}
