using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ConnectedCalifornia.Directory;

namespace ConnectedCalifornia.Network;

/// <summary>
/// Collects the reasons a command is refused, field by field. The grains validate the whole
/// command first and change nothing when <see cref="HasErrors"/>.
/// </summary>
internal sealed class FieldValidator
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxUserIdLength = 128;
    public const int MaxDisplayNameLength = 100;

    private readonly List<FieldError> _errors = [];

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message) => _errors.Add(new FieldError(field, message));

    public CommandResult ToResult() => CommandResult.Invalid(_errors);

    /// <summary>Who acts: required, with a user id and a display name.</summary>
    public void Actor(Actor? actor, string missing = "Who makes the change is required.")
    {
        if (actor is null)
        {
            Add("actor", missing);
            return;
        }

        Required("actor.userId", actor.UserId, MaxUserIdLength, "The acting user's id");
        Required("actor.displayName", actor.DisplayName, MaxNameLength, "The acting user's name");
    }

    /// <summary>A text that must not be empty and has a length limit.</summary>
    public void Required(string field, string? value, int maxLength, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{label} is required.");
        }
        else
        {
            MaxLength(field, value, maxLength, label);
        }
    }

    public void MaxLength(string field, string? value, int maxLength, string label)
    {
        if (!HasControlCharacters(field, value, label, singleLine: maxLength <= MaxNameLength) && value is not null && value.Length > maxLength)
        {
            Add(field, $"{label} must be at most {maxLength:N0} characters (it has {value.Length:N0}).");
        }
    }

    /// <summary>
    /// Free text that must not identify a survivor (<see cref="PiiGuard"/>): one error per kind of
    /// identifying data found, naming the kind and where identity belongs, never the text itself.
    /// </summary>
    public void NoSurvivorIdentity(string field, string? value, PiiField where, IEnumerable<string?>? consentedDetails = null)
    {
        foreach (var message in PiiGuard.Messages(value, where, consentedDetails))
        {
            Add(field, message);
        }
    }

    public void Defined<TEnum>(string field, TEnum value, string label)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            Add(field, $"{label} '{value}' is not one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    /// <summary>Codes of a vocabulary: every one known, none twice.</summary>
    public void Codes(string field, ImmutableArray<string> codes, Func<string, bool> isKnown, string vocabulary, int max = 50)
    {
        if (codes.Length > max)
        {
            Add(field, $"At most {max} {vocabulary} can be listed (there are {codes.Length}).");
            return;
        }

        var unknown = codes.Where(c => string.IsNullOrEmpty(c) || !isKnown(c)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            Add(field, $"Unknown {vocabulary}: {string.Join(", ", unknown.Select(Quote))}.");
        }

        NoDuplicates(field, codes, vocabulary);
    }

    /// <summary>California counties by FIPS code: at least one, every one valid, none twice.</summary>
    public void Counties(string field, ImmutableArray<string> counties)
    {
        if (counties.IsDefaultOrEmpty)
        {
            Add(field, "At least one county is required.");
            return;
        }

        var unknown = counties.Where(c => !California.IsCounty(c)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            Add(field, $"Not a California county FIPS code (06001–06115): {string.Join(", ", unknown.Select(Quote))}.");
        }

        NoDuplicates(field, counties, "counties");
    }

    /// <summary>The key of a network participant, such as <c>fresno-harbor-house</c>.</summary>
    public bool Key(string field, [NotNullWhen(true)] string? key, string label)
    {
        if (Identifiers.IsValidKey(key))
        {
            return true;
        }

        Add(field, string.IsNullOrEmpty(key)
            ? $"{label} is required."
            : $"{label} '{Shorten(key)}' is not a valid key: lowercase letters, digits and single dashes, at most {Identifiers.MaxKeyLength} characters.");
        return false;
    }

    /// <summary>An absolute http or https address.</summary>
    public void WebAddress(string field, string? value, int maxLength, string label)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            MaxLength(field, value, maxLength, label);
        }
        else if (!IsWebAddress(value))
        {
            Add(field, $"{label} must be a full web address starting with https:// or http://.");
        }
    }

    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host)
        && !value.Any(char.IsWhiteSpace);

    private void NoDuplicates(string field, ImmutableArray<string> values, string what)
    {
        var duplicates = values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            Add(field, $"Listed more than once among the {what}: {string.Join(", ", duplicates.Select(Quote))}.");
        }
    }

    private static string Quote(string? value) => $"'{Shorten(value)}'";

    private static string Shorten(string? value) =>
        value is null ? string.Empty : value.Length > 40 ? value[..40] + "…" : value;

    /// <summary>
    /// Refuses characters nobody types on purpose and that hide or reorder text: C0 and C1 control
    /// characters (tab and line breaks are allowed in longer, multi-line text, never in a short one of at
    /// most <see cref="MaxNameLength"/> characters) and the bidirectional override and isolate marks
    /// (U+202A–U+202E, U+2066–U+2069), which make a name or an address read differently from what is stored.
    /// </summary>
    private bool HasControlCharacters(string field, string? value, string label, bool singleLine)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var c in value)
        {
            var lineBreak = c is '\n' or '\r' or '\t';
            if (lineBreak && singleLine)
            {
                Add(field, $"{label} must be on one line (no line breaks or tabs).");
                return true;
            }

            if ((char.IsControl(c) && !lineBreak) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                Add(field, $"{label} contains a control or text-direction character (U+{(int)c:X4}); remove it and try again.");
                return true;
            }
        }

        return false;
    }
}
