using System.Collections.Frozen;

namespace UserConsole.Domain.Access;

/// <summary>The permission catalog: one definition in code, keys are stable strings.</summary>
public static class Permissions
{
    public const string ViewUsersPage = "view_users_page";
    public const string CreateAdditionalUsers = "create_additional_users";
    public const string EditUsers = "edit_users";
    public const string DeleteUsers = "delete_users";
    public const string CreateUserRole = "create_user_role";
    public const string EditUserRoles = "edit_user_roles";
    public const string DeleteUserRoles = "delete_user_roles";
    public const string ViewMonitorPage = "view_monitor_page";
    public const string ViewServersPage = "view_servers_page";
    public const string CreateServers = "create_servers";
    public const string EditServers = "edit_servers";
    public const string DeleteServers = "delete_servers";
    public const string ViewStoragesPage = "view_storages_page";
    public const string CreateStorages = "create_storages";
    public const string EditStorages = "edit_storages";
    public const string DeleteStorages = "delete_storages";
    public const string ViewSchedulesPage = "view_schedules_page";
    public const string CreateSchedules = "create_schedules";
    public const string EditSchedules = "edit_schedules";
    public const string DeleteSchedules = "delete_schedules";
    public const string RunSchedule = "run_schedule";
    public const string StopSchedule = "stop_schedule";
    public const string ViewPointsPage = "view_points_page";
    public const string DownloadPoints = "download_points";
    public const string RestoreFiles = "restore_files";
    public const string RestoreDatabases = "restore_databases";
    public const string RestoreDisasterRecovery = "restore_disaster_recovery";
    public const string ViewBackupLogsPage = "view_backup_logs_page";
    public const string ViewActivityLog = "view_activity_log";
    public const string ViewSettingsPage = "view_settings_page";
    public const string EditSettings = "edit_settings";
    public const string EmailNotifications = "email_notifications";

