using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.TaskForces;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>A demo organization: its key, its profile, and whether the seed marks it verified.</summary>
public sealed record DemoOrganization(string Key, OrganizationProfile Profile, bool Verified);

/// <summary>A demo task force: its key, its profile, its member organizations and its open invitations (by organization key).</summary>
public sealed record DemoTaskForce(string Key, TaskForceProfile Profile, IReadOnlyList<TaskForceOrganization> Organizations)
{
    /// <summary>Organizations invited that have not answered: they are not members and see nothing more.</summary>
    public IReadOnlyList<TaskForceOrganization> Invitations { get; init; } = [];
}

/// <summary>A demo shared initiative: its key, its profile, its participating organizations (keys) and its goals.</summary>
public sealed record DemoInitiative(
    string Key,
    InitiativeProfile Profile,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<InitiativeGoal> Goals);

/// <summary>A demo sign-in. <see cref="RoleDescription"/> is what the dev sign-in page shows.</summary>
public sealed record DemoUser(
    string Email,
    string DisplayName,
    string RoleDescription,
    IReadOnlyList<(string OrganizationKey, OrganizationRole Role)> Organizations,
    IReadOnlyList<(string TaskForceKey, TaskForceRole Role)> TaskForces,
    bool IsCurator,
    bool IsSystemAdmin);

/// <summary>
/// A fictional demo network of California's anti-trafficking field. Every name, person, street
/// address, phone number (555-01xx) and e-mail or web address (example.org, .example) is invented;
/// none of it describes a real organization or agency.
/// </summary>
public static class DemoNetworkData
{
    /// <summary>The one password of every demo sign-in.</summary>
    public const string DemoPassword = "Demo-Network-2026!";

    /// <summary>The domain of the demo sign-ins' e-mail addresses.</summary>
    public const string UserEmailDomain = "demo.connectedcalifornia.example";

    /// <summary>The Fresno shelter for minors that the shelter demo users work at.</summary>
    public const string FresnoMinorsShelterKey = "bright-orchard-youth-shelter";

    /// <summary>The Fresno task force whose lead and member have demo sign-ins.</summary>
    public const string FresnoTaskForceKey = "fresno-valley-task-force";

    /// <summary>A confidential shelter invited to the Fresno task force that has not accepted (so the task force sees nothing of it).</summary>
    public const string InvitedShelterKey = "oak-hollow-family-haven";

    /// <summary>The curators' organization.</summary>
    public const string CurationDeskKey = "connected-california-curation-desk";

    // County FIPS codes, for readability below.
    private const string Alameda = "06001";
    private const string Butte = "06007";
    private const string ContraCosta = "06013";
    private const string DelNorte = "06015";
    private const string ElDorado = "06017";
    private const string Fresno = "06019";
    private const string Humboldt = "06023";
    private const string Imperial = "06025";
    private const string Inyo = "06027";
    private const string Kern = "06029";
    private const string Kings = "06031";
    private const string Lake = "06033";
    private const string LosAngeles = "06037";
    private const string Madera = "06039";
    private const string Mendocino = "06045";
    private const string Merced = "06047";
    private const string Mono = "06051";
    private const string Monterey = "06053";
    private const string Napa = "06055";
    private const string NevadaCounty = "06057";
    private const string Orange = "06059";
    private const string Placer = "06061";
    private const string Riverside = "06065";
    private const string Sacramento = "06067";
    private const string SanBenito = "06069";
    private const string SanBernardino = "06071";
    private const string SanDiego = "06073";
    private const string SanFrancisco = "06075";
    private const string SanJoaquin = "06077";
    private const string SanLuisObispo = "06079";
    private const string SanMateo = "06081";
    private const string SantaBarbara = "06083";
    private const string SantaClara = "06085";
    private const string SantaCruz = "06087";
    private const string Shasta = "06089";
    private const string Siskiyou = "06093";
    private const string Solano = "06095";
    private const string Sonoma = "06097";
    private const string Stanislaus = "06099";
    private const string Sutter = "06101";
    private const string Tehama = "06103";
    private const string Tulare = "06107";
    private const string Ventura = "06111";
    private const string Yolo = "06113";
    private const string Yuba = "06115";

