using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace UserConsole.Domain.Mail;

/// <summary>What the SMTP server answered: accepted (with its reply) or refused (with its reply or what went wrong
/// on the way, such as "535 5.7.8 Authentication failed" or "Connection refused").</summary>
public sealed record SmtpReply(bool Accepted, string Text);

/// <summary>Talks to the SMTP server with MailKit: one connection for a batch of mails. Failures come back as
/// replies, never as exceptions (a failed mail is retried, not a crash).</summary>
public sealed class SmtpTransport(TimeSpan timeout)
{
    /// <summary>Connects (and authenticates when a user name is set), then sends each message in turn; returns one
    /// reply per message. A failure to connect or authenticate is every message's reply.</summary>
    public async Task<IReadOnlyList<SmtpReply>> SendAsync(SmtpConfig config, string? password, IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(messages);
        var replies = new List<SmtpReply>(messages.Count);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(config.Host, config.Port, Options(config.Security), cancellationToken);
            if (!string.IsNullOrEmpty(config.UserName))
            {
                await client.AuthenticateAsync(config.UserName, password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            return [.. messages.Select(_ => new SmtpReply(false, failure))];
        }

        foreach (var message in messages)
        {
            try
            {
                var text = await client.SendAsync(message, cancellationToken);
                replies.Add(new SmtpReply(true, Trim($"250 {text}")));
            }
            catch (Exception ex) when (Describe(ex) is { } failure)
            {
                replies.Add(new SmtpReply(false, failure));
                if (!client.IsConnected)
                {
                    replies.AddRange(messages.Skip(replies.Count).Select(_ => new SmtpReply(false, failure)));
                    break;
                }
            }
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (Describe(ex) is not null)
        {
            // The mails are sent; a lost QUIT changes nothing.
        }

        return replies;
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslTls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    /// <summary>The server's reply or the failure in a sentence; null for what is not an SMTP or network failure
    /// (a cancellation, a programming error), which is let through.</summary>
    internal static string? Describe(Exception ex) => ex switch
    {
        SmtpCommandException command => Trim($"{(int)command.StatusCode} {command.Message}"),
        AuthenticationException { InnerException: SmtpCommandException command } => Trim($"{(int)command.StatusCode} {command.Message}"),
        AuthenticationException auth => Trim(auth.Message),
        SocketException socket => Trim(socket.Message),
        SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or SslHandshakeException or IOException => Trim(ex.Message),
        TimeoutException => "The SMTP server did not answer in time.",
        OperationCanceledException => null,
        _ => null,
    };

    private static string Trim(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > OutboxMessage.ErrorLength ? line[..OutboxMessage.ErrorLength] : line;
    }
}
