using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Directory;
using PhoneNumbers;

namespace ConnectedCalifornia.Network;

/// <summary>A kind of identifying data the <see cref="PiiGuard"/> recognises in free text.</summary>
public enum PiiKind
{
    PhoneNumber,
    EmailAddress,
    SocialSecurityNumber,
    DateOfBirth,
    AgeWithName,
    StreetAddress,
    VehiclePlate,
    ConsentedDetail,

    /// <summary>The text could not be checked in time (an unusually built text); it is refused unread.</summary>
    Unchecked,
}

/// <summary>
/// Where a free-text field is, for the guard's message: in a referral, identity has a place of its own
/// (the consented details); anywhere else (a task-force notice, an operation's timeline, ...) it has none.
/// </summary>
/// <param name="Label">The field as a sentence's subject, such as "A task-force notice"; null for a referral's field.</param>
public sealed record PiiField(string? Label)
{
    /// <summary>A referral's free text outside its consented details (needs, safety notes, notes, ...).</summary>
    public static PiiField Referral { get; } = new(Label: null);

    public static PiiField TaskForceNotice { get; } = new("A task-force notice");

    public static PiiField OperationTimeline { get; } = new("An operation's timeline entry");

    public static PiiField OperationStandby { get; } = new("A standby request or answer");

    public static PiiField OperationAssignment { get; } = new("An assignment");

    public static PiiField OperationReviewItem { get; } = new("An after-action item");

    public static PiiField HoldPurpose { get; } = new("A bed hold's purpose");
}

