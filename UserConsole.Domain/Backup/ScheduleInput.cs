using Cronos;
using FluentValidation;

namespace UserConsole.Domain.Backup;

/// <summary>The fields of the schedule form (create and edit).</summary>
public sealed class ScheduleInput
{
    public const int MaxRetention = 365;

    public string Name { get; set; } = "";

    public int ProductionServerId { get; set; }

    public int StorageServerId { get; set; }

    public BackupType Type { get; set; } = BackupType.Files;

    /// <summary>Five fields (minute hour day-of-month month day-of-week), evaluated in UTC.</summary>
    public string CronExpression { get; set; } = "0 2 * * *";

    public int RetentionCount { get; set; } = 14;

    public bool Enabled { get; set; } = true;

    public string? ConcurrencyStamp { get; set; }
}

public sealed class ScheduleInputValidator : AbstractValidator<ScheduleInput>
{
    public ScheduleInputValidator()
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop).InventoryName();
        RuleFor(x => x.ProductionServerId).GreaterThan(0).WithMessage("Choose a production server.");
        RuleFor(x => x.StorageServerId).GreaterThan(0).WithMessage("Choose a storage server.");
        RuleFor(x => x.Type).IsInEnum().WithMessage("Choose Files or MySQL.");
        RuleFor(x => x.CronExpression).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter when to run, as a cron expression such as 0 2 * * * (every day at 02:00 UTC).")
            .MaximumLength(100).WithMessage("Use at most 100 characters.")
            .Must(ScheduleCron.IsValid).WithMessage("This is not a cron expression of five fields, such as 0 2 * * * (every day at 02:00 UTC).");
        RuleFor(x => x.RetentionCount)
            .InclusiveBetween(1, ScheduleInput.MaxRetention)
            .WithMessage($"Keep between 1 and {ScheduleInput.MaxRetention} points.");
    }
}

/// <summary>Cron expressions of schedules (five fields, UTC), parsed with Cronos.</summary>
public static class ScheduleCron
{
    public static bool IsValid(string? expression) =>
        !string.IsNullOrWhiteSpace(expression) && CronExpression.TryParse(expression, CronFormat.Standard, out _);

    /// <summary>The first run strictly after <paramref name="afterUtc"/>, or null for an invalid expression or one
    /// that never fires again.</summary>
    public static DateTime? NextAfter(string expression, DateTime afterUtc) =>
        CronExpression.TryParse(expression, CronFormat.Standard, out var cron)
            ? cron.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), inclusive: false)
            : null;

    /// <summary>Every run in [from, to), oldest first.</summary>
    public static IEnumerable<DateTime> Between(string expression, DateTime fromUtc, DateTime toUtc) =>
        CronExpression.TryParse(expression, CronFormat.Standard, out var cron)
            ? cron.GetOccurrences(DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc), DateTime.SpecifyKind(toUtc, DateTimeKind.Utc), fromInclusive: true, toInclusive: false)
            : [];
}
