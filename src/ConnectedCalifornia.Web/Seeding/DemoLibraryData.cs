using ConnectedCalifornia.Library;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The resource library's first entries: real California measures and real national resources, with
/// facts only. Where the project does not know a bill's author, status or chapter for sure, those
/// fields stay empty and the summary says so; a curator fills them in from the official record.
/// </summary>
public static class DemoLibraryData
{
    public const string Proposition35 = "proposition-35-case-act";
    public const string Ab2207 = "ab-2207-2018";
    public const string Ab2105 = "ab-2105-2018";
    public const string Sb1279 = "sb-1279-2010";
    public const string Hotline = "national-human-trafficking-hotline";
    public const string BlueCampaign = "dhs-blue-campaign";

    /// <summary>A draft on purpose: its details are not checked yet, so the public does not see it until a curator publishes it.</summary>
    public const string DraftEntry = Sb1279;

    public static IReadOnlyList<(string Id, LibraryContent Content, bool Published)> Entries { get; } =
    [
        (Proposition35, new LibraryContent(
            LibraryKind.Legislation,
            "Proposition 35: the Californians Against Sexual Exploitation (CASE) Act",
            "A statewide ballot initiative on the November 2012 ballot, approved by about 81% of voters. It raised the penalties for human trafficking and requires law-enforcement officers to complete two hours of training on human trafficking.",
            Url: null,
            Topics: ["sex-trafficking", "penalties", "law-enforcement-training"],
            Language: "en",
            PublishedOn: new DateOnly(2012, 11, 6),
            Legislation: new LegislationDetails("Proposition 35", Status: LegislationStatus.ApprovedByVoters)), true),
        (Ab2207, new LibraryContent(
            LibraryKind.Legislation,
            "AB 2207 (2018)",
            "Assembly Bill 2207 of the 2017–2018 session of the California Legislature, a bill the anti-trafficking field refers to. Its author, status and chapter are not recorded here yet: read the bill's text and history on the Legislature's site.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB2207",
            Topics: ["california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("AB 2207", Session: "2017–2018")), true),
        (Ab2105, new LibraryContent(
            LibraryKind.Legislation,
            "AB 2105 (2018)",
            "Assembly Bill 2105 of the 2017–2018 session of the California Legislature, a bill the anti-trafficking field refers to. Its author, status and chapter are not recorded here yet: read the bill's text and history on the Legislature's site.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB2105",
            Topics: ["california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("AB 2105", Session: "2017–2018")), true),
        (Sb1279, new LibraryContent(
            LibraryKind.Legislation,
            "SB 1279 (2010)",
            "Senate Bill 1279 of the 2009–2010 session of the California Legislature, a bill the anti-trafficking field refers to. Its author, status and chapter are not recorded here yet: read the bill's text and history on the Legislature's site.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=200920100SB1279",
            Topics: ["california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("SB 1279", Session: "2009–2010")), false),
        (Hotline, new LibraryContent(
            LibraryKind.AwarenessMaterial,
            "National Human Trafficking Hotline",
            "Call 1-888-373-7888 or text \"BeFree\" to 233733, 24 hours a day, 7 days a week, to get help or report a tip about sex or labor trafficking. Post the number where people who may need it will see it.",
            Url: "https://humantraffickinghotline.org",
            Topics: ["hotline", "sex-trafficking", "labor-trafficking"],
            Language: "en",
            PublishedOn: null), true),
        (BlueCampaign, new LibraryContent(
            LibraryKind.AwarenessMaterial,
            "Blue Campaign (U.S. Department of Homeland Security)",
            "The national public awareness campaign of the U.S. Department of Homeland Security against human trafficking, with materials that teach the public and professionals to recognize the signs of human trafficking.",
            Url: "https://www.dhs.gov/blue-campaign",
            Topics: ["recognizing-the-signs", "public-awareness"],
            Language: "en",
            PublishedOn: null), true),
    ];

    /// <summary>Creates (and publishes) the entries that are missing; returns how many were created.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, Actor actor)
    {
        var created = 0;
        foreach (var (id, content, published) in Entries)
        {
            var grain = grains.GetGrain<ILibraryEntryGrain>(id);
            if (await grain.Get() is not null)
            {
                continue;
            }

            Ensure(await grain.Create(content, actor), id);
            if (published)
            {
                Ensure(await grain.SetPublication(LibraryPublication.Published, actor), id);
            }

            created++;
        }

        return created;
    }

    private static void Ensure(CommandResult result, string key)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The library could not be seeded ({key}): {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }
}
