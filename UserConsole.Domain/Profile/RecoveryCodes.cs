using System.Security.Cryptography;
using System.Text;

namespace UserConsole.Domain.Profile;

/// <summary>Single-use recovery codes: 10 per set, 16 characters from an unambiguous alphabet (about 79 bits each),
/// shown as four groups of four. Only a SHA-256 of each code is stored (salted with the user id, so equal codes of
/// two users never look alike), in Identity's own recovery-code row (the user token "[AspNetUserStore]" /
/// "RecoveryCodes", hashes joined by ';'). A code this long is not guessable, so a fast hash is enough.</summary>
public static class RecoveryCodes
{
    public const int PerSet = 10;
    public const int Length = 16;

    /// <summary>Where Identity's UserStore keeps recovery codes; kept, so that Identity's count works on our rows.</summary>
    internal const string LoginProvider = "[AspNetUserStore]";
    internal const string TokenName = "RecoveryCodes";

    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>A new set of codes, formatted for display ("ABCD-EFGH-JKMN-PQRS").</summary>
    public static IReadOnlyList<string> NewSet() =>
        [.. Enumerable.Range(0, PerSet).Select(_ => string.Join('-', RandomNumberGenerator.GetString(Alphabet, Length).Chunk(4).Select(c => new string(c))))];

    /// <summary>The code as typed, without spaces and dashes and in upper case; null when it cannot be one.</summary>
    public static string? Normalize(string? code)
    {
        if (code is null || code.Length > 64)
        {
            return null;
        }

        var normalized = new string(code.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return normalized.Length is > 0 and <= 32 ? normalized : null;
    }

    /// <summary>What is stored of one code.</summary>
    public static string Hash(Guid userId, string code)
    {
        var normalized = Normalize(code) ?? throw new ArgumentException("Not a recovery code.", nameof(code));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"userconsole.recovery-code.v1:{userId:N}:{normalized}")));
    }

    /// <summary>The stored form of a whole set.</summary>
    public static string Store(Guid userId, IEnumerable<string> codes) => string.Join(';', codes.Select(c => Hash(userId, c)));

    public static int CountOf(string? stored) => string.IsNullOrEmpty(stored) ? 0 : stored.Split(';').Length;

    /// <summary>The stored set without <paramref name="code"/>; null when the code is not in it. Every stored hash is
    /// compared, in constant time, whichever matches.</summary>
    public static string? Without(string? stored, Guid userId, string? code)
    {
        if (string.IsNullOrEmpty(stored) || Normalize(code) is null)
        {
            return null;
        }

        var candidate = Encoding.ASCII.GetBytes(Hash(userId, code!));
        var hashes = stored.Split(';');
        var match = -1;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(hashes[i])) && match < 0)
            {
                match = i;
            }
        }

        return match < 0 ? null : string.Join(';', hashes.Where((_, i) => i != match));
    }
}
