
namespace UserConsole.App.Components.Backup;

public enum PointNodeKind
{
    Server,
    Schedule,
    Point,
}

/// <summary>One node of the points tree: a production server, one of its schedules, or one of the schedule's backup
/// points (with what the actions need to know about it).</summary>
/// <param name="Count">Schedules of a server, points of a schedule.</param>
public sealed record PointNode(PointNodeKind Kind, long Id, string Name, int Count = 0, string? ScheduleName = null, BackupType? Type = null, PointRow? Point = null)
{
    public static PointNode Of(TreeServer server) => new(PointNodeKind.Server, server.Id, server.Name, server.ScheduleCount);

    public static PointNode Of(TreeSchedule schedule) => new(PointNodeKind.Schedule, schedule.Id, schedule.Name, schedule.PointCount, schedule.Name, schedule.Type);

    public static PointNode Of(PointRow point, PointNode schedule) =>
        new(PointNodeKind.Point, point.Id, BackupFormat.When(point.CreatedAt), 0, schedule.Name, schedule.Type, point);
}
