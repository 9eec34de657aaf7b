using System.Collections.Immutable;

namespace ConnectedCalifornia.Network;

/// <summary>One reason a command was refused, naming the field a person has to correct.</summary>
[GenerateSerializer, Immutable, Alias("cc.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message);

/// <summary>
/// The answer to every command a grain takes. A refused command changes nothing and says why,
/// field by field, so the UI and the API can show the same clear message.
/// </summary>
[GenerateSerializer, Immutable, Alias("cc.CommandResult")]
public sealed record CommandResult(
    [property: Id(0)] ImmutableArray<FieldError> Errors,
    [property: Id(1)] long Version,
    [property: Id(2)] bool NotFound = false,
    [property: Id(3)] bool Denied = false)
{
    public bool Succeeded => Errors.IsDefaultOrEmpty && !NotFound && !Denied;

    public static CommandResult Ok(long version) => new(ImmutableArray<FieldError>.Empty, version);

    public static CommandResult Invalid(string field, string message) => new([new FieldError(field, message)], 0);

    public static CommandResult Invalid(IEnumerable<FieldError> errors) => new([.. errors], 0);

    /// <summary>The person may not do this; nothing was changed.</summary>
    public static CommandResult Forbidden() => new([new FieldError("authorization", "You may not do this.")], 0, Denied: true);

    public static CommandResult Missing(string what) => new([new FieldError("id", $"{what} does not exist.")], 0, NotFound: true);

    public IDictionary<string, string[]> ToDictionary() =>
        (Errors.IsDefault ? [] : Errors)
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}
