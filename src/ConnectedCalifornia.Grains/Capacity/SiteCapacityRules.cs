using System.Collections.Immutable;
using System.Globalization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Capacity;

/// <summary>The rules of a site's capacity: normalization, validation, staleness and how counts read.</summary>
internal static class SiteCapacityRules
{
    /// <summary>The largest total of one category at one site.</summary>
    public const int MaxTotal = 10_000;

    public const int MaxReferenceIdLength = 128;

    public const int MaxHoldIdLength = 64;

    public static SiteDefinition Normalize(SiteDefinition definition) => definition with
    {
        OrganizationId = Network.Normalize.Text(definition.OrganizationId),
        Name = Network.Normalize.Text(definition.Name),
        County = Network.Normalize.Text(definition.County),
        Categories = [.. Network.Normalize.Array(definition.Categories)
            .Select(c => c is null ? null! : c with { Category = Network.Normalize.Text(c.Category) })
            .OrderBy(c => c is null ? int.MaxValue : CapacityCategories.OrderOf(c.Category))],
    };

    /// <summary>The definition on its own; what depends on the current counts is checked by <see cref="ValidateAgainst"/>.</summary>
    public static void Validate(SiteDefinition definition, FieldValidator v)
    {
        v.Key("organizationId", definition.OrganizationId, "The owning organization's id");
        v.Required("name", definition.Name, FieldValidator.MaxNameLength, "The site's name");
        if (!California.IsCounty(definition.County))
        {
            v.Add("county", string.IsNullOrEmpty(definition.County)
                ? "The county is required."
                : $"'{definition.County}' is not a California county FIPS code (06001–06115).");
        }

        var categories = definition.Categories;
        if (categories.IsDefaultOrEmpty)
        {
            v.Add("categories", "List at least one category, such as adult-women.");
            return;
        }

        for (var i = 0; i < categories.Length; i++)
        {
            var category = categories[i];
            var field = $"categories[{i}]";
            if (category is null)
            {
                v.Add(field, "The category is empty.");
                continue;
            }

            if (!CapacityCategories.IsKnown(category.Category))
            {
                v.Add($"{field}.category", UnknownCategory(category.Category));
            }

            if (category.Total < 0)
            {
                v.Add($"{field}.total", $"The total of {Label(category.Category)} cannot be negative (it is {category.Total}).");
            }
            else if (category.Total > MaxTotal)
            {
                v.Add($"{field}.total", $"The total of {Label(category.Category)} can be at most {MaxTotal:N0} (it is {category.Total:N0}).");
            }
        }

        var duplicates = categories.Where(c => c is not null).GroupBy(c => c.Category, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            v.Add("categories", $"Listed more than once: {string.Join(", ", duplicates)}.");
        }
    }

    /// <summary>A new definition against the current counts and holds: totals cannot drop below what is counted.</summary>
    public static void ValidateAgainst(SiteDefinition definition, SiteCapacityState current, FieldValidator v)
    {
        for (var i = 0; i < definition.Categories.Length; i++)
        {
            var category = definition.Categories[i];
            if (category is null || current.Find(category.Category) is not { } count)
            {
                continue;
            }

            var held = current.HeldOf(category.Category);
            if (category.Total >= 0 && category.Total < count.Available + held)
            {
                v.Add(
                    $"categories[{i}].total",
                    $"The total of {Label(category.Category)} ({category.Total}) cannot be less than the {count.Available} available plus {held} held; post a lower count or release holds first.");
            }
        }

        foreach (var removed in current.Categories.Where(c => definition.Categories.All(d => d?.Category != c.Category)))
        {
            var held = current.HeldOf(removed.Category);
            if (held > 0)
            {
                v.Add("categories", $"{Capitalized(Label(removed.Category))} has {held} active hold{(held == 1 ? string.Empty : "s")}: release or convert them before removing the category.");
            }
        }
    }

    /// <summary>A category of a command: known, and listed at this site.</summary>
    public static CategoryCount? Category(string field, string? category, SiteCapacityState state, FieldValidator v)
    {
        if (!CapacityCategories.IsKnown(category))
        {
            v.Add(field, string.IsNullOrWhiteSpace(category) ? "The category is required." : UnknownCategory(category));
            return null;
        }

        if (state.Find(category) is not { } count)
        {
            v.Add(field, $"This site does not list {Label(category)}; add the category to the site first.");
            return null;
        }

        return count;
    }

    public static void Count(string field, int available, CategoryCount category, int held, FieldValidator v)
    {
        var label = Label(category.Category);
        if (available < 0)
        {
            v.Add(field, $"The count of available {label} cannot be negative (it is {available}).");
        }
        else if (available > category.Total)
        {
            v.Add(field, $"The count of available {label} ({available}) cannot exceed the total of {category.Total}.");
        }
        else if (available + held > category.Total)
        {
            v.Add(field, $"{available} available plus {held} held would exceed the total of {category.Total} {label}; held beds are not available.");
        }
    }

    public static bool IsStale(DateTimeOffset? asOf, DateTimeOffset now, TimeSpan staleAfter) =>
        asOf is not { } at || now - at > staleAfter;

    public static ImmutableArray<CategoryCapacity> View(SiteCapacityState state, DateTimeOffset now, TimeSpan staleAfter) =>
        [.. Network.Normalize.Array(state.Categories).Select(c =>
            new CategoryCapacity(c.Category, c.Total, c.Available, state.HeldOf(c.Category), c.AsOf, IsStale(c.AsOf, now, staleAfter)))];

    /// <summary>"adult women: 3 of 10 available, 1 held" — counts and category names only, never a name or an address.</summary>
    public static string Describe(SiteCapacityState state, string category) =>
        state.Find(category) is { } count
            ? $"{Label(category)}: {count.Available} of {count.Total} available, {state.HeldOf(category)} held"
            : Label(category);

    public static string DescribeAll(SiteCapacityState state) =>
        string.Join("; ", state.Categories.Select(c => Describe(state, c.Category)));

    public static string Label(string? category) => category is null ? string.Empty : CapacityCategories.LabelOf(category);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at) => CaliforniaTime.Stamp(at);

    private static string UnknownCategory(string? category) =>
        $"Unknown category '{category}': one of {string.Join(", ", CapacityCategories.All)}.";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
