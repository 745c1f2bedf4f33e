using System.Globalization;

namespace UserConsole.Domain.Users;

/// <summary>The access review's settings: a user who has not signed in for <see cref="DormantDays"/> is dormant.</summary>
public sealed class AccessReviewOptions
{
    public const string Section = "Security";

    public int DormantDays { get; set; } = 90;
}

/// <summary>The filters of the access review (all of them applied in the database, to the grid and the CSV alike).</summary>
public sealed record AccessReviewQuery
{
    public int Page { get; init; }

    public int PageSize { get; init; } = 25;

    /// <summary>Only users not signed in for the dormant period (or never, when created before it).</summary>
    public bool Dormant { get; init; }

    /// <summary>Only holders of an administrative permission without two-factor authentication.</summary>
    public bool AdministratorsWithoutTwoFactor { get; init; }

    /// <summary>Only users whose scope is all servers and all storages.</summary>
    public bool AllServers { get; init; }
}

/// <summary>A one-time password's state: none, pending (generated and not yet replaced), or expired. Expiry comes with
/// one-time-password lifetimes; until then a generated password is pending.</summary>
public enum OneTimePasswordState
{
    None,
    Pending,
    Expired,
}

/// <summary>One user as the access review shows them.</summary>
public sealed record AccessReviewRow(
    Guid Id,
    string UserName,
    string? FullName,
    string RoleName,
    int PermissionCount,
    IReadOnlyList<string> AdministrativePermissions,
    string Scope,
    bool TwoFactorEnabled,
    DateTime? LastSignInAt,
    bool Dormant,
    OneTimePasswordState OneTimePassword)
{
    /// <summary>The column headers, the same in the grid and in the CSV.</summary>
    public static IReadOnlyList<string> Headers { get; } =
        ["User", "Full name", "Role", "Permissions", "Administrative permissions", "Scope", "2FA", "Last sign-in", "Dormant", "One-time password"];

    /// <summary>The row's cells as text, in <see cref="Headers"/> order: what the grid shows and the CSV holds.</summary>
    public IReadOnlyList<string> Cells() =>
    [
        UserName,
        FullName ?? "",
        RoleName,
        PermissionCount.ToString(CultureInfo.InvariantCulture),
        AdministrativePermissions.Count == 0 ? "none" : string.Join(", ", AdministrativePermissions),
        Scope,
        TwoFactorEnabled ? "On" : "Off",
        LastSignInAt is { } at ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never",
        Dormant ? "Dormant" : "",
        OneTimePassword switch { OneTimePasswordState.Pending => "Pending", OneTimePasswordState.Expired => "Expired", _ => "" },
    ];
}

public sealed record AccessReviewList(IReadOnlyList<AccessReviewRow> Items, int TotalCount, int Page, int PageSize, int DormantDays);
