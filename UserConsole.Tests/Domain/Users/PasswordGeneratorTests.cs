using UserConsole.Domain.Users;

namespace UserConsole.Tests.Domain.Users;

public sealed class PasswordGeneratorTests
{
    [Fact]
    public void PasswordGenerator_TenThousandPasswords_AreLongDistinctAndUnambiguous()
    {
        var passwords = Enumerable.Range(0, 10_000).Select(_ => PasswordGenerator.Generate()).ToList();

        passwords.Distinct(StringComparer.Ordinal).Count().ShouldBe(10_000);
        passwords.ShouldAllBe(p => p.Length >= 16);
        var used = passwords.SelectMany(p => p).ToHashSet();
        used.ShouldBeSubsetOf(PasswordGenerator.Alphabet.ToHashSet());
        used.ShouldNotContain('0');
        used.ShouldNotContain('O');
        used.ShouldNotContain('1');
        used.ShouldNotContain('l');
        used.ShouldNotContain('I');
    }
}
