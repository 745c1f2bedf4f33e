using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace UserConsole.Tests.Infrastructure;

/// <summary>A real SMTP server on a loopback port inside the test run (the SmtpServer package): it keeps every
/// message it accepts, and with <see cref="RequireUser"/> it authenticates and refuses a wrong password with 535.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and back on the same port.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private readonly (string User, string Password)? _account;
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private CancellationTokenSource? _stop;

    private TestSmtpServer(int port, (string, string)? account)
    {
        Port = port;
        _account = account;
    }

    public int Port { get; }

    /// <summary>Every message accepted, in order of arrival, with when it arrived.</summary>
    public IReadOnlyList<(MimeMessage Message, DateTime ReceivedAt)> Received => [.. _store.Messages];

    public int Count => _store.Messages.Count;

    public static async Task<TestSmtpServer> StartNewAsync((string User, string Password)? requireUser = null, bool start = true)
    {
        var server = new TestSmtpServer(FreePort(), requireUser);
        if (start)
        {
            await server.StartAsync();
        }

        return server;
    }

    /// <summary>Starts a server that requires this user name and password (any other: 535).</summary>
    public static Task<TestSmtpServer> RequireUser(string user, string password) => StartNewAsync((user, password));

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AllowUnsecureAuthentication(true).AuthenticationRequired(_account is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        if (_account is { } account)
        {
            services.Add(new Authenticator(account.User, account.Password));
        }

        _stop = new CancellationTokenSource();
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
        await WaitListeningAsync();
    }

    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        _stop.Dispose();
        _server = null;
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived (or fails after the timeout).</summary>
    public async Task WaitForAsync(int count, int timeoutSeconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Expected {count} messages at the SMTP server, got {Count}.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitListeningAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new TimeoutException("The test SMTP server did not start listening.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<(MimeMessage, DateTime)> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            Messages.Enqueue((message, DateTime.UtcNow));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator(string user, string password) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(ISessionContext context, string user1, string password1, CancellationToken cancellationToken) =>
            Task.FromResult(user1 == user && password1 == password);
    }
}
