using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Library;

/// <summary>
/// What the library pages and API do. The public reads published entries only; curators
/// (<see cref="NetworkAction.ManageLibrary"/>) also see drafts and change entries. Every command asks
/// the authorizer again, because Blazor pages call this service directly.
/// </summary>
public sealed class LibraryService(IGrainFactory grains, NetworkAuthorizer authorizer, LibraryIndexCache index)
{
    public Task<bool> MayManageAsync(ClaimsPrincipal user) => authorizer.IsAllowedAsync(user, NetworkAction.ManageLibrary);

    /// <summary>Searches the entries the person may see: every word of the text must appear (title, summary, topics, bill number, author).</summary>
    public async Task<LibraryResults> SearchAsync(ClaimsPrincipal user, LibraryQuery query)
    {
        var drafts = query.IncludeDrafts && await MayManageAsync(user);
        var rows = await index.RowsAsync();
        var words = (query.Text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matching = rows
            .Where(r => drafts || r.Publication == LibraryPublication.Published)
            .Where(r => query.Topic is null || r.Content.Topics.Contains(query.Topic))
            .Select(r => (Row: r, Text: Haystack(r.Content)))
            .Where(x => words.All(w => x.Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        // Counts per facet apply every other filter, so the other values stay visible and honest.
        bool KindOk(LibraryContent c) => query.Kinds.IsDefaultOrEmpty || query.Kinds.Contains(c.Kind);
        bool StatusOk(LibraryContent c) => query.Statuses.IsDefaultOrEmpty || (c.Legislation?.Status is { } s && query.Statuses.Contains(s));
        bool SessionOk(LibraryContent c) => query.Sessions.IsDefaultOrEmpty || (c.Legislation?.Session is { } s && query.Sessions.Contains(s));
        var kinds = Enum.GetValues<LibraryKind>()
            .Select(k => new FacetCount(k.ToString(), LibraryFormats.Label(k), matching.Count(x => x.Row.Content.Kind == k && StatusOk(x.Row.Content) && SessionOk(x.Row.Content))))
            .ToImmutableArray();
        var statuses = Enum.GetValues<LegislationStatus>()
            .Select(st => new FacetCount(st.ToString(), LibraryFormats.Label(st), matching.Count(x => x.Row.Content.Legislation?.Status == st && KindOk(x.Row.Content) && SessionOk(x.Row.Content))))
            .ToImmutableArray();
        var sessions = matching
            .Select(x => x.Row.Content.Legislation?.Session).OfType<string>().Concat(query.Sessions.IsDefault ? [] : query.Sessions)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(session => session, StringComparer.Ordinal)
            .Select(session => new FacetCount(session, session, matching.Count(x => x.Row.Content.Legislation?.Session == session && KindOk(x.Row.Content) && StatusOk(x.Row.Content))))
            .ToImmutableArray();
        var hits = matching
            .Where(x => KindOk(x.Row.Content) && StatusOk(x.Row.Content) && SessionOk(x.Row.Content))
            .OrderByDescending(x => words.Length > 0 && words.All(w => x.Row.Content.Title.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .ThenByDescending(x => x.Row.Content.PublishedOn ?? DateOnly.MinValue)
            .ThenBy(x => x.Row.Content.Title, StringComparer.OrdinalIgnoreCase)
            .Select(x => x.Row)
            .ToList();
        var totalPages = (hits.Count + query.PageSize - 1) / query.PageSize;
        var page = hits.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).Select(LibraryEntryView.From).ToImmutableArray();
        return new LibraryResults(page, hits.Count, query.Page, query.PageSize, totalPages, kinds, statuses, sessions);
    }

    /// <summary>One entry: published ones for everyone, drafts for curators.</summary>
    public async Task<LibraryLookup> GetAsync(ClaimsPrincipal user, string entryId)
    {
        if (!Identifiers.IsValidKey(entryId) || await grains.GetGrain<ILibraryEntryGrain>(entryId).Get() is not { } entry)
        {
            return LibraryLookup.Missing;
        }

        var manage = await MayManageAsync(user);
        return entry.IsPublished || manage ? new LibraryLookup(LibraryEntryView.From(entry), true, manage) : new LibraryLookup(null, true, false);
    }

    /// <summary>The entry's history (who, when, old, new): curators only; null for others and for a missing entry.</summary>
    public async Task<ImmutableArray<ChangeRecord>?> HistoryAsync(ClaimsPrincipal user, string entryId, int max = 50)
    {
        if (!Identifiers.IsValidKey(entryId) || !await MayManageAsync(user))
        {
            return null;
        }

        // An entry has history from its creation on, so an empty history is an entry that does not exist.
        var history = await grains.GetGrain<ILibraryEntryGrain>(entryId).GetHistory(Math.Clamp(max, 1, 200));
        return history.IsDefaultOrEmpty ? null : history;
    }

    /// <summary>Creates a draft with an id made from its title; returns the id when it succeeded.</summary>
    public async Task<(CommandResult Result, string? EntryId)> CreateAsync(ClaimsPrincipal user, LibraryForm form)
    {
        if (!await MayManageAsync(user))
        {
            return (CommandResult.Forbidden(), null);
        }

        var content = form.ToContent();
        var slug = Identifiers.Slugify(content.Title ?? string.Empty);
        var id = $"{(slug.Length > 50 ? slug[..50].TrimEnd('-') : slug)}-{Guid.NewGuid().ToString("N")[..6]}".TrimStart('-');
        var result = await grains.GetGrain<ILibraryEntryGrain>(id).Create(content, user.ToActor());
        return (result, result.Succeeded ? id : null);
    }

    public Task<CommandResult> UpdateAsync(ClaimsPrincipal user, string entryId, LibraryForm form) =>
        WhenCuratorAsync(user, entryId, entry => entry.Update(form.ToContent(), user.ToActor(), form.Version));

    public Task<CommandResult> SetPublicationAsync(ClaimsPrincipal user, string entryId, bool published) =>
        WhenCuratorAsync(user, entryId, entry => entry.SetPublication(published ? LibraryPublication.Published : LibraryPublication.Draft, user.ToActor()));

    /// <summary>Runs a command on the entry for curators only; anyone else is refused and nothing changes.</summary>
    private Task<CommandResult> WhenCuratorAsync(ClaimsPrincipal user, string entryId, Func<ILibraryEntryGrain, Task<CommandResult>> command) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageLibrary, null, () => Identifiers.IsValidKey(entryId)
            ? command(grains.GetGrain<ILibraryEntryGrain>(entryId))
            : Task.FromResult(CommandResult.Missing("Library entry")));

    private static string Haystack(LibraryContent c) =>
        string.Join(' ', [
            c.Title, c.Summary, LibraryFormats.Label(c.Kind), .. c.Topics.IsDefault ? [] : c.Topics,
            c.Legislation?.BillNumber ?? string.Empty, c.Legislation?.BillNumber.Replace(" ", string.Empty, StringComparison.Ordinal) ?? string.Empty,
            c.Legislation?.Author ?? string.Empty, c.Legislation?.Session ?? string.Empty]);
}
