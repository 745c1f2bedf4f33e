using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace UserConsole.App.Hosting;

/// <summary>Memory figures for the circuits benchmark (`UserConsole.Benchmarks circuits`). Off unless the
/// configuration says <c>UserConsole:Diagnostics:Enabled=true</c>; when off, no service is added and no endpoint
/// exists (a request to it is the app's 404). When on, <c>GET /_diagnostics/memory</c> answers loopback callers only:
/// the managed heap after a forced full collection, the working set, and the open circuits with their live
/// components. It shows counts and type names, nothing of any user's data.</summary>
internal static class DiagnosticsHosting
{
    public const string EnabledKey = "UserConsole:Diagnostics:Enabled";
    public const string MemoryPath = "/_diagnostics/memory";

    private static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledKey);

    internal static WebApplicationBuilder AddUserConsoleDiagnostics(this WebApplicationBuilder builder)
    {
        if (IsEnabled(builder.Configuration))
        {
            builder.Services.AddSingleton<OpenCircuits>();
            builder.Services.AddScoped<CircuitHandler>(sp => new OpenCircuits.Handler(sp.GetRequiredService<OpenCircuits>()));
        }

        return builder;
    }

    internal static WebApplication MapUserConsoleDiagnostics(this WebApplication app)
    {
        if (!IsEnabled(app.Configuration))
        {
            return app;
        }

        app.MapGet(MemoryPath, async (HttpContext http, OpenCircuits circuits) =>
        {
            if (http.Connection.RemoteIpAddress is not { } from || !System.Net.IPAddress.IsLoopback(from))
            {
                return Results.NotFound();
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return Results.Json(new MemoryReport(managed, process.WorkingSet64, await circuits.DescribeAsync()));
        }).AllowAnonymous();
        return app;
    }

    internal sealed record MemoryReport(long ManagedBytes, long WorkingSetBytes, IReadOnlyList<CircuitReport> Circuits);

    /// <param name="Components">Live components of the circuit's renderer (-1 when the framework's layout is not the
    /// one this code reads).</param>
    /// <param name="ByType">Live components per type name, largest first.</param>
    /// <param name="FrameBytesByType">The bytes of render-tree frame buffers (current and previous render) the
    /// components of each type hold, largest first.</param>
    /// <param name="JsonTypes">The types whose System.Text.Json metadata the circuit's JS runtime holds (each circuit
    /// has its own serializer options, so its own metadata of every type its JS interop calls have carried).</param>
    internal sealed record CircuitReport(string Id, int Components, IReadOnlyDictionary<string, int> ByType,
        IReadOnlyDictionary<string, long> FrameBytesByType, IReadOnlyList<string> JsonTypes);

    /// <summary>The open circuits, and their renderers' live components read through the framework's private state
    /// (diagnostics only: nothing else depends on it, and a changed layout reads as -1).</summary>
    internal sealed class OpenCircuits
    {
        private readonly ConcurrentDictionary<string, Circuit> _open = new(StringComparer.Ordinal);

        public async Task<IReadOnlyList<CircuitReport>> DescribeAsync() =>
            [.. (await Task.WhenAll(_open.Values.Select(ReportAsync))).OrderBy(c => c.Id, StringComparer.Ordinal)];

        private static async Task<CircuitReport> ReportAsync(Circuit circuit)
        {
            var states = await ComponentStatesAsync(circuit);
            var components = states?.Select(s => (State: s, Component: s.GetType().GetProperty("Component", Instance)?.GetValue(s)))
                .Where(c => c.Component is not null)
                .ToList();
            return new CircuitReport(circuit.Id, components?.Count ?? -1,
                components is null ? new Dictionary<string, int>() : components
                    .GroupBy(c => Name(c.Component!.GetType()), StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count())
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                components is null ? new Dictionary<string, long>() : components
                    .GroupBy(c => Name(c.Component!.GetType()), StringComparer.Ordinal)
                    .Select(g => (g.Key, Bytes: g.Sum(c => FrameBytes(c.State))))
                    .OrderByDescending(g => g.Bytes)
                    .ToDictionary(g => g.Key, g => g.Bytes, StringComparer.Ordinal),
                JsonTypes(circuit));
        }

        /// <summary>The keys of the circuit's JS runtime's serializer metadata cache ([] when the layout differs).</summary>
        private static List<string> JsonTypes(Circuit circuit)
        {
            var host = Host(circuit);
            var js = host?.GetType().GetProperty("JSRuntime", Instance)?.GetValue(host);
            var options = js?.GetType().GetProperty("JsonSerializerOptions", Instance)?.GetValue(js);
            var context = options?.GetType().GetProperty("CacheContext", Instance)?.GetValue(options);
            var cache = context is null ? null : Fields(context.GetType()).Select(f => f.GetValue(context)).OfType<System.Collections.IDictionary>().FirstOrDefault();
            return cache is null ? [] : [.. cache.Keys.OfType<Type>().Select(Name).Order(StringComparer.Ordinal)];
        }

        private static string Name(Type type) => type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(",", type.GetGenericArguments().Select(Name))}>"
            : type.Name;

        private static object? Host(Circuit circuit) =>
            typeof(Circuit).GetFields(Instance).FirstOrDefault(f => f.FieldType.Name == "CircuitHost")?.GetValue(circuit);

        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        /// <summary>The frame arrays a component's state keeps (its RenderTreeBuilders' buffers), in bytes.</summary>
        private static long FrameBytes(object state)
        {
            long bytes = 0;
            foreach (var field in Fields(state.GetType()).Where(f => f.FieldType == typeof(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder)))
            {
                if (field.GetValue(state) is not { } builder)
                {
                    continue;
                }

                foreach (var entries in Fields(builder.GetType()).Where(f => f.FieldType.Name.Contains("ArrayBuilder", StringComparison.Ordinal)).Select(f => f.GetValue(builder)).OfType<object>())
                {
                    foreach (var items in Fields(entries.GetType()).Select(f => f.GetValue(entries)).OfType<Microsoft.AspNetCore.Components.RenderTree.RenderTreeFrame[]>())
                    {
                        bytes += items.Length * (long)System.Runtime.CompilerServices.Unsafe.SizeOf<Microsoft.AspNetCore.Components.RenderTree.RenderTreeFrame>();
                    }
                }
            }

            return bytes;
        }

        private static IEnumerable<FieldInfo> Fields(Type? type)
        {
            for (; type is not null; type = type.BaseType)
            {
                foreach (var field in type.GetFields(Instance | BindingFlags.DeclaredOnly))
                {
                    yield return field;
                }
            }
        }

        private static async Task<List<object>?> ComponentStatesAsync(Circuit circuit)
        {
            var host = Host(circuit);
            var renderer = host?.GetType().GetProperty("Renderer", Instance)?.GetValue(host);
            if (renderer?.GetType().GetProperty("Dispatcher", Instance)?.GetValue(renderer) is not Dispatcher dispatcher)
            {
                return null;
            }

            var type = renderer.GetType();
            FieldInfo? states = null;
            while (type is not null && states is null)
            {
                states = type.GetField("_componentStateById", Instance);
                type = type.BaseType;
            }

            if (states?.GetValue(renderer) is not System.Collections.IDictionary byId)
            {
                return null;
            }

            // read on the circuit's own dispatcher: the renderer changes the dictionary there
            return await dispatcher.InvokeAsync(() => byId.Values.Cast<object>().ToList());
        }

        internal sealed class Handler(OpenCircuits circuits) : CircuitHandler
        {
            public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                circuits._open[circuit.Id] = circuit;
                return Task.CompletedTask;
            }

            public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
            {
                circuits._open.TryRemove(circuit.Id, out _);
                return Task.CompletedTask;
            }
        }
    }
}