    public static IReadOnlyList<DemoOrganization> Organizations { get; } =
    [
        // ---------------------------------------------------------------- Fresno and the southern Central Valley
        Org(FresnoMinorsShelterKey, "Bright Orchard Youth Shelter", OrganizationKind.Nonprofit,
            "A 12-bed emergency and transitional shelter for commercially sexually exploited and trafficked youth ages 12 to 17. "
            + "Bilingual staff, on-site counseling and school liaison.",
            "shelter-housing case-management mental-health prevention-education",
            "minors-csec sex-trafficking labor-trafficking lgbtq",
            "en es hmn pa",
            [Fresno, Madera],
            phone: "(559) 555-0101", email: "intake", address: "1847 Almond Blossom Way, Fresno, CA 93799",
            intake: "(559) 555-0102"),
        Org("valley-compass-survivor-services", "Valley Compass Survivor Services", OrganizationKind.Nonprofit,
            "Victim-service provider for adult survivors of sex and labor trafficking: 24/7 crisis line, advocates on call for "
            + "law-enforcement operations, case management and job readiness.",
            "case-management hotline mental-health vocational-employment",
            "adults women men sex-trafficking labor-trafficking foreign-nationals",
            "en es hmn pa",
            [Fresno, Tulare, Kings],
            phone: "(559) 555-0103", email: "advocates", intake: "(559) 555-0104"),
        Org("sierra-mirador-police-department", "Sierra Mirador Police Department", OrganizationKind.LawEnforcement,
            "Municipal police department whose vice and human-trafficking unit leads the Fresno Valley Anti-Trafficking Task Force.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es",
            [Fresno],
            phone: "(559) 555-0105", email: "htunit", address: "400 Civic Plaza Drive, Sierra Mirador, CA 93799",
            accepting: false),
        Org("central-sierra-district-attorney", "Central Sierra District Attorney's Office", OrganizationKind.Prosecution,
            "Prosecutes human-trafficking cases in the valley; its victim-witness advocates support survivors through court.",
            "prosecution case-management",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es hmn",
            [Fresno, Madera],
            phone: "(559) 555-0106", email: "victimwitness", address: "220 Courthouse Row, Fresno, CA 93799",
            accepting: false),
        Org("valley-crest-children-family-services", "Valley Crest Children and Family Services", OrganizationKind.ChildWelfare,
            "Child-welfare agency with a dedicated CSEC unit that screens youth in foster care and coordinates placements.",
            "child-welfare case-management",
            "minors-csec families",
            "en es hmn pa",
            [Fresno],
            phone: "(559) 555-0107", email: "csec-unit", address: "915 Orchard Park Lane, Fresno, CA 93799"),
        Org("kings-river-farmworker-legal-center", "Kings River Farmworker Legal Center", OrganizationKind.LegalAid,
            "Free legal help for farmworkers and other survivors of labor trafficking: T visas, U visas, wage claims and civil remedies.",
            "legal-aid immigration-relief",
            "labor-trafficking foreign-nationals adults families",
            "en es pa hmn",
            [Fresno, Tulare, Kings, Merced],
            phone: "(559) 555-0108", email: "help"),
        Org("magnolia-row-community-clinic", "Magnolia Row Community Clinic", OrganizationKind.HealthClinic,
            "Community health center offering trauma-informed primary care, sexual-health services and counseling, with "
            + "same-day appointments for referred survivors.",
            "medical mental-health",
            "adults women minors-csec lgbtq",
            "en es hmn",
            [Fresno],
            phone: "(559) 555-0109", address: "3310 Magnolia Row, Fresno, CA 93799"),
        Org("cedar-lantern-ministries", "Cedar Lantern Ministries", OrganizationKind.FaithBased,
            "Faith-based transitional home for adult women leaving sexual exploitation, with mentoring and job training.",
            "shelter-housing vocational-employment case-management",
            "women adults sex-trafficking",
            "en es",
            [Fresno],
            phone: "(559) 555-0110", email: "hello", address: "72 Cedar Lantern Court, Fresno, CA 93799",
            verified: false),
        Org("redtail-unified-prevention-program", "Redtail Unified Prevention Program", OrganizationKind.Education,
            "School-district program that teaches trafficking-prevention lessons in middle and high schools and trains "
            + "teachers and counselors to recognize the signs.",
            "prevention-education",
            "minors-csec families",
            "en es hmn pa",
            [Fresno],
            phone: "(559) 555-0111", email: "prevention", accepting: false),
        Org("granite-pass-mens-recovery-home", "Granite Pass Men's Recovery Home", OrganizationKind.Nonprofit,
            "One of the few shelters for men in the valley: emergency beds for male survivors of labor and sex trafficking, "
            + "with case management and employment support.",
            "shelter-housing case-management vocational-employment",
            "men adults labor-trafficking sex-trafficking foreign-nationals",
            "en es pa",
            [Fresno, Madera],
            phone: "(559) 555-0112", address: "5120 Granite Pass Road, Fresno, CA 93799", intake: "(559) 555-0113"),
        Org("oak-hollow-family-haven", "Oak Hollow Family Haven", OrganizationKind.Nonprofit,
            "Emergency shelter for survivors and their children, with family suites and on-site child care.",
            "shelter-housing case-management",
            "women families sex-trafficking labor-trafficking",
            "en es",
            [Tulare, Kings],
            phone: "(559) 555-0114", email: "shelter", address: "88 Hollow Oak Trail, Tulare, CA 93299",
            intake: "(559) 555-0115"),
        Org("cottonleaf-police-department", "Cottonleaf Police Department", OrganizationKind.LawEnforcement,
            "Municipal police department; detectives take part in regional trafficking operations.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es",
            [Tulare],
            phone: "(559) 555-0116", accepting: false),
        Org("salt-slough-outreach-collective", "Salt Slough Outreach Collective", OrganizationKind.Nonprofit,
            "Outreach workers visit farms, packing houses and labor camps to inform workers of their rights and connect "
            + "survivors of labor trafficking to help.",
            "case-management hotline prevention-education",
            "labor-trafficking foreign-nationals adults",
            "en es pa",
            [Kings, Tulare],
            phone: "(559) 555-0117", email: "outreach", verified: false),
        Org("fossil-ridge-youth-advocates", "Fossil Ridge Youth Advocates", OrganizationKind.Nonprofit,
            "Mentoring and case management for youth who have been exploited or are at high risk, including youth in foster care.",
            "case-management mental-health",
            "minors-csec sex-trafficking",
            "en es",
            [Madera, Fresno],
            phone: "(559) 555-0118", email: "mentors"),
        Org("blue-heron-crossing-shelter", "Blue Heron Crossing Shelter", OrganizationKind.Nonprofit,
            "Confidential shelter for women and families escaping trafficking and domestic violence.",
            "shelter-housing case-management",
            "women families sex-trafficking labor-trafficking domestic-violence",
            "en es hmn pa",
            [Merced, Stanislaus],
            phone: "(209) 555-0119", address: "640 Heron Marsh Road, Merced, CA 95399", intake: "(209) 555-0120"),
        Org("riverstone-community-health", "Riverstone Community Health", OrganizationKind.HealthClinic,
            "Federally qualified health center with a survivor-care pathway for medical exams, behavioral health and dental care.",
            "medical mental-health",
            "adults families foreign-nationals",
            "en es pa",
            [Stanislaus],
            phone: "(209) 555-0121", address: "1900 Riverstone Parkway, Modesto, CA 95399"),
        Org("delta-reach-survivor-network", "Delta Reach Survivor Network", OrganizationKind.Nonprofit,
            "Advocacy and case management for survivors across the Delta, with a focus on agricultural and domestic workers.",
            "case-management hotline vocational-employment",
            "adults men women labor-trafficking sex-trafficking",
            "en es tl km pa",
            [SanJoaquin],
            phone: "(209) 555-0122", email: "info", intake: "(209) 555-0123"),
        Org("sagebrush-flats-police-department", "Sagebrush Flats Police Department", OrganizationKind.LawEnforcement,
            "Municipal police department with a two-detective human-trafficking team.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es",
            [Kern],
            phone: "(661) 555-0124", accepting: false),
        Org("desert-willow-safe-house", "Desert Willow Safe House", OrganizationKind.Nonprofit,
            "Safe house for adult survivors and their children with 90-day stays, counseling and help finding permanent housing.",
            "shelter-housing case-management mental-health",
            "women adults families sex-trafficking labor-trafficking",
            "en es",
            [Kern],
            phone: "(661) 555-0125", email: "contact", address: "27 Willow Wash Lane, Bakersfield, CA 93399",
            intake: "(661) 555-0126"),
        Org("golden-poppy-legal-collaborative", "Golden Poppy Legal Collaborative", OrganizationKind.LegalAid,
            "Legal-aid collaborative for immigrant survivors: immigration relief, vacatur of convictions and family law.",
            "legal-aid immigration-relief",
            "foreign-nationals labor-trafficking adults",
            "en es pa",
            [Kern, Tulare, Fresno],
            phone: "(661) 555-0127", email: "intake"),

        // ---------------------------------------------------------------- Los Angeles and Orange
        Org("juniper-gate-womens-shelter", "Juniper Gate Women's Shelter", OrganizationKind.Nonprofit,
            "Confidential residential program for adult women survivors of trafficking, with therapy, life-skills classes and "
            + "multilingual advocates.",
            "shelter-housing case-management mental-health",
            "women adults sex-trafficking labor-trafficking lgbtq",
            "en es ko tl hy",
            [LosAngeles],
            phone: "(213) 555-0128", email: "referrals", address: "1516 Juniper Gate Avenue, Los Angeles, CA 90099",
            intake: "(213) 555-0129"),
        Org("starling-pier-youth-refuge", "Starling Pier Youth Refuge", OrganizationKind.Nonprofit,
            "Shelter and drop-in center for exploited and at-risk youth, open to LGBTQ+ youth, with street outreach at night.",
            "shelter-housing case-management",
            "minors-csec lgbtq sex-trafficking",
            "en es",
            [LosAngeles, Orange],
            phone: "(310) 555-0130", address: "9 Lighthouse Steps, Los Angeles, CA 90099", intake: "(310) 555-0131"),
        Org("palisade-heights-police-department", "Palisade Heights Police Department", OrganizationKind.LawEnforcement,
            "Police department whose human-trafficking section leads the Los Angeles Basin Anti-Trafficking Task Force.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es ko",
            [LosAngeles],
            phone: "(323) 555-0132", email: "htsection", address: "100 Heights Civic Center, Los Angeles, CA 90099",
            accepting: false),
        Org("southland-coastal-district-attorney", "Southland Coastal District Attorney's Office", OrganizationKind.Prosecution,
            "Human-trafficking prosecution unit with vertical prosecutors and victim advocates.",
            "prosecution case-management",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es ko hy",
            [LosAngeles],
            phone: "(213) 555-0133", email: "ht-unit", accepting: false),
        Org("southland-childrens-protective-services", "Southland Children's Protective Services Bureau", OrganizationKind.ChildWelfare,
            "Child-protective services bureau with a specialized team for commercially sexually exploited children.",
            "child-welfare case-management",
            "minors-csec families",
            "en es ko tl hy",
            [LosAngeles],
            phone: "(213) 555-0134", email: "csec-team"),
        Org("lantern-bridge-immigrant-legal-services", "Lantern Bridge Immigrant Legal Services", OrganizationKind.LegalAid,
            "Immigration attorneys and accredited representatives helping foreign-national survivors obtain T and U visas.",
            "legal-aid immigration-relief",
            "foreign-nationals labor-trafficking sex-trafficking",
            "en es zh ko tl vi th hy",
            [LosAngeles, Orange],
            phone: "(213) 555-0135", email: "consult"),
        Org("silver-lotus-community-health-center", "Silver Lotus Community Health Center", OrganizationKind.HealthClinic,
            "Multilingual community clinic with trauma-informed medical and behavioral-health care for survivors.",
            "medical mental-health",
            "women adults foreign-nationals",
            "en ko zh vi th",
            [LosAngeles],
            phone: "(213) 555-0136", address: "4410 Silver Lotus Boulevard, Los Angeles, CA 90099"),
        Org("pueblo-verde-worker-justice-center", "Pueblo Verde Worker Justice Center", OrganizationKind.Nonprofit,
            "Workers' center that identifies labor-trafficking cases in garment, restaurant and domestic work and supports survivors.",
            "case-management legal-aid vocational-employment",
            "labor-trafficking foreign-nationals men adults",
            "en es tl",
            [LosAngeles],
            phone: "(323) 555-0137", email: "workers"),
        Org("pomegranate-door-family-services", "Pomegranate Door Family Services", OrganizationKind.Nonprofit,
            "Counseling and case management for immigrant families, with Armenian-, Persian- and Russian-speaking staff.",
            "case-management mental-health",
            "families women foreign-nationals",
            "en hy fa ru",
            [LosAngeles],
            phone: "(818) 555-0138", email: "office"),
        Org("kaleidoscope-crossing-youth-services", "Kaleidoscope Crossing Youth Services", OrganizationKind.Nonprofit,
            "Housing and support for LGBTQ+ young people who have survived exploitation, ages 16 to 24.",
            "shelter-housing case-management",
            "lgbtq minors-csec adults sex-trafficking",
            "en es",
            [LosAngeles],
            phone: "(323) 555-0139", address: "260 Prism Alley, Los Angeles, CA 90099", intake: "(323) 555-0140",
            verified: false),
        Org("chapel-of-the-morning-star-outreach", "Chapel of the Morning Star Outreach", OrganizationKind.FaithBased,
            "Congregation-based outreach offering mentoring, job coaching and emergency supplies to survivors.",
            "case-management vocational-employment",
            "women adults",
            "en es tl ko",
            [LosAngeles],
            phone: "(626) 555-0141", email: "outreach"),
        Org("coastal-sage-survivor-alliance", "Coastal Sage Survivor Alliance", OrganizationKind.Nonprofit,
            "Emergency shelter and long-term case management for adult survivors in Orange County.",
            "shelter-housing case-management",
            "women adults sex-trafficking labor-trafficking",
            "en es vi ko",
            [Orange],
            phone: "(714) 555-0142", email: "help", address: "3 Coastal Sage Circle, Santa Ana, CA 92799",
            intake: "(714) 555-0143"),
        Org("laguna-mesa-police-department", "Laguna Mesa Police Department", OrganizationKind.LawEnforcement,
            "Municipal police department taking part in regional anti-trafficking operations.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es vi",
            [Orange],
            phone: "(949) 555-0144", accepting: false),
        Org("lotus-harbor-family-services", "Lotus Harbor Family Services", OrganizationKind.Nonprofit,
            "Vietnamese-language counseling, helpline and case management for families affected by trafficking.",
            "case-management mental-health hotline",
            "families foreign-nationals women",
            "en vi",
            [Orange],
            phone: "(714) 555-0145", email: "family"),

        // ---------------------------------------------------------------- Inland Empire
        Org("inland-horizons-anti-trafficking-coalition", "Inland Horizons Anti-Trafficking Coalition", OrganizationKind.Coalition,
            "Coalition of service providers, schools and agencies in Riverside and San Bernardino counties; runs trainings and "
            + "awareness campaigns.",
            "prevention-education",
            "adults minors-csec families",
            "en es",
            [Riverside, SanBernardino],
            phone: "(951) 555-0146", email: "coalition", accepting: false),
        Org("palm-canyon-refuge", "Palm Canyon Refuge", OrganizationKind.Nonprofit,
            "Confidential emergency shelter for women and families in the desert communities.",
            "shelter-housing case-management",
            "women families sex-trafficking",
            "en es",
            [Riverside],
            phone: "(760) 555-0147", address: "71 Palm Canyon Spur, Indio, CA 92299", intake: "(760) 555-0148"),
        Org("coyote-wash-police-department", "Coyote Wash Police Department", OrganizationKind.LawEnforcement,
            "Police department with a regional vice and trafficking team.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es",
            [Riverside],
            phone: "(951) 555-0149", accepting: false),
        Org("sunfield-unified-prevention-office", "Sunfield Unified Prevention Office", OrganizationKind.Education,
            "School-district office that delivers trafficking-prevention curriculum and staff training.",
            "prevention-education",
            "minors-csec families",
            "en es",
            [Riverside],
            phone: "(951) 555-0150", email: "prevention", accepting: false),
        Org("high-desert-mercy-shelter", "High Desert Mercy Shelter", OrganizationKind.Nonprofit,
            "Group home for girls who have been commercially sexually exploited, with on-site schooling and therapy.",
            "shelter-housing case-management mental-health",
            "minors-csec sex-trafficking",
            "en es",
            [SanBernardino],
            phone: "(760) 555-0151", address: "14 Mesquite Ridge Road, Victorville, CA 92399", intake: "(760) 555-0152"),
        Org("cajon-summit-health-clinic", "Cajon Summit Health Clinic", OrganizationKind.HealthClinic,
            "Primary care and forensic-exam referrals for survivors of sexual exploitation.",
            "medical",
            "adults women minors-csec",
            "en es",
            [SanBernardino],
            phone: "(909) 555-0153", address: "500 Summit Loop, San Bernardino, CA 92499"),
        Org("inland-crossroads-district-attorney", "Inland Crossroads District Attorney's Office", OrganizationKind.Prosecution,
            "Prosecutes trafficking and exploitation cases and runs a victim-witness program.",
            "prosecution",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es",
            [SanBernardino, Riverside],
            phone: "(909) 555-0154", accepting: false),

        // ---------------------------------------------------------------- San Diego and Imperial
        Org("harbor-point-police-department", "Harbor Point Police Department", OrganizationKind.LawEnforcement,
            "Police department whose trafficking unit leads the San Diego Border and Coast Task Force.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking foreign-nationals",
            "en es tl",
            [SanDiego],
            phone: "(619) 555-0155", email: "trafficking-unit", address: "1 Harbor Point Plaza, San Diego, CA 92199",
            accepting: false),
        Org("tidewater-survivor-shelter", "Tidewater Survivor Shelter", OrganizationKind.Nonprofit,
            "Confidential shelter for adult survivors, with therapy, peer support and a transitional-housing program.",
            "shelter-housing case-management mental-health",
            "women adults sex-trafficking lgbtq",
            "en es tl vi ar",
            [SanDiego],
            phone: "(619) 555-0156", email: "care", address: "808 Tidewater Lane, San Diego, CA 92199",
            intake: "(619) 555-0157"),
        Org("border-lights-youth-refuge", "Border Lights Youth Refuge", OrganizationKind.Nonprofit,
            "Emergency shelter for minors, including unaccompanied foreign-national youth identified as trafficking victims.",
            "shelter-housing case-management",
            "minors-csec foreign-nationals sex-trafficking labor-trafficking",
            "en es",
            [SanDiego, Imperial],
            phone: "(619) 555-0158", address: "45 Lantern Hill Road, Chula Vista, CA 91999", intake: "(619) 555-0159"),
        Org("pacific-crest-district-attorney", "Pacific Crest District Attorney's Office", OrganizationKind.Prosecution,
            "Human-trafficking prosecution unit and victim-advocate program.",
            "prosecution case-management",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es tl",
            [SanDiego],
            phone: "(619) 555-0160", email: "ht-prosecution", accepting: false),
        Org("bayfront-children-family-services", "Bayfront Children and Family Services Agency", OrganizationKind.ChildWelfare,
            "Child-welfare agency with a CSEC response team available around the clock.",
            "child-welfare case-management",
            "minors-csec families",
            "en es tl vi",
            [SanDiego],
            phone: "(858) 555-0161", email: "csec-response"),
        Org("mesa-linda-legal-aid-society", "Mesa Linda Legal Aid Society", OrganizationKind.LegalAid,
            "Legal aid for survivors on both sides of the county line: immigration relief, vacatur and civil claims.",
            "legal-aid immigration-relief",
            "foreign-nationals labor-trafficking adults",
            "en es tl ar vi",
            [SanDiego, Imperial],
            phone: "(619) 555-0162", email: "intake"),
        Org("seaglass-community-clinic", "Seaglass Community Clinic", OrganizationKind.HealthClinic,
            "Community clinic offering medical care, mental-health services and tattoo removal for survivors.",
            "medical mental-health",
            "adults women lgbtq",
            "en es",
            [SanDiego],
            phone: "(760) 555-0163", address: "230 Seaglass Way, Oceanside, CA 92099"),
        Org("salton-basin-outreach-center", "Salton Basin Outreach Center", OrganizationKind.Nonprofit,
            "Bilingual outreach and crisis line for agricultural workers in the Imperial Valley.",
            "case-management hotline",
            "labor-trafficking foreign-nationals adults",
            "en es",
            [Imperial],
            phone: "(760) 555-0164", email: "ayuda", intake: "(760) 555-0165"),

        // ---------------------------------------------------------------- Sacramento region and the Sierra foothills
        Org(CurationDeskKey, "Connected California Curation Desk", OrganizationKind.Coalition,
            "The curators of the Connected California network: they verify listings, keep the taxonomy and publish the "
            + "statewide campaign and training calendars.",
            "prevention-education",
            "adults minors-csec",
            "en es",
            [Sacramento, LosAngeles],
            phone: "(916) 555-0166", email: "curators", accepting: false),
        Org("delta-crossing-police-department", "Delta Crossing Police Department", OrganizationKind.LawEnforcement,
            "Police department whose human-trafficking detail leads the Capitol Rivers Anti-Trafficking Task Force.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es ru",
            [Sacramento],
            phone: "(916) 555-0167", email: "htdetail", accepting: false),
        Org("cottonwood-confluence-youth-house", "Cottonwood Confluence Youth House", OrganizationKind.Nonprofit,
            "Shelter and wraparound services for exploited youth and young adults, including LGBTQ+ youth.",
            "shelter-housing case-management mental-health",
            "minors-csec lgbtq sex-trafficking",
            "en es hmn ru pa",
            [Sacramento, Yolo],
            phone: "(916) 555-0168", email: "youth", address: "12 Two Rivers Court, Sacramento, CA 95899",
            intake: "(916) 555-0169"),
        Org("willow-quarter-womens-refuge", "Willow Quarter Women's Refuge", OrganizationKind.Nonprofit,
            "Confidential refuge for women and their children leaving trafficking or domestic violence.",
            "shelter-housing case-management",
            "women families sex-trafficking labor-trafficking domestic-violence",
            "en es ru fa",
            [Sacramento, Placer],
            phone: "(916) 555-0170", address: "77 Willow Quarter Lane, Sacramento, CA 95899", intake: "(916) 555-0171"),
        Org("capitol-rivers-district-attorney", "Capitol Rivers District Attorney's Office", OrganizationKind.Prosecution,
            "Prosecutes trafficking cases and provides victim-witness advocates.",
            "prosecution case-management",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es ru",
            [Sacramento],
            phone: "(916) 555-0172", accepting: false),
        Org("four-rivers-child-family-services", "Four Rivers Child and Family Services", OrganizationKind.ChildWelfare,
            "Child-welfare agency with CSEC-trained social workers and a multidisciplinary team.",
            "child-welfare case-management",
            "minors-csec families",
            "en es hmn ru",
            [Sacramento, Yolo],
            phone: "(916) 555-0173", email: "mdt"),
        Org("meridian-hall-legal-clinic", "Meridian Hall Legal Clinic", OrganizationKind.LegalAid,
            "Law-school clinic representing survivors in immigration, vacatur and restitution matters.",
            "legal-aid immigration-relief",
            "foreign-nationals adults labor-trafficking sex-trafficking",
            "en es ru pa",
            [Sacramento, Placer, ElDorado, Yolo],
            phone: "(916) 555-0174", email: "clinic"),
        Org("foothill-ember-survivor-services", "Foothill Ember Survivor Services", OrganizationKind.Nonprofit,
            "Rural advocacy, safe housing and case management for survivors across the foothill counties.",
            "shelter-housing case-management",
            "women adults sex-trafficking",
            "en es",
            [Placer, ElDorado, NevadaCounty],
            phone: "(530) 555-0175", address: "5 Ember Ridge Road, Auburn, CA 95699", intake: "(530) 555-0176"),
        Org("feather-bend-youth-home", "Feather Bend Youth Home", OrganizationKind.Nonprofit,
            "Small residential home for exploited youth in the northern valley.",
            "shelter-housing case-management",
            "minors-csec sex-trafficking",
            "en es hmn pa",
            [Butte, Yuba, Sutter],
            phone: "(530) 555-0177", address: "301 Feather Bend Road, Oroville, CA 95999"),

        // ---------------------------------------------------------------- Bay Area
        Org("lakeview-arbor-youth-shelter", "Lakeview Arbor Youth Shelter", OrganizationKind.Nonprofit,
            "Emergency shelter and drop-in center for exploited and runaway youth in the East Bay.",
            "shelter-housing case-management mental-health",
            "minors-csec lgbtq sex-trafficking",
            "en es zh vi",
            [Alameda, ContraCosta],
            phone: "(510) 555-0178", email: "dropin", address: "19 Arbor Lake Terrace, Oakland, CA 94699",
            intake: "(510) 555-0179"),
        Org("bayshore-heights-police-department", "Bayshore Heights Police Department", OrganizationKind.LawEnforcement,
            "Municipal police department with a special-victims unit that investigates trafficking.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es zh",
            [Alameda],
            phone: "(510) 555-0180", accepting: false),
        Org("estuary-immigrant-rights-law-center", "Estuary Immigrant Rights Law Center", OrganizationKind.LegalAid,
            "Immigration relief and employment-law help for survivors of labor trafficking.",
            "legal-aid immigration-relief",
            "foreign-nationals labor-trafficking adults families",
            "en es zh vi tl ar",
            [Alameda, SanFrancisco, ContraCosta],
            phone: "(510) 555-0181", email: "intake"),
        Org("lantern-path-interfaith-network", "Lantern Path Interfaith Network", OrganizationKind.FaithBased,
            "Interfaith network of congregations that provide mentoring, rides and emergency supplies to survivors.",
            "case-management vocational-employment",
            "adults women families",
            "en es zh tl ko",
            [Alameda, ContraCosta],
            phone: "(925) 555-0182", email: "volunteer", verified: false),
        Org("fogline-survivor-health-center", "Fogline Survivor Health Center", OrganizationKind.HealthClinic,
            "Clinic specializing in care for survivors of violence and exploitation, with LGBTQ+-affirming services.",
            "medical mental-health",
            "lgbtq women adults foreign-nationals",
            "en es zh tl ru",
            [SanFrancisco, SanMateo],
            phone: "(415) 555-0183", address: "600 Fogline Street, San Francisco, CA 94199"),
        Org("quail-meadow-safe-harbor", "Quail Meadow Safe Harbor", OrganizationKind.Nonprofit,
            "Confidential shelter and transitional housing for survivors and their families in the South Bay.",
            "shelter-housing case-management",
            "women families sex-trafficking labor-trafficking",
            "en es vi zh tl pa",
            [SantaClara, SanMateo, SantaCruz],
            phone: "(408) 555-0184", email: "shelter", address: "2450 Quail Meadow Drive, San Jose, CA 95199",
            intake: "(408) 555-0185"),
        Org("guadalupe-ridge-police-department", "Guadalupe Ridge Police Department", OrganizationKind.LawEnforcement,
            "Police department with a human-trafficking task unit.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en es vi",
            [SantaClara],
            phone: "(408) 555-0186", accepting: false),
        Org("mekong-bridge-family-services", "Mekong Bridge Family Services", OrganizationKind.Nonprofit,
            "Culturally specific counseling and case management for Vietnamese and Cambodian families.",
            "case-management mental-health",
            "families foreign-nationals women",
            "en vi km",
            [SantaClara],
            phone: "(408) 555-0187", email: "services"),
        Org("straitview-youth-advocates", "Straitview Youth Advocates", OrganizationKind.Nonprofit,
            "Advocates and prevention educators for exploited and at-risk youth.",
            "case-management mental-health prevention-education",
            "minors-csec sex-trafficking",
            "en es tl",
            [ContraCosta, Solano],
            phone: "(925) 555-0188", email: "advocates"),

        // ---------------------------------------------------------------- Central Coast
        Org("artichoke-fields-worker-alliance", "Artichoke Fields Worker Alliance", OrganizationKind.Nonprofit,
            "Farmworker alliance that identifies labor-trafficking cases and supports survivors through recovery.",
            "case-management legal-aid",
            "labor-trafficking foreign-nationals men",
            "en es",
            [Monterey, SanBenito, SantaCruz],
            phone: "(831) 555-0189", email: "alianza"),
        Org("channel-coast-survivor-shelter", "Channel Coast Survivor Shelter", OrganizationKind.Nonprofit,
            "Confidential emergency shelter for survivors and their children along the Channel Coast.",
            "shelter-housing case-management",
            "women families sex-trafficking labor-trafficking",
            "en es",
            [Ventura, SantaBarbara],
            phone: "(805) 555-0190", address: "16 Channel Coast Road, Oxnard, CA 93099", intake: "(805) 555-0191"),
        Org("oak-chaparral-family-clinic", "Oak Chaparral Family Clinic", OrganizationKind.HealthClinic,
            "Rural family clinic offering trauma-informed care and behavioral health.",
            "medical mental-health",
            "adults families",
            "en es",
            [SanLuisObispo, SantaBarbara],
            phone: "(805) 555-0192"),

        // ---------------------------------------------------------------- North Coast, North State and Eastern Sierra
        Org("redwood-hollow-safe-house", "Redwood Hollow Safe House", OrganizationKind.Nonprofit,
            "The North Coast's safe house for adult survivors, with advocates who travel to remote communities.",
            "shelter-housing case-management",
            "women adults lgbtq sex-trafficking labor-trafficking",
            "en es",
            [Humboldt, DelNorte, Mendocino],
            phone: "(707) 555-0193", address: "4 Redwood Hollow Road, Eureka, CA 95599", intake: "(707) 555-0194"),
        Org("elk-prairie-youth-outreach", "Elk Prairie Youth Outreach", OrganizationKind.Nonprofit,
            "Prevention education and case management for rural youth at risk of exploitation.",
            "case-management prevention-education",
            "minors-csec",
            "en",
            [Humboldt, DelNorte],
            phone: "(707) 555-0195", email: "youth", verified: false),
        Org("cinder-cone-crisis-center", "Cinder Cone Crisis Center", OrganizationKind.Nonprofit,
            "Crisis line, emergency shelter and advocacy for survivors across the North State.",
            "shelter-housing hotline case-management",
            "women families sex-trafficking",
            "en es",
            [Shasta, Tehama, Siskiyou],
            phone: "(530) 555-0196", address: "90 Cinder Cone Drive, Redding, CA 96099", intake: "(530) 555-0197"),
        Org("ponderosa-basin-sheriffs-office", "Ponderosa Basin Sheriff's Office", OrganizationKind.LawEnforcement,
            "Sheriff's office covering rural mountain communities; investigates trafficking along the interstate corridor.",
            "law-enforcement",
            "adults minors-csec sex-trafficking labor-trafficking",
            "en",
            [Shasta, Siskiyou],
            phone: "(530) 555-0198", accepting: false),
        Org("vineyard-valley-worker-justice-project", "Vineyard Valley Worker Justice Project", OrganizationKind.LegalAid,
            "Legal help for vineyard and hospitality workers who are survivors of labor trafficking.",
            "legal-aid immigration-relief",
            "labor-trafficking foreign-nationals adults",
            "en es",
            [Sonoma, Napa, Mendocino],
            phone: "(707) 555-0199", email: "justicia"),
        Org("tule-elk-community-clinic", "Tule Elk Community Clinic", OrganizationKind.HealthClinic,
            "Community clinic with a survivor-care nurse and telehealth counseling.",
            "medical mental-health",
            "adults families",
            "en es",
            [Lake, Mendocino],
            phone: "(707) 555-0100", verified: false),
        Org("sagebrush-sky-advocacy-center", "Sagebrush Sky Advocacy Center", OrganizationKind.Nonprofit,
            "Crisis line and advocacy for survivors in the Eastern Sierra's remote towns.",
            "hotline case-management",
            "adults women",
            "en es",
            [Inyo, Mono],
            phone: "(760) 555-0166", email: "advocacy", intake: "(760) 555-0167"),
    ];

