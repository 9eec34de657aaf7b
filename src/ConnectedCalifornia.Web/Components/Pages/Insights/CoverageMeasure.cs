using ConnectedCalifornia.Web.Insights;

namespace ConnectedCalifornia.Web.Components.Pages.Insights;

/// <summary>What the coverage map colours counties by.</summary>
public enum CoverageMeasure
{
    VerifiedProviders,
    AcceptingReferrals,
    BedsFreeNow,
    BedsTotal,
    Gaps,
}

public static class CoverageMeasures
{
    /// <summary>The words for a measure (English keys of <see cref="InsightsText"/>).</summary>
    public static string Label(this CoverageMeasure measure) => measure switch
    {
        CoverageMeasure.VerifiedProviders => "Verified providers",
        CoverageMeasure.AcceptingReferrals => "Accepting referrals",
        CoverageMeasure.BedsFreeNow => "Beds free now",
        CoverageMeasure.BedsTotal => "Beds in total",
        _ => "Gaps",
    };

    /// <summary>How the measure appears in the page's address (?measure=).</summary>
    public static string Slug(this CoverageMeasure measure) => measure switch
    {
        CoverageMeasure.VerifiedProviders => "verified",
        CoverageMeasure.AcceptingReferrals => "accepting",
        CoverageMeasure.BedsFreeNow => "beds-free",
        CoverageMeasure.BedsTotal => "beds",
        _ => "gaps",
    };

    public static CoverageMeasure FromSlug(string? slug) =>
        Enum.GetValues<CoverageMeasure>().FirstOrDefault(m => m.Slug() == slug, CoverageMeasure.VerifiedProviders);

    public static int ValueOf(this CoverageMeasure measure, CountyCoverage county) => measure switch
    {
        CoverageMeasure.VerifiedProviders => county.VerifiedProviders,
        CoverageMeasure.AcceptingReferrals => county.AcceptingReferrals,
        CoverageMeasure.BedsFreeNow => county.BedsFreeNow,
        CoverageMeasure.BedsTotal => county.BedsTotal,
        _ => county.Gaps,
    };
}
