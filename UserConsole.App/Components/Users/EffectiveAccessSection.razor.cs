namespace UserConsole.App.Components.Users;

/// <summary>Loads the user's effective access from the domain (<see cref="AccessExplorer"/>) whenever the user
/// changes (<see cref="Version"/>), and explains one chosen server or storage on request. It decides nothing.</summary>
public sealed partial class EffectiveAccessSection(AccessExplorer explorer, SessionUser session)
{
    private EffectiveAccess? _access;
    private AccessChain? _chain;
    private string? _error;
    private string? _chosen;
    private string? _loadedVersion;

    [Parameter, EditorRequired]
    public required Guid UserId { get; set; }

    /// <summary>The user's concurrency stamp: a new one reloads the section.</summary>
    [Parameter, EditorRequired]
    public required string Version { get; set; }

    /// <summary>The servers the viewer may pick to explain (those they can see).</summary>
    [Parameter]
    public IReadOnlyList<NamedItem> Servers { get; set; } = [];

    [Parameter]
    public IReadOnlyList<NamedItem> Storages { get; set; } = [];

    protected override async Task OnParametersSetAsync()
    {
        if (string.Equals(_loadedVersion, Version, StringComparison.Ordinal))
        {
            return;
        }

        _loadedVersion = Version;
        var result = await explorer.GetEffectiveAccessAsync(await session.GetAsync(), UserId);
        _access = result.Succeeded ? result.Value : null;
        _error = result.Error?.Message;
        _chain = null;
    }

    private async Task ExplainAsync()
    {
        if (_chosen is not { Length: > 1 } chosen || !int.TryParse(chosen.AsSpan(1), out var id))
        {
            return;
        }

        var kind = chosen[0] == 's' ? AccessTargetKind.StorageServer : AccessTargetKind.ProductionServer;
        var result = await explorer.ExplainAsync(await session.GetAsync(), UserId, kind, id);
        _chain = result.Succeeded ? result.Value : null;
        _error = result.Error?.Message ?? _error;
    }
}