    public static IReadOnlyList<DemoTaskForce> TaskForces { get; } =
    [
        TaskForce(FresnoTaskForceKey, "Fresno Valley Anti-Trafficking Task Force",
            "Multi-agency task force of law enforcement, prosecution, child welfare and victim services for Fresno and the "
            + "neighboring valley counties.",
            [Fresno, Madera, Tulare, Kings],
            ("sierra-mirador-police-department", TaskForceOrganizationRole.LeadAgency),
            ("cottonleaf-police-department", TaskForceOrganizationRole.LawEnforcement),
            ("central-sierra-district-attorney", TaskForceOrganizationRole.Prosecution),
            ("valley-compass-survivor-services", TaskForceOrganizationRole.VictimServices),
            (FresnoMinorsShelterKey, TaskForceOrganizationRole.VictimServices),
            ("granite-pass-mens-recovery-home", TaskForceOrganizationRole.VictimServices),
            ("valley-crest-children-family-services", TaskForceOrganizationRole.ChildWelfare),
            ("kings-river-farmworker-legal-center", TaskForceOrganizationRole.Other),
            ("magnolia-row-community-clinic", TaskForceOrganizationRole.Other))
            with { Invitations = [new TaskForceOrganization(InvitedShelterKey, TaskForceOrganizationRole.VictimServices)] },
        TaskForce("la-basin-task-force", "Los Angeles Basin Anti-Trafficking Task Force",
            "Regional task force for Los Angeles and Orange counties: joint investigations, victim-centered operations and "
            + "shared training.",
            [LosAngeles, Orange],
            ("palisade-heights-police-department", TaskForceOrganizationRole.LeadAgency),
            ("laguna-mesa-police-department", TaskForceOrganizationRole.LawEnforcement),
            ("southland-coastal-district-attorney", TaskForceOrganizationRole.Prosecution),
            ("juniper-gate-womens-shelter", TaskForceOrganizationRole.VictimServices),
            ("starling-pier-youth-refuge", TaskForceOrganizationRole.VictimServices),
            ("coastal-sage-survivor-alliance", TaskForceOrganizationRole.VictimServices),
            ("southland-childrens-protective-services", TaskForceOrganizationRole.ChildWelfare),
            ("lantern-bridge-immigrant-legal-services", TaskForceOrganizationRole.Other)),
        TaskForce("san-diego-border-coast-task-force", "San Diego Border and Coast Trafficking Task Force",
            "Task force for San Diego and Imperial counties, covering the border region and the agricultural valley.",
            [SanDiego, Imperial],
            ("harbor-point-police-department", TaskForceOrganizationRole.LeadAgency),
            ("pacific-crest-district-attorney", TaskForceOrganizationRole.Prosecution),
            ("tidewater-survivor-shelter", TaskForceOrganizationRole.VictimServices),
            ("border-lights-youth-refuge", TaskForceOrganizationRole.VictimServices),
            ("salton-basin-outreach-center", TaskForceOrganizationRole.VictimServices),
            ("bayfront-children-family-services", TaskForceOrganizationRole.ChildWelfare),
            ("mesa-linda-legal-aid-society", TaskForceOrganizationRole.Other)),
        TaskForce("capitol-rivers-task-force", "Capitol Rivers Anti-Trafficking Task Force",
            "Task force for the Sacramento region and the foothills.",
            [Sacramento, Yolo, Placer, ElDorado],
            ("delta-crossing-police-department", TaskForceOrganizationRole.LeadAgency),
            ("capitol-rivers-district-attorney", TaskForceOrganizationRole.Prosecution),
            ("cottonwood-confluence-youth-house", TaskForceOrganizationRole.VictimServices),
            ("willow-quarter-womens-refuge", TaskForceOrganizationRole.VictimServices),
            ("foothill-ember-survivor-services", TaskForceOrganizationRole.VictimServices),
            ("four-rivers-child-family-services", TaskForceOrganizationRole.ChildWelfare),
            ("meridian-hall-legal-clinic", TaskForceOrganizationRole.Other)),
    ];

