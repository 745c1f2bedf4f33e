using System.Globalization;
using UserConsole.Benchmarks;

// dotnet run -c Release --project UserConsole.Benchmarks [-- logs [N] | users [N]] [--provider sqlite|postgresql]
// logs:  N job logs (default 1,000,000) over 200 production servers: the Logs page's first page and the 14-day chart,
//        for an operator scoped to 5 servers and an unscoped one, through the domain and as bare SQL.
// users: N users (default 100,000): the users list's first page, searches and sorts, through the domain and as bare SQL.
// logs and users run on SQLite and on PostgreSQL (a throwaway local cluster, when Debian's server binaries are
// installed) and print both side by side; --provider runs one of them only.
// load [S]: the published app with 100 signed-in circuits on /users under 50 wrong-password sign-ins/s for S seconds
//        (default 60): p95s of a legitimate sign-in and of the users grid, the attack's answers, locked accounts.
// access: 10,000 users, 200 servers, 1,000,000 job logs: effective access, who can see a server, a role change's impact,
//        the access review's first page and full CSV, through the domain and as bare SQL.
// circuits [/users|/]: the published app's managed heap and working set per signed-in circuit on /users and on / (N = 0, 25, 50,
//        100 pages), and the live components per circuit, through the diagnostics endpoint the benchmark turns on.
// clicks: click→DOM p50/p95 over 200 clicks (Create user dialog, users grid page flip, search keystroke, matrix toggle).
// start: cold start of the published app to a healthy /health, median of 5.
// Without arguments, logs and users run.
var providerAt = Array.FindIndex(args, a => a is "--provider" or "-p");
string? providerOption = null;
if (providerAt >= 0)
{
    providerOption = providerAt + 1 < args.Length ? args[providerAt + 1] : throw new ArgumentException("--provider needs a value: sqlite or postgresql.");
    args = [.. args.Take(providerAt), .. args.Skip(providerAt + 2)];
}

var which = args.Length > 0 ? args[0] : "all";
int Count(int fallback) => args.Length > 1 && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
var (providers, skipped) = BenchProviders.Choose(providerOption);
if (skipped is not null && which is "all" or "logs" or "users")
{
    Console.WriteLine(skipped);
    if (providers.Count == 0)
    {
        return;
    }
}

if (which is "load")
{
    await UserConsole.Benchmarks.Load.LoadBenchmark.RunAsync(Console.Out, Count(60));
    return;
}

switch (which)
{
    case "circuits":
        await UserConsole.Benchmarks.Load.CircuitsBenchmark.RunAsync(Console.Out, args.Skip(1).FirstOrDefault(a => a.StartsWith('/')));
        return;
    case "clicks":
        await UserConsole.Benchmarks.Load.ClicksBenchmark.RunAsync(Console.Out);
        return;
    case "start":
        await UserConsole.Benchmarks.Load.StartBenchmark.RunAsync(Console.Out);
        return;
}

if (which is "all" or "logs")
{
    await using var logs = await LogBenchmark.CreateAsync(Count(1_000_000), servers: 200, providers);
    await logs.RunAsync(Console.Out);
    Console.WriteLine();
}

if (which is "all" or "users")
{
    await using var users = await UserListBenchmark.CreateAsync(Count(100_000), providers);
    await users.RunAsync(Console.Out);
}

if (which is "access")
{
    await AccessBenchmark.RunAsync(Console.Out, jobLogs: 1_000_000, servers: 200, users: Count(10_000));
}
