using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>A demo site: its definition and the available count posted for each category.</summary>
public sealed record DemoSite(string SiteId, SiteDefinition Definition, ImmutableDictionary<string, int> Available);

/// <summary>
/// The demo bed board: one main site for every demo organization that offers shelter or housing,
/// in its first county, confidential when the organization keeps its shelter address confidential;
/// and one (never confidential) site of non-bed capacity for every other organization with a crisis
/// line or case management: advocates on call, case-management intake slots. Categories follow the
/// populations and services; totals and available counts are fixed per organization (derived from
/// its key), so every start builds the same board.
/// </summary>
public static class DemoCapacityData
{
    /// <summary>The id of an organization's main site.</summary>
    public static string MainSiteOf(string organizationKey) => organizationKey + "--main";

    public static IReadOnlyList<DemoSite> Sites { get; } =
    [
        .. DemoNetworkData.Organizations.Where(IsShelter).Select(Site),
        .. DemoNetworkData.Organizations.Where(o => !IsShelter(o) && OffersServices(o)).Select(ServiceSite),
    ];

    /// <summary>Defines and posts whatever demo site is missing; a site that exists is left as it is.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains)
    {
        var created = 0;
        foreach (var site in Sites)
        {
            var grain = grains.GetGrain<ISiteCapacityGrain>(site.SiteId);
            if (await grain.GetSnapshot() is not null)
            {
                continue;
            }

            Ensure(await grain.Define(site.Definition, DemoNetworkSeeder.DemoActor), site.SiteId);
            foreach (var (category, available) in site.Available)
            {
                Ensure(await grain.PostCount(category, available, DemoNetworkSeeder.DemoActor), site.SiteId);
            }

            created++;
        }

        return created;
    }

    private static bool IsShelter(DemoOrganization org) => org.Profile.Services.Contains("shelter-housing");

    private static bool OffersServices(DemoOrganization org) =>
        org.Profile.Kind == OrganizationKind.Nonprofit && (org.Profile.Services.Contains("hotline") || org.Profile.Services.Contains("case-management"));

    private static DemoSite ServiceSite(DemoOrganization org)
    {
        var seed = StableHash(org.Key);
        var definitions = ImmutableArray.CreateBuilder<CategoryDefinition>();
        var available = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        if (org.Profile.Services.Contains("hotline"))
        {
            var advocates = 2 + (int)(seed % 4);
            definitions.Add(new CategoryDefinition(CapacityCategories.AdvocatesOnCall, advocates));
            available[CapacityCategories.AdvocatesOnCall] = 1 + (int)((seed >> 4) % (uint)advocates);
        }

        if (org.Profile.Services.Contains("case-management"))
        {
            var slots = 4 + (int)((seed >> 8) % 6);
            definitions.Add(new CategoryDefinition(CapacityCategories.CaseManagementIntake, slots));
            available[CapacityCategories.CaseManagementIntake] = 1 + (int)((seed >> 12) % (uint)slots);
        }

        var definition = new SiteDefinition(org.Key, org.Profile.Name, org.Profile.Counties[0], Confidential: false, definitions.ToImmutable());
        return new DemoSite(MainSiteOf(org.Key), definition, available.ToImmutable());
    }

    private static DemoSite Site(DemoOrganization org)
    {
        var p = org.Profile;
        var confidential = p.Contacts.Any(c => c.Kind == ContactKind.Address && c.Visibility == Visibility.Organization);
        var seed = StableHash(org.Key);
        var categories = new List<string>();
        if (p.Populations.Contains("minors-csec"))
        {
            categories.Add(CapacityCategories.Minors);
        }

        if (p.Populations.Contains("women") || (p.Populations.Contains("adults") && !p.Populations.Contains("men")))
        {
            categories.Add(CapacityCategories.AdultWomen);
        }

        if (p.Populations.Contains("men"))
        {
            categories.Add(CapacityCategories.AdultMen);
        }

        if (p.Populations.Contains("families"))
        {
            categories.Add(CapacityCategories.Families);
        }

        if (p.Populations.Contains("lgbtq"))
        {
            categories.Add(CapacityCategories.Lgbtq);
        }

        if (categories.Count == 0)
        {
            categories.Add(CapacityCategories.AdultWomen);
        }

        categories.Add(CapacityCategories.EmergencyOvernight);
        if (p.Services.Contains("case-management"))
        {
            categories.Add(CapacityCategories.CaseManagementIntake);
        }

        var definitions = ImmutableArray.CreateBuilder<CategoryDefinition>();
        var available = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Count; i++)
        {
            var category = categories[i];
            var total = category switch
            {
                CapacityCategories.EmergencyOvernight => 2 + (int)((seed >> (i * 3)) % 3),
                CapacityCategories.CaseManagementIntake => 4 + (int)((seed >> (i * 3)) % 5),
                CapacityCategories.Families => 3 + (int)((seed >> (i * 3)) % 4),
                _ => 4 + (int)((seed >> (i * 3)) % 9),
            };

            // Roughly a third of beds free, and now and then none: a realistic, uneven board.
            var free = (int)((seed >> (i * 5 + 1)) % (uint)(total / 2 + 2));
            definitions.Add(new CategoryDefinition(category, total));
            available[category] = Math.Min(free, total);
        }

        var definition = new SiteDefinition(org.Key, p.Name, p.Counties[0], confidential, definitions.ToImmutable());
        return new DemoSite(MainSiteOf(org.Key), definition, available.ToImmutable());
    }

    /// <summary>A hash that is the same on every start and machine (string.GetHashCode is not).</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static void Ensure(CommandResult result, string key)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo bed board could not be seeded ({key}): {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }
}