    public static IReadOnlyList<DemoInitiative> Initiatives { get; } =
    [
        new("statewide-petition-drive",
            new InitiativeProfile(
                "Survivor Justice Petition Drive",
                "A statewide signature drive to put a survivor-protection measure on the ballot. Partner organizations host "
                + "petition-circulator trainings and signing tables.",
                [Fresno, LosAngeles, SanDiego, Sacramento, Alameda, SantaClara, Riverside, SanBernardino, Kern, Orange]),
            [
                CurationDeskKey, "inland-horizons-anti-trafficking-coalition", "valley-compass-survivor-services",
                "juniper-gate-womens-shelter", "cottonwood-confluence-youth-house", "tidewater-survivor-shelter",
                "lakeview-arbor-youth-shelter", "quail-meadow-safe-harbor", "chapel-of-the-morning-star-outreach",
                "lantern-path-interfaith-network", "desert-willow-safe-house", "coastal-sage-survivor-alliance",
            ],
            [
                new InitiativeGoal("signatures", "Valid signatures collected", 700_000, 0, "signatures"),
                new InitiativeGoal("volunteers-trained", "Petition circulators trained", 200, 12, "volunteers"),
                new InitiativeGoal("circulator-trainings", "Circulator trainings held", 40, 2, "trainings"),
            ]),
        new("awareness-month-january",
            new InitiativeProfile(
                "Human Trafficking Awareness Month (January)",
                "Every January, network members run school presentations, community events and a shared social-media "
                + "campaign about the signs of trafficking and where to get help.",
                [Fresno, LosAngeles, SanDiego, Sacramento, Riverside, Alameda, Humboldt, Shasta]),
            [
                CurationDeskKey, "inland-horizons-anti-trafficking-coalition", "redtail-unified-prevention-program",
                "sunfield-unified-prevention-office", FresnoMinorsShelterKey, "starling-pier-youth-refuge",
                "magnolia-row-community-clinic", "straitview-youth-advocates", "elk-prairie-youth-outreach",
                "cinder-cone-crisis-center", "lotus-harbor-family-services",
            ],
            [
                new InitiativeGoal("presentations", "Community and school presentations", 120, 0, "presentations"),
                new InitiativeGoal("people-reached", "People reached", 25_000, 0, "people"),
                new InitiativeGoal("educators-trained", "Teachers and counselors trained", 300, 0, "educators"),
            ]),
        new("fresno-foster-youth-working-group",
            new InitiativeProfile(
                "Fresno Foster Youth Working Group",
                "A county working group on preventing the exploitation of youth in foster care: screening, placement "
                + "training and a shared response protocol for youth who run away.",
                [Fresno]),
            [
                "valley-crest-children-family-services", FresnoMinorsShelterKey, "valley-compass-survivor-services",
                "fossil-ridge-youth-advocates", "redtail-unified-prevention-program", "central-sierra-district-attorney",
                "sierra-mirador-police-department", "magnolia-row-community-clinic",
            ],
            [
                new InitiativeGoal("caregivers-trained", "Foster caregivers trained on CSEC indicators", 150, 24, "caregivers"),
                new InitiativeGoal("protocol-signatories", "Agencies signed on to the runaway-response protocol", 8, 3, "agencies"),
            ]),
    ];

