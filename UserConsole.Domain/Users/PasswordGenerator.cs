using System.Security.Cryptography;

namespace UserConsole.Domain.Users;

/// <summary>One-time passwords: cryptographically random, from an alphabet without look-alike characters
/// (no 0/O, 1/l/I), long enough that guessing is hopeless.</summary>
public static class PasswordGenerator
{
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public const int Length = 20;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