    /// <summary>Every permission, in matrix order (area, then kind).</summary>
    public static IReadOnlyList<Permission> All { get; } =
    [
        new(ViewUsersPage, "View users page", "Open the Users page and see users and roles.", PermissionArea.Users, PermissionKind.ViewPage, null),
        new(CreateAdditionalUsers, "Create users", "Create user accounts and see their one-time password.", PermissionArea.Users, PermissionKind.Create, ViewUsersPage),
        new(EditUsers, "Edit users", "Change users' details, role and scope; disable, reset passwords and disable 2FA.", PermissionArea.Users, PermissionKind.Edit, ViewUsersPage),
        new(DeleteUsers, "Delete users", "Delete user accounts.", PermissionArea.Users, PermissionKind.Delete, ViewUsersPage),

        new(CreateUserRole, "Create roles", "Create user roles in the permissions matrix.", PermissionArea.Roles, PermissionKind.Create, ViewUsersPage),
        new(EditUserRoles, "Edit roles", "Change a role's name, description and permissions.", PermissionArea.Roles, PermissionKind.Edit, ViewUsersPage),
        new(DeleteUserRoles, "Delete roles", "Delete roles that no user holds.", PermissionArea.Roles, PermissionKind.Delete, ViewUsersPage),

        new(ViewMonitorPage, "View monitor page", "See the charts of job outcomes, storage use and running jobs.", PermissionArea.Monitor, PermissionKind.ViewPage, null),

        new(ViewServersPage, "View servers page", "See the production servers that are backed up.", PermissionArea.Servers, PermissionKind.ViewPage, null),
        new(CreateServers, "Create servers", "Add production servers.", PermissionArea.Servers, PermissionKind.Create, ViewServersPage),
        new(EditServers, "Edit servers", "Change production servers.", PermissionArea.Servers, PermissionKind.Edit, ViewServersPage),
        new(DeleteServers, "Delete servers", "Remove production servers.", PermissionArea.Servers, PermissionKind.Delete, ViewServersPage),

        new(ViewStoragesPage, "View storages page", "See the storage servers that keep backup points.", PermissionArea.Storages, PermissionKind.ViewPage, null),
        new(CreateStorages, "Create storages", "Add storage servers.", PermissionArea.Storages, PermissionKind.Create, ViewStoragesPage),
        new(EditStorages, "Edit storages", "Change storage servers.", PermissionArea.Storages, PermissionKind.Edit, ViewStoragesPage),
        new(DeleteStorages, "Delete storages", "Remove storage servers.", PermissionArea.Storages, PermissionKind.Delete, ViewStoragesPage),

        new(ViewSchedulesPage, "View schedules page", "See backup schedules and their state.", PermissionArea.Schedules, PermissionKind.ViewPage, null),
        new(CreateSchedules, "Create schedules", "Add backup schedules.", PermissionArea.Schedules, PermissionKind.Create, ViewSchedulesPage),
        new(EditSchedules, "Edit schedules", "Change backup schedules.", PermissionArea.Schedules, PermissionKind.Edit, ViewSchedulesPage),
        new(DeleteSchedules, "Delete schedules", "Remove backup schedules.", PermissionArea.Schedules, PermissionKind.Delete, ViewSchedulesPage),
        new(RunSchedule, "Run schedules", "Start a backup job now.", PermissionArea.Schedules, PermissionKind.Run, ViewSchedulesPage),
        new(StopSchedule, "Stop schedules", "Stop a running backup job.", PermissionArea.Schedules, PermissionKind.Stop, ViewSchedulesPage),

        new(ViewPointsPage, "View points page", "Browse backup points per server and schedule.", PermissionArea.Points, PermissionKind.ViewPage, null),
        new(DownloadPoints, "Download points", "Download backup points.", PermissionArea.Points, PermissionKind.Download, ViewPointsPage),
        new(RestoreFiles, "Restore files", "Restore files from a backup point.", PermissionArea.Points, PermissionKind.Restore, ViewPointsPage),
        new(RestoreDatabases, "Restore databases", "Restore databases from a backup point.", PermissionArea.Points, PermissionKind.Restore, ViewPointsPage),
        new(RestoreDisasterRecovery, "Disaster recovery restore", "Restore a whole server from a backup point (disaster recovery).", PermissionArea.Points, PermissionKind.Restore, ViewPointsPage),

        new(ViewBackupLogsPage, "View backup logs page", "See live backup job logs.", PermissionArea.Logs, PermissionKind.ViewPage, null),

        new(ViewActivityLog, "View activity log", "See the audit trail of administrative and security events.", PermissionArea.Activity, PermissionKind.ViewPage, null),

        new(ViewSettingsPage, "View settings page", "See the settings (SMTP and others).", PermissionArea.Settings, PermissionKind.ViewPage, null),
        new(EditSettings, "Edit settings", "Change the settings.", PermissionArea.Settings, PermissionKind.Edit, ViewSettingsPage),

        new(EmailNotifications, "Email notifications", "Choose backup notifications by email on one's own profile.", PermissionArea.Profile, PermissionKind.Other, null),
    ];

    private static readonly FrozenDictionary<string, Permission> ByKey = All.ToFrozenDictionary(p => p.Key, StringComparer.Ordinal);

    /// <summary>Every key of the catalog.</summary>
    public static IReadOnlySet<string> AllKeys { get; } = All.Select(p => p.Key).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string key) => ByKey.ContainsKey(key);

    public static Permission Get(string key) =>
        ByKey.TryGetValue(key, out var permission)
            ? permission
            : throw new ArgumentException($"'{key}' is not a permission of the catalog.", nameof(key));

    public static Permission? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The keys with every page permission they imply added.</summary>
    public static IReadOnlySet<string> WithImplied(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            result.Add(key);
            if (ByKey.TryGetValue(key, out var permission) && permission.Implies is { } implied)
            {
                result.Add(implied);
            }
        }

        return result;
    }
}