    public static IReadOnlyList<DemoUser> Users { get; } =
    [
        new($"shelter.staff@{UserEmailDomain}", "Marisol Vega", "Shelter staff — Fresno (Bright Orchard Youth Shelter)",
            [(FresnoMinorsShelterKey, OrganizationRole.Staff)], [], IsCurator: false, IsSystemAdmin: false),
        new($"shelter.admin@{UserEmailDomain}", "Daniel Vang", "Shelter org admin — Fresno (Bright Orchard Youth Shelter)",
            [(FresnoMinorsShelterKey, OrganizationRole.Admin)], [], IsCurator: false, IsSystemAdmin: false),
        new($"la.shelter.admin@{UserEmailDomain}", "Grace Han", "Shelter org admin — Los Angeles (Juniper Gate Women's Shelter)",
            [("juniper-gate-womens-shelter", OrganizationRole.Admin)], [], IsCurator: false, IsSystemAdmin: false),
        new($"officer@{UserEmailDomain}", "Det. Ray Alcantar", "Law-enforcement staff — San Diego (Harbor Point Police Department)",
            [("harbor-point-police-department", OrganizationRole.Staff)], [], IsCurator: false, IsSystemAdmin: false),
        new($"taskforce.lead@{UserEmailDomain}", "Sgt. Priya Sandhu",
            "Task-force lead — Fresno Valley Anti-Trafficking Task Force (Sierra Mirador Police Department)",
            [("sierra-mirador-police-department", OrganizationRole.Staff)],
            [(FresnoTaskForceKey, TaskForceRole.Lead)], IsCurator: false, IsSystemAdmin: false),
        new($"taskforce.member@{UserEmailDomain}", "Lucia Navarro",
            "Task-force member — Fresno Valley Anti-Trafficking Task Force (Valley Compass Survivor Services)",
            [("valley-compass-survivor-services", OrganizationRole.Staff)],
            [(FresnoTaskForceKey, TaskForceRole.Member)], IsCurator: false, IsSystemAdmin: false),
        new($"curator@{UserEmailDomain}", "Jordan Ellis", "Curator — Connected California Curation Desk",
            [(CurationDeskKey, OrganizationRole.Staff)], [], IsCurator: true, IsSystemAdmin: false),
        new($"sysadmin@{UserEmailDomain}", "Sam Okafor", "System admin",
            [], [], IsCurator: false, IsSystemAdmin: true),
    ];

