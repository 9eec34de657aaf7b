using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;

namespace ConnectedCalifornia.Web.Capacity;

/// <summary>Sums for the board's category filter: one category, or all bed categories together.</summary>
public static class BedTotals
{
    /// <summary>The totals of <paramref name="category"/>, or the sum over the bed categories for null; null when none is listed.</summary>
    public static CategoryTotals? Of(ImmutableArray<CategoryTotals> categories, string? category)
    {
        if (category is not null)
        {
            return categories.FirstOrDefault(c => c.Category == category);
        }

        var beds = categories.Where(c => CapacityCategories.IsBed(c.Category)).ToList();
        return beds.Count == 0
            ? null
            : new CategoryTotals(
                "beds",
                beds.Max(c => c.Sites),
                beds.Max(c => c.StaleSites),
                beds.Sum(c => c.Total),
                beds.Sum(c => c.AvailableNow),
                beds.Sum(c => c.Held),
                beds.Max(c => c.LatestAsOf));
    }
}