/// <summary>
/// Finds identifying data typed where none belongs: free text that everyone who sees a record reads and
/// that outlives a consent withdrawal (a referral's needs and safety notes, task-force notices, an
/// operation's timeline, standby, assignments and after-action items). The grains refuse such text with
/// <see cref="Messages"/>; the forms show the same messages as the person types.
/// </summary>
/// <remarks>
/// The guard answers with the kinds of data it found, never with the text it matched, so no message,
/// log line or error repeats the identifying value. It is a safety net for what people type by habit,
/// not a proof of anonymity: it cannot know a name it was never told, nicknames, numbers written out in
/// words, or a description that identifies someone (docs/referrals.md lists the limits).
/// </remarks>
public static partial class PiiGuard
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private const string Months =
        "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
        + "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre";

    /// <summary>A calendar date: 4/12/09, 04-12-2009, 2009-04-12, April 12, 2009, 12 de abril de 2009, 12 April 2009.</summary>
    private const string Date =
        @"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"
        + @"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)"
        + @"|(?:" + Months + @")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}(?!\d)"
        + @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:" + Months + @")\.?,?\s+(?:de(?:l)?\s+)?\d{2,4}(?!\d))";

    private static readonly Regex DateOfBirth = new(
        @"(?<![\p{L}\d])(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s?date|birthday|born(?:\s+on)?|b\.|fecha\s+de\s+nacimiento|f\.?\s?d\.?\s?n\.?|nacid[oa](?:\s+el)?|naci[oó](?:\s+el)?|cumpleaños|cumple)"
        + @"[\s:#,.\-]{0,4}(?:(?:on|el|the)\s+)?" + Date,
        Options | RegexOptions.IgnoreCase,
        Timeout);

    private static readonly Regex Email = new(
        @"[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}",
        Options,
        Timeout);

    private static readonly Regex Ssn = new(
        @"(?<![\d-])(?!000|666|9\d\d)\d{3}(?<sep>[- ])(?!00)\d{2}\k<sep>(?!0000)\d{4}(?![\d-])"
        + @"|(?<!\p{L})(?i:ssn|ss\#|soc(?:ial)?\.?\s+sec(?:urity)?\.?(?:\s+(?:number|no\.?|\#))?|(?:n[uú]mero\s+de\s+)?seguro\s+social)[\s:#.,-]{0,4}(?:(?i:ending(?:\s+in)?|que\s+termina\s+en|termina\s+en|last\s+4)\s*)?(?=[\dXx* -]{0,8}\d)[\dXx*]{3}[- ]?[\dXx*]{0,2}[- ]?\d{0,4}(?!\d)",
        Options,
        Timeout);

    private const string StreetSuffix =
        "street|st|avenue|ave|av|lane|ln|boulevard|blvd|road|rd|drive|dr|way|court|ct|place|pl|circle|cir|terrace|ter|parkway|pkwy|highway|hwy|trail|trl|loop|alley|aly|plaza|plz|square|sq";

    private static readonly Regex StreetAddress = new(
        // 12 Canary Lane, 1600 W. Shaw Ave, 455 5th St
        @"(?<![\p{L}\d-])\d{1,6}[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:(?:\p{Lu}[\p{L}'.-]*|\d+(?:st|nd|rd|th))\s+){1,4}(?i:" + StreetSuffix + @")(?!\p{L})"
        // Calle Canario 12, Avenida Reforma #45, Camino Real núm. 7
        + @"|(?<!\p{L})(?:Calle|Avenida|Avda\.?|Camino|Callejón|Callejon|Paseo|Bulevar|Carretera|Privada)\s+(?:[\p{L}'.-]+\s+){0,4}?(?:\#\s*|(?i:no\.?|n[uú]m(?:ero)?\.?)\s*)?\d{1,6}(?!\d)"
        // 1200 Calle Canario
        + @"|(?<![\p{L}\d-])\d{1,6}\s+(?:Calle|Avenida|Camino|Paseo)\s+\p{Lu}"
        // PO Box 123, Apartado postal 45
        + @"|(?<!\p{L})(?i:p\.?\s?o\.?\s+box|apartado\s+postal)\s*\#?\s*\d{1,6}",
        Options,
        Timeout);

    /// <summary>Words around a plate that say the token beside them is one.</summary>
    private static readonly Regex PlateContext = new(
        @"(?<!\p{L})(?i:plates?|placas?|license|licence|lic\.?|tags?|matr[ií]cula|dmv)(?!\p{L})",
        Options,
        Timeout);

    /// <summary>A plate-shaped token: 2 to 8 letters and digits, not part of a longer code such as RF-7K3Q9M2D.</summary>
    private static readonly Regex PlateToken = new(@"(?<![\p{L}\d-])[A-Za-z\d]{2,8}(?![\p{L}\d-])", Options, Timeout);

    /// <summary>The California shapes a plate has taken since 1980: 1ABC234 (standard), 12345A1 (commercial), 1ABC23 (motorcycle).</summary>
    private static readonly Regex CaliforniaPlate = new(@"^(?:\d[A-Z]{3}\d{3}|\d{5}[A-Z]\d|\d[A-Z]\d{5}|\d{2}[A-Z]\d{4}|\d[A-Z]{2,3}\d{2})$", Options, Timeout);

    /// <summary>An age said as an age: "age 16", "16 years old", "16-year-old", "16 yo", "16 años", "edad 16"; not a range ("18+", "12-17", "18 and older").</summary>
    private const string Age =
        @"(?:(?<![\p{L}])(?i:age|aged|edad(?:\s+de)?)\s*:?\s*\d{1,2}(?!\d)"
        + @"|(?<![\d:./-])\d{1,2}(?i:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old)?|\s*(?:yo|y/o|y\.o\.?)|\s+a[ñn]os(?:\s+de\s+edad)?)(?!\p{L}))"
        + @"(?!\s*(?:\+|[-–]\s*\d|(?i:to|a|hasta|or|o|and|y)\s+(?:\d|older|over|up|under|younger|m[aá]s|menos|mayores|menores)))";

    private const string NameWords = @"(?<name>\p{Lu}[\p{Ll}'’]+)(?:\s+\p{Lu}[\p{Ll}'’]+)?";

    /// <summary>A name right beside an age: "Jane, 16", "Jane (16)", "Jane is 16", "Jane Doe, age 16", "María tiene 16 años", "16-year-old Jane".</summary>
    private static readonly Regex[] AgeBesideName =
    [
        new(NameWords + @"(?:\s*,\s*|\s*\(\s*|\s+)(?:(?i:is|tiene|de|who\s+is|que\s+tiene)\s+)?(?i:(?:a|an|una?)\s+)?" + Age, Options, Timeout),
        new(Age + @"\s*,?\s+(?i:(?:named|called|llamad[oa])\s+)?(?<name>\p{Lu}[\p{Ll}'’]+)", Options, Timeout),
        new(
            NameWords + @"(?:\s*,\s*|\s*\(\s*|\s+(?i:is|tiene)\s+)\d{1,2}(?=\s*(?:\)|,|;|\.(?!\d)|$|\s+(?i:and|y|with|con|who|que|is|está|esta|was|estaba|needs?|necesita)\b))",
            Options | RegexOptions.Multiline,
            Timeout),
    ];

    /// <summary>Capitalised words that are not names: sentence starters, roles, days, months, places of this network.</summary>
    private static readonly ImmutableHashSet<string> NotNames = BuildNotNames();

    /// <summary>Particles of a name too common to match alone ("de", "del", "la").</summary>
    private static readonly ImmutableHashSet<string> NameParticles =
        ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "dos", "das", "di", "le", "the", "y", "and", "jr", "sr", "ii", "iii");

    /// <summary>
    /// The kinds of identifying data in <paramref name="text"/>, each once, in the order of
    /// <see cref="PiiKind"/>. <paramref name="consentedDetails"/> are the name and contact the person
    /// agreed to share (a referral's consented details): any of them, or any part of the name, found as a
    /// whole word is <see cref="PiiKind.ConsentedDetail"/>.
    /// </summary>
    public static ImmutableArray<PiiKind> Find(string? text, IEnumerable<string?>? consentedDetails = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var found = ImmutableArray.CreateBuilder<PiiKind>();
        try
        {
            Add(found, PiiKind.PhoneNumber, HasPhoneNumber(text));
            Add(found, PiiKind.EmailAddress, Email.IsMatch(text));
            Add(found, PiiKind.SocialSecurityNumber, Ssn.IsMatch(text));
            Add(found, PiiKind.DateOfBirth, DateOfBirth.IsMatch(text));
            Add(found, PiiKind.AgeWithName, HasAgeWithName(text));
            Add(found, PiiKind.StreetAddress, StreetAddress.IsMatch(text));
            Add(found, PiiKind.VehiclePlate, HasVehiclePlate(text));
            Add(found, PiiKind.ConsentedDetail, consentedDetails is not null && HasConsentedDetail(text, consentedDetails));
        }
        catch (RegexMatchTimeoutException)
        {
            // A text built to make the patterns slow is not accepted unread.
            return [PiiKind.Unchecked];
        }

        return found.ToImmutable();
    }

    /// <summary>
    /// One message per kind of identifying data in <paramref name="text"/> (empty when none), saying what
    /// was found and where identity belongs, never repeating the text.
    /// </summary>
    public static ImmutableArray<string> Messages(string? text, PiiField field, IEnumerable<string?>? consentedDetails = null) =>
        [.. Find(text, consentedDetails).Select(kind => Message(kind, field))];

    /// <summary>The refusal for <paramref name="kind"/> found in <paramref name="field"/>.</summary>
    public static string Message(PiiKind kind, PiiField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var what = Describe(kind);
        if (field.Label is { } label)
        {
            return $"{what} {label} must not identify a survivor: identifying details go only in a referral's consented details.";
        }

        return kind switch
        {
            PiiKind.PhoneNumber or PiiKind.EmailAddress or PiiKind.StreetAddress =>
                $"{what} Survivor contact details go in the consented details section.",
            PiiKind.ConsentedDetail =>
                $"{what} The person's name and contact stay in the consented details section, shared only while consent lasts.",
            PiiKind.DateOfBirth or PiiKind.AgeWithName =>
                $"{what} Use the age bracket; the person's name goes in the consented details section.",
            _ => $"{what} A referral does not carry it; the person's name and contact go in the consented details section.",
        };
    }

    /// <summary>What was found, as the first sentence of a message.</summary>
    public static string Describe(PiiKind kind) => kind switch
    {
        PiiKind.PhoneNumber => "This looks like a phone number.",
        PiiKind.EmailAddress => "This looks like an e-mail address.",
        PiiKind.SocialSecurityNumber => "This looks like a Social Security number.",
        PiiKind.DateOfBirth => "This looks like a date of birth.",
        PiiKind.AgeWithName => "This looks like a name with an age.",
        PiiKind.StreetAddress => "This looks like a street address.",
        PiiKind.VehiclePlate => "This looks like a vehicle plate or license number.",
        PiiKind.ConsentedDetail => "This contains the name or contact given in the consented details.",
        PiiKind.Unchecked => "This text could not be checked for identifying data; shorten or simplify it.",
        _ => "This looks like identifying data.",
    };

    private static void Add(ImmutableArray<PiiKind>.Builder found, PiiKind kind, bool present)
    {
        if (present)
        {
            found.Add(kind);
        }
    }

    /// <summary>
    /// Numbers libphonenumber finds in the text for the United States. A toll-free number (800, 888, ...)
    /// is an organization's line, such as a hotline, never a person's own, so it passes.
    /// A seven-digit local number written with its dash (555-0199) counts too.
    /// </summary>
    private static bool HasPhoneNumber(string text)
    {
        foreach (var match in Phones.FindNumbers(text, "US", PhoneNumberUtil.Leniency.POSSIBLE, long.MaxValue))
        {
            if (!IsPhoneShaped(match.RawString))
            {
                continue;
            }

            if (Phones.GetNumberType(match.Number) == PhoneNumberType.TOLL_FREE)
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>
    /// Digits grouped as people write a phone number (after an optional country code 1): 559 555 0199,
    /// 5595550199, 555-0199. Other groupings (a case number 2026-000123) are codes, not numbers to call.
    /// </summary>
    private static bool IsPhoneShaped(string raw)
    {
        var trimmed = raw.TrimStart();
        if (trimmed.StartsWith('+'))
        {
            // Written in international form (+52 55 1234 5678): a number to call, whatever its grouping.
            return true;
        }

        var groups = DigitRuns().Matches(trimmed).Select(m => m.Length).ToList();
        if (groups.Count > 1 && groups[0] == 1 && trimmed[0] == '1')
        {
            groups.RemoveAt(0);
        }

        return groups switch
        {
            [10] or [3, 3, 4] or [3, 7] or [3, 4] => true,
            [11] => trimmed[0] == '1',
            _ => false,
        };
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, 250)]
    private static partial Regex DigitRuns();

    private static bool HasAgeWithName(string text)
    {
        foreach (var pattern in AgeBesideName)
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (IsName(match.Groups["name"].Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsName(string word) => word.Length >= 2 && !NotNames.Contains(RemoveDiacritics(word));

    private static bool HasVehiclePlate(string text)
    {
        foreach (Match context in PlateContext.Matches(text))
        {
            var from = Math.Max(0, context.Index - 25);
            var to = Math.Min(text.Length, context.Index + context.Length + 25);
            var window = text[from..to];
            foreach (Match token in PlateToken.Matches(window))
            {
                var value = token.Value;
                if (string.Equals(value, context.Value, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var digits = value.Count(char.IsAsciiDigit);
                var letters = value.Length - digits;
                var plateShaped = CaliforniaPlate.IsMatch(value.ToUpperInvariant());
                // A personalised plate mixes letters and digits (7CNRY7F); a year (2024) or a word (unknown) does not.
                if (plateShaped || (digits > 0 && letters > 0 && value.Length >= 3 && !IsOrdinal(value)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsOrdinal(string value) =>
        value.Length > 2 && value[..^2].All(char.IsAsciiDigit) && value[^2..].ToLowerInvariant() is "st" or "nd" or "rd" or "th";

    private static bool HasConsentedDetail(string text, IEnumerable<string?> details)
    {
        var plain = RemoveDiacritics(text);
        foreach (var detail in details)
        {
            var value = detail?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var words = RemoveDiacritics(value).Split([' ', ',', '.', '\t', '\n', '(', ')', '"', '/'], StringSplitOptions.RemoveEmptyEntries);
            IEnumerable<string> candidates = [string.Join(' ', words), .. words.Where(w => w.Length >= 3 && !NameParticles.Contains(w))];
            foreach (var candidate in candidates.Where(c => c.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var pattern = @"(?<![\p{L}\d])" + Regex.Escape(candidate).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"(?![\p{L}\d])";
                if (Regex.IsMatch(plain, pattern, Options | RegexOptions.IgnoreCase, Timeout))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string RemoveDiacritics(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    private static ImmutableHashSet<string> BuildNotNames()
    {
        string[] words =
        [
            // English sentence starters, pronouns, roles and coordination words
            "The", "A", "An", "This", "That", "These", "Those", "She", "He", "They", "We", "You", "It", "Her", "His", "Their", "Our", "My",
            "Client", "Clients", "Youth", "Survivor", "Survivors", "Victim", "Person", "People", "Adult", "Adults", "Minor", "Minors",
            "Mother", "Mom", "Father", "Dad", "Child", "Children", "Kid", "Kids", "Girl", "Girls", "Boy", "Boys", "Son", "Daughter",
            "Baby", "Infant", "Teen", "Teens", "Sibling", "Siblings", "Brother", "Sister", "Family", "Families", "Woman", "Women", "Man", "Men",
            "Age", "Ages", "Aged", "Years", "Year", "Old", "Needs", "Need", "Safety", "Note", "Notes", "Bed", "Beds", "Room", "Rooms",
            "Shelter", "Shelters", "Team", "Teams", "Advocate", "Advocates", "Staff", "Case", "Unit", "Units", "Group", "Groups",
            "County", "City", "State", "Police", "Sheriff", "Hotel", "Motel", "Site", "Sites", "Program", "Programs", "Total", "Count",
            "Capacity", "Available", "About", "Approx", "Approximately", "Around", "Over", "Under", "Up", "Only", "All", "Each", "Both",
            "And", "Or", "With", "For", "From", "To", "In", "On", "At", "By", "Of", "If", "When", "After", "Before", "Since", "Until",
            "Please", "Call", "Meet", "Bring", "Send", "Update", "Status", "Plan", "Phase", "Day", "Days", "Week", "Weeks", "Hour", "Hours",
            "Grade", "Level", "Tier", "Step", "Item", "Items", "Task", "Tasks", "Shift", "Shifts", "Round", "Line", "Zone", "Area", "Sector",
            "Spanish", "English", "Mixteco", "Ages", "Is", "Was", "Are", "Were", "Has", "Had", "Have", "Not", "No", "Yes", "Also", "New",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
            "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
            "Ab", "Sb", "Hr", "Ca", "Pm", "Am", "Us", "Usa",
            // Spanish
            "El", "La", "Los", "Las", "Un", "Una", "Unos", "Unas", "Ella", "Ellas", "Ellos", "Usted", "Su", "Sus", "Nuestra", "Nuestro",
            "Cliente", "Clienta", "Joven", "Jovenes", "Persona", "Personas", "Madre", "Mama", "Padre", "Papa", "Hijo", "Hija", "Hijos", "Hijas",
            "Nino", "Nina", "Ninos", "Ninas", "Bebe", "Adolescente", "Adolescentes", "Mujer", "Mujeres", "Hombre", "Hombres", "Familia",
            "Edad", "Anos", "Ano", "Camas", "Cama", "Cuarto", "Cuartos", "Equipo", "Condado", "Ciudad", "Estado", "Policia", "Refugio",
            "Tiene", "Tienen", "Es", "Son", "Con", "Para", "De", "Del", "En", "Por", "Sin", "Y", "O", "Total", "Necesita", "Necesidades",
            "Lunes", "Martes", "Miercoles", "Jueves", "Viernes", "Sabado", "Domingo",
            "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Setiembre", "Octubre", "Noviembre", "Diciembre",
            "California", "Central", "Valley", "North", "South", "East", "West", "Northern", "Southern", "Bay",
        ];

        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
        builder.UnionWith(words);
        foreach (var county in California.Counties)
        {
            builder.UnionWith(county.Name.Split(' '));
        }

        return builder.ToImmutable();
    }
}
