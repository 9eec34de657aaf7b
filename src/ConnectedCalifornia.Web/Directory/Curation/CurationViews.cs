using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Components.Pages.Directory;

namespace ConnectedCalifornia.Web.Directory.Curation;

/// <summary>One line of the curators' queue.</summary>
public sealed record CurationQueueItem(
    string OrganizationId,
    string OrganizationName,
    int FieldCount,
    string RequestedByName,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// One field of a change request as people read it: labels beside codes, and for lists the items the
/// request removes and adds. <see cref="Stale"/>: the listing's value changed since it was requested,
/// so it can only be rejected.
/// </summary>
public sealed record FieldChangeView(
    string Field,
    string Label,
    bool IsList,
    ImmutableArray<TermView> Before,
    ImmutableArray<TermView> After,
    ImmutableArray<string> Removed,
    ImmutableArray<string> Added,
    string RequestedByName,
    DateTimeOffset RequestedAt,
    bool Stale);

public sealed record ChangeRequestView(
    string OrganizationId,
    string OrganizationName,
    long Revision,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    ImmutableArray<FieldChangeView> Fields);

public sealed record DecisionView(
    string Field,
    string Label,
    ImmutableArray<TermView> Before,
    ImmutableArray<TermView> After,
    bool Accepted,
    string? Reason,
    string RequestedByName,
    string DecidedByName,
    DateTimeOffset DecidedAt);

/// <summary>An organization's open change request (null when none) and its newest decisions, newest first.</summary>
public sealed record ChangeReviewView(ChangeRequestView? Open, ImmutableArray<DecisionView> RecentDecisions);

public static class CurationViewMapping
{
    /// <summary>The review as people read it, with the labels of <paramref name="taxonomy"/> (the curators' current vocabularies).</summary>
    public static ChangeReviewView ToView(this ChangeReview review, int maxDecisions, TaxonomyView taxonomy) => new(
        review.Open is { } open
            ? new ChangeRequestView(open.OrganizationId, open.OrganizationName, open.Revision, open.OpenedAt, open.UpdatedAt,
                [.. open.Fields.Select(f => f.ToView(open.StaleFields.Contains(f.Field), taxonomy))])
            : null,
        [.. review.RecentDecisions.Take(maxDecisions).Select(d => new DecisionView(
            d.Change.Field, VerifiedFields.Label(d.Change.Field), Terms(d.Change.Field, d.Change.Before, taxonomy), Terms(d.Change.Field, d.Change.After, taxonomy),
            d.Accepted, d.Reason, d.Change.RequestedByName, d.DecidedByName, d.DecidedAt))]);

    public static FieldChangeView ToView(this FieldChange change, bool stale, TaxonomyView taxonomy) => new(
        change.Field,
        VerifiedFields.Label(change.Field),
        VerifiedFields.IsList(change.Field),
        Terms(change.Field, change.Before, taxonomy),
        Terms(change.Field, change.After, taxonomy),
        [.. OrganizationViewMapping.Safe(change.Before).Except(OrganizationViewMapping.Safe(change.After))],
        [.. OrganizationViewMapping.Safe(change.After).Except(OrganizationViewMapping.Safe(change.Before))],
        change.RequestedByName,
        change.RequestedAt,
        stale);

    public static CurationQueueItem ToItem(this CurationQueueEntry e) =>
        new(e.OrganizationId, e.OrganizationName, e.FieldCount, e.RequestedByName, e.OpenedAt, e.UpdatedAt);

    /// <summary>Items with the label a person reads: taxonomy and county names for codes, words for kinds.</summary>
    public static ImmutableArray<TermView> Terms(string field, ImmutableArray<string> items, TaxonomyView taxonomy)
    {
        Func<string, string> label = field switch
        {
            VerifiedFields.Services => taxonomy.ServiceLabel,
            VerifiedFields.Populations => taxonomy.PopulationLabel,
            VerifiedFields.Languages => taxonomy.LanguageLabel,
            VerifiedFields.Counties => California.NameOf,
            VerifiedFields.Kind => Organizations.Humanize,
            _ => item => item,
        };
        return [.. OrganizationViewMapping.Safe(items).Select(item => new TermView(item, label(item)))];
    }
}
