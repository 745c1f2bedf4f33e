using OtpNet;

namespace UserConsole.Domain.Profile;

/// <summary>TOTP as the console uses it (RFC 6238 with Otp.NET): a 160-bit secret written in Base32, SHA-1, six
/// digits, 30-second steps, and one step of clock drift accepted either way.</summary>
public static class AuthenticatorCodes
{
    public const string Issuer = "UserConsole";
    public const int SecretBytes = 20;
    public const int StepSeconds = 30;
    public const int Digits = 6;

    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    /// <summary>A new random secret in Base32 (32 characters for 160 bits).</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(SecretBytes));

    /// <summary>The otpauth:// address an authenticator app reads from the QR code.</summary>
    public static string AuthenticatorUri(string secret, string accountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        return new OtpUri(OtpType.Totp, secret, accountName, Issuer, OtpHashMode.Sha1, Digits, StepSeconds).ToString();
    }

    /// <summary>True when <paramref name="secret"/> is Base32 for exactly <see cref="SecretBytes"/> bytes.</summary>
    public static bool TryDecodeSecret(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrEmpty(secret) || secret.Length != 32 || !secret.All(c => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7')))
        {
            return false;
        }

        key = Base32Encoding.ToBytes(secret);
        return key.Length == SecretBytes;
    }

    /// <summary>The six digits of a code as typed (spaces and dashes ignored); null when it is not six digits.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length > 16)
        {
            return null;
        }

        var digits = new string(code.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == Digits && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The time step whose code <paramref name="code"/> is, within one step of drift around
    /// <paramref name="utcNow"/>; null when it matches none.</summary>
    public static long? MatchStep(byte[] key, string code, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(key);
        var totp = new Totp(key, StepSeconds, OtpHashMode.Sha1, Digits);
        return totp.VerifyTotp(utcNow, code, out var step, Drift) ? step : null;
    }

    /// <summary>The secret in groups of four characters, as it is printed for manual entry.</summary>
    public static string Group(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
    }
}
