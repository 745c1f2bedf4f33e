namespace UserConsole.Tests.Infrastructure;

/// <summary>Locates the repository and the built app from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AppProjectFolder => Path.Combine(Root, "UserConsole.App");

    /// <summary>The app built in the same configuration as the tests (the project reference builds it).</summary>
    public static string AppAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(AppProjectFolder, "bin", configuration, "net10.0", "UserConsole.App.dll");
        }
    }

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "UserConsole.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("UserConsole.sln not found above the test binaries.");
    }
}
