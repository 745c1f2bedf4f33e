using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace UserConsole.Benchmarks.Load;

/// <summary>A client of the static sign-in form whose connections leave from one loopback address of its own
/// (127.0.0.0/8 is all loopback on Linux), so that the app sees as many clients as the benchmark chooses. It keeps
/// its cookies (the antiforgery cookie with them), follows no redirect.</summary>
internal sealed partial class SignInClient : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public SignInClient(Uri app, IPAddress from)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            MaxConnectionsPerServer = 64,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = app, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>GETs the sign-in form for its antiforgery token (kept for the next posts, as a browser tab would).</summary>
    public async Task LoadFormAsync()
    {
        var page = await _http.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        _token = Token().Match(page) is { Success: true } match ? match.Groups[1].Value
            : throw new InvalidOperationException("The sign-in form has no antiforgery token.");
    }

    /// <summary>POSTs the form once; returns the status and how long the answer took.</summary>
    public async Task<(HttpStatusCode Status, TimeSpan Took)> PostAsync(string userName, string password)
    {
        if (_token is null)
        {
            await LoadFormAsync();
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = _token!,
            ["_handler"] = "sign-in",
            ["Input.UserNameOrEmail"] = userName,
            ["Input.Password"] = password,
        });
        var watch = Stopwatch.StartNew();
        using var response = await _http.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, watch.Elapsed);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
