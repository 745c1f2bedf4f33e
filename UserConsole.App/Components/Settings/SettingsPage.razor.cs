using UserConsole.App.Components.Shared;
using UserConsole.Domain.Settings;

namespace UserConsole.App.Components.Settings;

/// <summary>The Settings page: the SMTP settings and the Security policy (edited with edit_settings, read-only
/// otherwise), the test email and the outbox's delivery status. Every rule and check is the domain's; the page shows its answers.</summary>
public sealed partial class SettingsPage(SettingsService settings, SessionUser session, ISnackbar snackbar)
{
    private SettingsPageView? _page;
    private string? _loadError;
    private MailSettingsInput _mail = new();
    private readonly FormFeedback _mailFeedback = FormFeedback.For<MailSettingsInput>();
    private SecurityPolicyInput _policy = new();
    private readonly FormFeedback _policyFeedback = FormFeedback.For<SecurityPolicyInput>();
    private bool _busy;

    protected override Task OnInitializedAsync() => LoadAsync(resetMail: true, resetPolicy: true);

    private Task RefreshAsync() => LoadAsync(resetMail: false, resetPolicy: false);

    private async Task LoadAsync(bool resetMail, bool resetPolicy)
    {
        var result = await settings.GetAsync(await session.GetAsync());
        if (!result.Succeeded)
        {
            _loadError = result.Error!.Message;
            return;
        }

        _page = result.Value;
        if (resetMail)
        {
            _mail = _page.Mail.ToInput();
        }

        if (resetPolicy)
        {
            _policy = _page.SecurityPolicy;
        }
    }

    private async Task SaveSecurityPolicyAsync()
    {
        _busy = true;
        try
        {
            var saved = await settings.SaveSecurityPolicyAsync(await session.GetAsync(), _policy);
            if (_policyFeedback.Accept(saved.Error))
            {
                snackbar.Add("Security policy saved. It is in force from the next sign-in or action.", Severity.Success);
                await LoadAsync(resetMail: false, resetPolicy: true);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveMailAsync()
    {
        _busy = true;
        try
        {
            var saved = await settings.SaveMailAsync(await session.GetAsync(), _mail);
            if (_mailFeedback.Accept(saved.Error))
            {
                snackbar.Add("Email settings saved.", Severity.Success);
                await LoadAsync(resetMail: true, resetPolicy: false);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync()
    {
        _busy = true;
        try
        {
            var sent = await settings.SendTestAsync(await session.GetAsync());
            if (sent.Succeeded)
            {
                _mailFeedback.Clear();
                snackbar.Add($"Test email sent to {sent.Value}.", Severity.Success);
            }
            else
            {
                _mailFeedback.ShowGeneral(sent.Error!.Message);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RetryFailedAsync()
    {
        _busy = true;
        try
        {
            var retried = await settings.RetryFailedAsync(await session.GetAsync());
            if (retried.Succeeded)
            {
                snackbar.Add(retried.Value == 1 ? "1 failed mail is queued again." : $"{retried.Value} failed mails are queued again.", Severity.Success);
                await LoadAsync(resetMail: false, resetPolicy: false);
            }
            else
            {
                snackbar.Add(retried.Error!.Message, Severity.Error);
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
