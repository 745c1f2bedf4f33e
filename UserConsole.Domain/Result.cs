namespace UserConsole.Domain;

/// <summary>An expected failure of a domain operation: a stable code, a sentence a person can act on, and the
/// input property it concerns (null when it concerns the operation as a whole).</summary>
public sealed record DomainError(string Code, string Message, string? Property = null);

/// <summary>The outcome of a domain operation that returns nothing.</summary>
public sealed class Result
{
    private Result(DomainError? error) => Error = error;

    public static Result Success { get; } = new(null);

    public DomainError? Error { get; }

    public bool Succeeded => Error is null;

    public static Result Failure(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result(error);
    }

    public static implicit operator Result(DomainError error) => Failure(error);
}

/// <summary>The outcome of a domain operation that returns a value.</summary>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    public DomainError? Error { get; }

    public bool Succeeded => Error is null;

    public T Value => Succeeded
        ? _value!
        : throw new InvalidOperationException($"The operation failed ({Error!.Code}); there is no value.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(DomainError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new Result<T>(default, error);
    }

#pragma warning disable CA2225 // Operator overloads have named alternates: Success/Failure are the named alternates.
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(DomainError error) => Failure(error);
#pragma warning restore CA2225
}
