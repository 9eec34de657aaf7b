using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>The same faceted query written as a plain LINQ filter, to check the index against.</summary>
internal static class DirectoryBaseline
{
    public static List<DirectoryDocument> Filter(IEnumerable<DirectoryDocument> documents, DirectoryQuery q)
    {
        var terms = DirectorySnapshot.Terms(q.Text);
        return [.. documents.Where(d =>
                (q.Services.IsDefaultOrEmpty || d.Services.Any(q.Services.Contains))
                && (q.Populations.IsDefaultOrEmpty || d.Populations.Any(q.Populations.Contains))
                && (q.Languages.IsDefaultOrEmpty || d.Languages.Any(q.Languages.Contains))
                && (q.Counties.IsDefaultOrEmpty || d.Counties.Any(q.Counties.Contains))
                && (!q.AcceptingReferralsOnly || d.AcceptingReferrals)
                && (!q.VerifiedOnly || d.Verified)
                && terms.All(t => Haystack(d).Contains(t, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    private static string Haystack(DirectoryDocument d) => string.Join(
        " ",
        [d.Name, d.Description, .. d.Services.Select(Taxonomy.ServiceLabel), .. d.Populations.Select(Taxonomy.PopulationLabel),
            .. d.Languages.Select(Taxonomy.LanguageLabel), .. d.Counties.Select(California.NameOf)]);
}