    /// <summary>The demo organization with this key, or null.</summary>
    public static DemoOrganization? FindOrganization(string key) => Organizations.FirstOrDefault(o => o.Key == key);

    private static DemoOrganization Org(
        string key,
        string name,
        OrganizationKind kind,
        string description,
        string services,
        string populations,
        string languages,
        string[] counties,
        string phone,
        string? email = null,
        string? address = null,
        string? intake = null,
        bool accepting = true,
        bool verified = true)
    {
        var serviceCodes = Codes(services);
        var isShelter = serviceCodes.Contains("shelter-housing");
        var domain = $"{key}.example.org";

        var contacts = ImmutableArray.CreateBuilder<Contact>();
        contacts.Add(new Contact("Main line", ContactKind.Phone, phone, Visibility.Public));
        if (email is not null)
        {
            contacts.Add(new Contact("Email", ContactKind.Email, $"{email}@{domain}", Visibility.Public));
        }

        if (address is not null)
        {
            // Shelter locations are confidential: only the organization and its task forces see them.
            contacts.Add(isShelter
                ? new Contact("Shelter location (confidential)", ContactKind.Address, address, Visibility.Organization)
                : new Contact("Office", ContactKind.Address, address, Visibility.Public));
        }

        if (intake is not null)
        {
            contacts.Add(new Contact("24/7 intake line (network partners)", ContactKind.Hotline, intake, Visibility.Network));
        }

        var profile = new OrganizationProfile(
            name,
            kind,
            description,
            $"https://{domain}",
            serviceCodes,
            Codes(populations),
            Codes(languages),
            [.. counties],
            contacts.ToImmutable(),
            accepting,
            Hours(key, kind, serviceCodes));
        return new DemoOrganization(key, profile, verified);
    }

