using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Library;

/// <summary>The rules of a library entry's content, checked whole before anything changes.</summary>
internal static class LibraryRules
{
    /// <summary>The earliest date a resource can carry: California's first legislative session.</summary>
    public static readonly DateOnly EarliestDate = new(1849, 12, 15);

    /// <summary>Trims text, spells bill numbers and sessions the usual way, lowercases topics; invalid values are kept as typed so the validator can name them.</summary>
    public static LibraryContent Normalize(LibraryContent c) => c with
    {
        Title = Network.Normalize.Text(c.Title),
        Summary = Network.Normalize.Text(c.Summary),
        Url = Network.Normalize.OptionalText(c.Url),
        Topics = [.. Network.Normalize.Codes(c.Topics).Where(t => t.Length > 0).Select(t => t.ToLowerInvariant())],
        Language = Network.Normalize.Text(c.Language).ToLowerInvariant(),
        Legislation = c.Legislation is not { } l ? null : l with
        {
            BillNumber = LibraryFormats.NormalizeBillNumber(l.BillNumber) ?? Network.Normalize.Text(l.BillNumber),
            Author = Network.Normalize.OptionalText(l.Author),
            Session = Network.Normalize.OptionalText(l.Session) is { } s ? LibraryFormats.NormalizeSession(s) ?? s : null,
            Chapter = Network.Normalize.OptionalText(l.Chapter),
        },
    };

    /// <param name="taxonomy">The directory's current vocabularies: the language is one of its languages.</param>
    /// <param name="heldLanguage">The entry's language before this change: it stays valid after the curators retire it.</param>
    public static void Validate(LibraryContent c, FieldValidator v, DateOnly today, TaxonomyVocabularies taxonomy, string? heldLanguage)
    {
        v.Defined("kind", c.Kind, "The kind");
        v.Required("title", c.Title, LibraryFormats.MaxTitleLength, "The title");
        v.Required("summary", c.Summary, LibraryFormats.MaxSummaryLength, "The summary");
        v.WebAddress("url", c.Url, LibraryFormats.MaxUrlLength, "The link");
        if (c.Topics.Length > LibraryFormats.MaxTopics)
        {
            v.Add("topics", $"At most {LibraryFormats.MaxTopics} topics can be listed (there are {c.Topics.Length}).");
        }
        else
        {
            var bad = c.Topics.Where(t => !LibraryFormats.IsTopic(t)).Distinct(StringComparer.Ordinal).ToList();
            if (bad.Count > 0)
            {
                v.Add("topics", $"Topics are lowercase words joined by dashes, such as 'labor-trafficking', at most {LibraryFormats.MaxTopicLength} characters: {string.Join(", ", bad.Select(Quote))} is not.");
            }

            var twice = c.Topics.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (twice.Count > 0)
            {
                v.Add("topics", $"Listed more than once among the topics: {string.Join(", ", twice.Select(Quote))}.");
            }
        }

        if (string.IsNullOrEmpty(c.Language))
        {
            v.Add("language", "The language is required.");
        }
        else if (taxonomy.Find(Vocabulary.Languages, c.Language) is not { } language)
        {
            v.Add("language", $"Unknown language {Quote(c.Language)}. Use a code of the directory's languages, such as 'en' or 'es'.");
        }
        else if (language.Retired && c.Language != heldLanguage)
        {
            v.Add("language", $"No longer offered (retired by the curators): {language.Label} ({Quote(c.Language)}).");
        }

        if (c.PublishedOn is { } on && (on < EarliestDate || on > today))
        {
            v.Add("publishedOn", $"The publication date must be between {EarliestDate:yyyy-MM-dd} and today ({today:yyyy-MM-dd}).");
        }

        ValidateLegislation(c, v);
    }

    private static void ValidateLegislation(LibraryContent c, FieldValidator v)
    {
        if (c.Legislation is not { } l)
        {
            if (c.Kind == LibraryKind.Legislation)
            {
                v.Add("legislation.billNumber", "Legislation needs its bill number, such as 'AB 2105', 'SB 1279' or 'Proposition 35'.");
            }

            return;
        }

        if (c.Kind is not (LibraryKind.Legislation or LibraryKind.LegislativeModel))
        {
            v.Add("legislation", $"Bill details belong to legislation and legislative models, not to a {LibraryFormats.Label(c.Kind).ToLowerInvariant()}.");
            return;
        }

        if (string.IsNullOrEmpty(l.BillNumber))
        {
            v.Add("legislation.billNumber", "The bill number is required, such as 'AB 2105', 'SB 1279' or 'Proposition 35'.");
        }
        else if (LibraryFormats.NormalizeBillNumber(l.BillNumber) is null)
        {
            v.Add("legislation.billNumber", $"{Quote(l.BillNumber)} is not a California bill or proposition number. Write it like 'AB 2105', 'SB 1279', 'ACA 5' or 'Proposition 35'.");
        }

        v.MaxLength("legislation.author", l.Author, LibraryFormats.MaxAuthorLength, "The author");
        if (l.Session is { } session && LibraryFormats.NormalizeSession(session) is null)
        {
            v.Add("legislation.session", $"{Quote(session)} is not a session of the Legislature. Write the two years of a regular session, such as '2017–2018' (it starts in an odd year).");
        }

        if (l.Status is { } status)
        {
            v.Defined("legislation.status", status, "The status");
        }

        v.MaxLength("legislation.chapter", l.Chapter, LibraryFormats.MaxChapterLength, "The chapter");
        if (l.Chapter is not null && l.Status is not LegislationStatus.Chaptered)
        {
            v.Add("legislation.chapter", "Only a chaptered bill has a chapter: set the status to Chaptered, or leave the chapter empty.");
        }
    }

    /// <summary>Records every field that differs between two versions of the content.</summary>
    public static void Record(ChangeLog changes, LibraryContent? before, LibraryContent after)
    {
        changes.Record("kind", before?.Kind.ToString(), after.Kind.ToString());
        changes.Record("title", before?.Title, after.Title);
        changes.Record("summary", before?.Summary, after.Summary);
        changes.Record("url", before?.Url, after.Url);
        changes.Record("topics", before?.Topics ?? [], after.Topics);
        changes.Record("language", before?.Language, after.Language);
        changes.Record("publishedOn", Date(before?.PublishedOn), Date(after.PublishedOn));
        var b = before?.Legislation;
        var a = after.Legislation;
        changes.Record("legislation.billNumber", b?.BillNumber, a?.BillNumber);
        changes.Record("legislation.author", b?.Author, a?.Author);
        changes.Record("legislation.session", b?.Session, a?.Session);
        changes.Record("legislation.status", b?.Status?.ToString(), a?.Status?.ToString());
        changes.Record("legislation.chapter", b?.Chapter, a?.Chapter);
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Quote(string value) => $"'{(value.Length > 40 ? value[..40] + "…" : value)}'";
}
