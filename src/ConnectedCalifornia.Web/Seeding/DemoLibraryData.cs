using ConnectedCalifornia.Library;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The resource library's first entries: real California measures and real national resources, with
/// facts only. The bills' authors, chapters and sessions are those of the statutes as enacted (a
/// sponsor's legislative summary of 2010–2018); the summaries are the project's own words.
/// </summary>
public static class DemoLibraryData
{
    public const string Proposition35 = "proposition-35-case-act";
    public const string Ab2207 = "ab-2207-2018";
    public const string Ab2105 = "ab-2105-2018";
    public const string Sb1279 = "sb-1279-2010";
    public const string Ab1735 = "ab-1735-2018";
    public const string Sb114 = "sb-114-2013";
    public const string Hotline = "national-human-trafficking-hotline";
    public const string BlueCampaign = "dhs-blue-campaign";

    /// <summary>A draft on purpose, so that the demo shows a curator's review: the public does not see it until a curator publishes it.</summary>
    public const string DraftEntry = Sb114;

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
            "AB 2207 (2018): commercially sexually exploited children in child welfare",
            "Findings of the Legislature on the commercial sexual exploitation of children in California and its overlap with the child welfare system. "
            + "It sets January 1, 2020 as the deadline for the Department of Social Services, working with stakeholders, to write model policies, "
            + "procedures and protocols that help counties serve exploited youth who receive child welfare services.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB2207",
            Topics: ["sex-trafficking", "child-welfare", "california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("AB 2207", Author: "Eggman", Session: "2017–2018", Status: LegislationStatus.Chaptered, Chapter: "Chapter 757, Statutes of 2018")), true),
        (Ab2105, new LibraryContent(
            LibraryKind.Legislation,
            "AB 2105 (2018): higher civil penalties for exploiting a minor",
            "Triples any civil penalty the law already sets for acts that amount to the commercial sexual exploitation of a minor or a nonminor dependent, "
            + "and, where no civil penalty exists, allows a fine between $10,000 and $50,000 instead.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB2105",
            Topics: ["sex-trafficking", "penalties", "california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("AB 2105", Author: "Maienschein", Session: "2017–2018", Status: LegislationStatus.Chaptered, Chapter: "Chapter 166, Statutes of 2018")), true),
        (Ab1735, new LibraryContent(
            LibraryKind.Legislation,
            "AB 1735 (2018): protective orders after trafficking convictions",
            "Courts must consider a protective order in every case where a defendant is convicted of human trafficking to obtain forced labor or services, "
            + "or of pimping or pandering, whether or not the victim is a minor.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201720180AB1735",
            Topics: ["labor-trafficking", "protective-orders", "california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("AB 1735", Author: "Cunningham", Session: "2017–2018", Status: LegislationStatus.Chaptered, Chapter: "Chapter 805, Statutes of 2018")), true),
        (Sb1279, new LibraryContent(
            LibraryKind.Legislation,
            "SB 1279 (2010): Los Angeles County pilot for exploited minors",
            "Gives the Los Angeles County District Attorney's office the authority to run a pilot project, if local funds pay for it, that builds a "
            + "multidisciplinary model for meeting the needs of commercially sexually exploited minors and treating them effectively. The Governor signed it on July 19, 2010.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=200920100SB1279",
            Topics: ["sex-trafficking", "los-angeles-county", "california-legislature"],
            Language: "en",
            PublishedOn: new DateOnly(2010, 7, 19),
            Legislation: new LegislationDetails("SB 1279", Author: "Pavley", Session: "2009–2010", Status: LegislationStatus.Chaptered, Chapter: "Chapter 116, Statutes of 2010")), true),
        (Sb114, new LibraryContent(
            LibraryKind.Legislation,
            "SB 114 (2013): three more years for the Los Angeles County pilot",
            "Moves the end date of the optional Los Angeles County pilot project three years later. The pilot develops a multidisciplinary model of how "
            + "law enforcement and the criminal and juvenile justice systems identify, assess and meet the needs of commercially sexually exploited "
            + "children who were arrested or detained.",
            Url: "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=201320140SB114",
            Topics: ["sex-trafficking", "los-angeles-county", "california-legislature"],
            Language: "en",
            PublishedOn: null,
            Legislation: new LegislationDetails("SB 114", Author: "Pavley", Session: "2013–2014", Status: LegislationStatus.Chaptered, Chapter: "Chapter 42, Statutes of 2013")), false),
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
            if (await grain.Get() is { } existing)
            {
                // A demo bill seeded before its facts were known gets them once; anything a curator filled in stays.
                if (existing.Content.Legislation is { Author: null, Chapter: null } && content.Legislation?.Author is not null)
                {
                    Ensure(await grain.Update(content, actor), id);
                }

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