    private static DemoTaskForce TaskForce(
        string key,
        string name,
        string description,
        string[] counties,
        params (string OrganizationKey, TaskForceOrganizationRole Role)[] organizations) =>
        new(key,
            new TaskForceProfile(name, description, [.. counties]),
            [.. organizations.Select(o => new TaskForceOrganization(o.OrganizationKey, o.Role))]);

    /// <summary>Plausible hours: shelters, hotlines and police around the clock; offices on weekdays, some also Saturday mornings.</summary>
    private static OpeningHours Hours(string key, OrganizationKind kind, ImmutableArray<string> services)
    {
        if (kind == OrganizationKind.LawEnforcement || services.Contains("shelter-housing") || services.Contains("hotline"))
        {
            return OpeningHours.Always;
        }

        var weekdays = kind is OrganizationKind.HealthClinic ? OpeningHours.Weekdays(8 * 60, 18 * 60) : OpeningHours.Weekdays(9 * 60, 17 * 60);
        return key.Length % 3 == 0
            ? weekdays with { Ranges = weekdays.Ranges.Add(new OpeningRange(DayOfWeek.Saturday, 10 * 60, 14 * 60)) }
            : weekdays;
    }

    private static ImmutableArray<string> Codes(string codes) =>
        [.. codes.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
}
