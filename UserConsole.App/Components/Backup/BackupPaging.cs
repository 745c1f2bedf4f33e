
namespace UserConsole.App.Components.Backup;

/// <summary>Turns a grid's or table's paging and sorting into the domain's <see cref="PageRequest"/>.</summary>
public static class BackupPaging
{
    public static int[] PageSizes { get; } = [.. Paging.PageSizes];

    public static PageRequest From<T>(GridState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sort = state.SortDefinitions.FirstOrDefault();
        return new PageRequest(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false);
    }

    public static PageRequest From(TableState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new PageRequest(state.Page, state.PageSize);
    }
}
