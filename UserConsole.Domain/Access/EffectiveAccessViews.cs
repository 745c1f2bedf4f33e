namespace UserConsole.Domain.Access;

/// <summary>What a question about access is about: nothing in particular (the action itself), or one server, storage
/// or schedule.</summary>
public enum AccessTargetKind
{
    None,
    ProductionServer,
    StorageServer,
    Schedule,
}

/// <summary>"May this user use <see cref="Permission"/> (on this target)?"</summary>
public sealed record AccessQuestion(string Permission, AccessTargetKind Kind = AccessTargetKind.None, int? TargetId = null);

/// <summary>The answer: allowed or not, the code the operation's refusal carries (null when allowed), and the reason
/// as an administrator reads it ("Granted by role "Operator"", "Role "Operator" lacks run_schedule", "Not in scope").</summary>
public sealed record AccessVerdict(bool Allowed, string? Code, string Reason);

/// <summary>One entry of the permission catalog with what it means for the user.</summary>
public sealed record PermissionAccess(Permission Permission, AccessVerdict Verdict);

/// <summary>A server or storage of the user's chosen list (or one the viewer can see that the list leaves out), with
/// what being in scope makes visible: schedules, backup points and job logs.</summary>
public sealed record ReachItem(int Id, string Name, bool InScope, int Schedules, int Points, int Logs);

/// <summary>How far the user's scope reaches over one kind of server: all (including ones added later), or the
/// servers the viewer can see, each in or not in the user's scope. <paramref name="HiddenFromViewer"/> counts chosen
/// servers the viewer cannot see themself (named nowhere).</summary>
public sealed record ScopeReachView(bool All, IReadOnlyList<ReachItem> Items, int HiddenFromViewer)
{
    public int InScopeCount => Items.Count(i => i.InScope) + HiddenFromViewer;

    /// <summary>"All, including ones added later" or "3 chosen: 7 schedules, 412 backup points, 1,200 job logs".</summary>
    public string Summary(string noun) => All
        ? "All, including ones added later"
        : InScopeCount == 0
            ? $"None: the chosen list holds no {noun}"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{InScopeCount} chosen: {Items.Where(i => i.InScope).Sum(i => i.Schedules):N0} schedules, {Items.Where(i => i.InScope).Sum(i => i.Points):N0} backup points, {Items.Where(i => i.InScope).Sum(i => i.Logs):N0} job logs");
}

/// <summary>Everything a user may do and see, computed with the checks the operations run: each permission of the
/// catalog allowed or not with its reason, and the servers and storages within their scope.</summary>
public sealed record EffectiveAccess(
    Guid UserId,
    string UserName,
    string RoleName,
    AccessVerdict Account,
    IReadOnlyList<PermissionAccess> Permissions,
    ScopeReachView Servers,
    ScopeReachView Storages);

/// <summary>One link of "why can (or can't) they see it": the role, the page permission, the scope, the result.</summary>
public sealed record AccessStep(string Label, bool Passed, string Detail);

/// <summary>The chain role → page permission → scope → result for one server or storage.</summary>
public sealed record AccessChain(string TargetName, IReadOnlyList<AccessStep> Steps, AccessVerdict Result);

/// <summary>Who can see one server or storage: the users who can, and those who cannot with the first reason (no page
/// permission, not in scope, disabled); names sorted, at most <see cref="NamesShown"/> of each.</summary>
public sealed record WhoCanSee(string TargetName, int CanSeeCount, IReadOnlyList<string> CanSee, int CannotSeeCount, IReadOnlyList<(string Name, string Reason)> CannotSee)
{
    public const int NamesShown = 100;
}
