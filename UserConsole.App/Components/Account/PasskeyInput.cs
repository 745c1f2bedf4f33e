namespace UserConsole.App.Components.Account;

/// <summary>What a sign-in form receives from <c>PasskeySubmit</c>: the authenticator's answer, or why there is none.</summary>
public sealed class PasskeyInput
{
    public string? CredentialJson { get; set; }

    public string? Error { get; set; }
}
