using FluentValidation;

namespace UserConsole.Domain.Backup;

/// <summary>The fields of the production server form (create and edit).</summary>
public sealed class ServerInput
{
    public string Name { get; set; } = "";

    public string Host { get; set; } = "";

    public string OperatingSystem { get; set; } = "";

    public ServerStatus Status { get; set; } = ServerStatus.Online;

    /// <summary>The concurrency stamp the form was loaded with (edit only).</summary>
    public string? ConcurrencyStamp { get; set; }
}

public sealed class ServerInputValidator : AbstractValidator<ServerInput>
{
    public ServerInputValidator()
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop).InventoryName();
        RuleFor(x => x.Host).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the host name or IP address.")
            .MaximumLength(253).WithMessage("Use at most 253 characters.")
            .Must(InventoryNames.IsHost).WithMessage("Enter a host name (letters, digits, '-' and '.') or an IP address.");
        RuleFor(x => x.OperatingSystem).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the operating system.")
            .MaximumLength(100).WithMessage("Use at most 100 characters.");
        RuleFor(x => x.Status).IsInEnum().WithMessage("Choose a status.");
    }
}

/// <summary>The fields of the storage server form (create and edit). Capacity is in gigabytes (10^9 bytes).</summary>
public sealed class StorageInput
{
    public const long BytesPerGigabyte = 1_000_000_000;

    public const int MaxCapacityGigabytes = 10_000_000;

    public string Name { get; set; } = "";

    public StorageKind Kind { get; set; } = StorageKind.Linux;

    public int CapacityGigabytes { get; set; } = 1000;

    public string? ConcurrencyStamp { get; set; }

    public long CapacityBytes => CapacityGigabytes * BytesPerGigabyte;
}

public sealed class StorageInputValidator : AbstractValidator<StorageInput>
{
    public StorageInputValidator()
    {
        RuleFor(x => x.Name).Cascade(CascadeMode.Stop).InventoryName();
        RuleFor(x => x.Kind).IsInEnum().WithMessage("Choose Linux or Cloud.");
        RuleFor(x => x.CapacityGigabytes)
            .InclusiveBetween(1, StorageInput.MaxCapacityGigabytes)
            .WithMessage($"Enter a capacity between 1 and {StorageInput.MaxCapacityGigabytes:N0} GB.");
    }
}

internal static class InventoryNames
{
    /// <summary>The rules of a server, storage or schedule name: given, at most 100 characters, no spaces around.</summary>
    public static IRuleBuilderOptions<T, string> InventoryName<T>(this IRuleBuilder<T, string> name) => name
        .NotEmpty().WithMessage("Enter a name.")
        .MaximumLength(100).WithMessage("Use at most 100 characters.")
        .Must(IsTrimmed).WithMessage("Remove the spaces at the start or end.");

    public static bool IsTrimmed(string? value) => value is null || value.Trim().Length == value.Length;

    /// <summary>A DNS name (labels of letters, digits and '-') or an IPv4/IPv6 address.</summary>
    public static bool IsHost(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (System.Net.IPAddress.TryParse(value, out _))
        {
            return true;
        }

        return value.Split('.').All(label =>
            label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && label[0] != '-' && label[^1] != '-');
    }
}
