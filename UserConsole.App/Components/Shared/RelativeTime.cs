using System.Globalization;

namespace UserConsole.App.Components.Shared;

/// <summary>"5 minutes ago" for lists, with the exact UTC time for tooltips.</summary>
public static class RelativeTime
{
    public static string Format(DateTime utc, DateTime now)
    {
        var span = now - utc;
        return span switch
        {
            { TotalSeconds: < 0 } => "just now",
            { TotalSeconds: < 60 } => "just now",
            { TotalMinutes: < 2 } => "a minute ago",
            { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} minutes ago",
            { TotalHours: < 2 } => "an hour ago",
            { TotalHours: < 24 } => $"{(int)span.TotalHours} hours ago",
            { TotalDays: < 2 } => "yesterday",
            { TotalDays: < 31 } => $"{(int)span.TotalDays} days ago",
            { TotalDays: < 365 } => $"{(int)(span.TotalDays / 30)} months ago",
            _ => $"{(int)(span.TotalDays / 365)} years ago",
        };
    }

    public static string Exact(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
