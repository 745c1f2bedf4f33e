
namespace UserConsole.App.Components.Roles;

/// <summary>What the permissions matrix has checked, and which boxes the editor may change and why not. Keeps the
/// catalog's rule that a checked action has its page permission checked too: checking an action checks its page,
/// and a page stays checked (locked) while an action that needs it is checked. Permissions the editor does not hold
/// can be neither added nor removed (the domain refuses both); a read-only selection changes nothing.</summary>
public sealed class PermissionSelection
{
    public const string NotHeldReason = "You don't hold this permission";

    private readonly HashSet<string> _selected;
    private readonly IReadOnlySet<string> _editorHolds;

    /// <param name="selected">The role's keys (keys the catalog no longer knows are dropped).</param>
    /// <param name="editorHolds">The permissions of the person editing.</param>
    /// <param name="readOnlyReason">Why nothing can be changed, or null when the role is editable.</param>
    public PermissionSelection(IEnumerable<string> selected, IReadOnlySet<string> editorHolds, string? readOnlyReason = null)
    {
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(editorHolds);
        _editorHolds = editorHolds;
        ReadOnlyReason = readOnlyReason;
        _selected = new HashSet<string>(Permissions.WithImplied(selected.Where(Permissions.IsKnown)), StringComparer.Ordinal);
    }

    public string? ReadOnlyReason { get; }

    public bool IsReadOnly => ReadOnlyReason is not null;

    public int Count => _selected.Count;

    /// <summary>The checked keys in catalog order, as the domain takes them.</summary>
    public List<string> Keys => [.. Permissions.All.Where(p => _selected.Contains(p.Key)).Select(p => p.Key)];

    public bool IsChecked(string key) => _selected.Contains(key);

    /// <summary>Null when the editor may check or uncheck <paramref name="key"/> now; otherwise why not, in words
    /// for a tooltip ("You don't hold this permission", "Needed by Run schedules").</summary>
    public string? LockReason(string key)
    {
        if (ReadOnlyReason is not null)
        {
            return ReadOnlyReason;
        }

        if (!_editorHolds.Contains(key))
        {
            return NotHeldReason;
        }

        var neededBy = Permissions.All.Where(p => p.Implies == key && _selected.Contains(p.Key)).Select(p => p.DisplayName).ToList();
        if (neededBy.Count > 0)
        {
            return $"Needed by {JoinNames(neededBy)}";
        }

        return Permissions.Get(key).Implies is { } page && !_selected.Contains(page) && !_editorHolds.Contains(page)
            ? $"Needs {Permissions.Get(page).DisplayName}, which you don't hold"
            : null;
    }

    public bool CanChange(string key) => LockReason(key) is null;

    /// <summary>Checks or unchecks every changeable key of <paramref name="keys"/> (one box, a row or the whole
    /// matrix); the rest stay as they are. Checking adds implied page permissions; unchecking keeps a page that a
    /// remaining action still needs.</summary>
    public void Set(IEnumerable<string> keys, bool isChecked)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (IsReadOnly)
        {
            return;
        }

        var list = keys.ToList();
        if (isChecked)
        {
            foreach (var key in list.Where(k => !_selected.Contains(k) && CanChange(k)))
            {
                _selected.UnionWith(Permissions.WithImplied([key]));
            }

            return;
        }

        // Actions first, so that their pages become free to go with them (a row's "All" clears the page too).
        var changeable = list.Where(k => _selected.Contains(k) && _editorHolds.Contains(k)).ToList();
        _selected.ExceptWith(changeable);
        _selected.UnionWith(Permissions.WithImplied(_selected));
    }

    /// <summary>True when every key of <paramref name="keys"/> that the editor could change is checked (and at
    /// least one key is checked): the state of a row's "All" toggle.</summary>
    public bool AreAllChecked(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var changeable = keys.Where(k => IsReadOnly || _editorHolds.Contains(k)).ToList();
        return changeable.Count > 0 ? changeable.All(_selected.Contains) : keys.All(_selected.Contains);
    }

    /// <summary>True when any key of <paramref name="keys"/> can be changed now or after another box changes.</summary>
    public bool AnyChangeable(IEnumerable<string> keys) => !IsReadOnly && keys.Any(_editorHolds.Contains);

    private static string JoinNames(List<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
}

/// <summary>Boxes of the matrix the editor checked (<paramref name="Checked"/> true) or unchecked: one box, a row's
/// "All", or "Select all"/"Clear".</summary>
public sealed record PermissionToggle(IReadOnlyCollection<string> Keys, bool Checked);
