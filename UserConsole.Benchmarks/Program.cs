using UserConsole.Benchmarks;

// Seeds 1,000,000 job logs over 200 production servers into a temporary SQLite file, then times the first page of
// the Logs page and the 14-day outcomes chart, through the domain services (what a page waits for) and as bare SQL
// (the same commands, replayed on a plain connection), for an operator scoped to 5 servers and for an unscoped one.
var jobLogs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1_000_000;
await using var bench = await LogBenchmark.CreateAsync(jobLogs, servers: 200);
await bench.RunAsync(Console.Out);
