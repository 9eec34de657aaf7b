using System.Collections.Immutable;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// The demo's past training completions (issue 20), over the two years before the first start: the Proposition 35
/// two-hour training of law-enforcement and prosecution agencies (most of their officers, a few agencies none),
/// a four-hour labor-trafficking investigations course for some, and a trauma-informed care training for advocates
/// of a few victim-service organizations. Each completion gets its certificate (verifiable on the public page) and
/// its row in the training records; no event is created and nobody is notified. The same start gives the same
/// people and numbers (a fixed seed; dates count back from the first start). Names and addresses are invented.
/// </summary>
public static class DemoTrainingData
{
    /// <summary>The demo officer's (officer@…) past Proposition 35 certificate: a fixed code, so tests can ask for it.</summary>
    public const string OfficerCertificate = "CC-P35D-EMKA";

    /// <summary>The task-force lead's (taskforce.lead@…) past Proposition 35 certificate.</summary>
    public const string LeadCertificate = "CC-P35D-SGTP";

    /// <summary>Law-enforcement agencies the demo leaves with no one trained, so the gap list has something to show.</summary>
    public static readonly ImmutableArray<string> Untrained = ["ponderosa-basin-sheriffs-office", "coyote-wash-police-department", "guadalupe-ridge-police-department"];

    private static readonly string[] Advocates = ["valley-compass-survivor-services", "juniper-gate-womens-shelter", "tidewater-survivor-shelter", FresnoShelter];

    private const string FresnoShelter = DemoNetworkData.FresnoMinorsShelterKey;

    private static readonly string[] Given = ["Ana", "Luis", "Mei", "Jamal", "Rosa", "Tom", "Priya", "Diego", "Kim", "Omar", "Lena", "Hugo", "Nadia", "Ray", "Sofia", "Ivan", "Carmen", "Eli", "Teresa", "Vic"];

    private static readonly string[] Family = ["Alvarez", "Chen", "Okoro", "Nguyen", "Patel", "Romero", "Fischer", "Banda", "Soto", "Haddad", "Lopez", "Kowalski", "Reyes", "Tanaka", "Moreno", "Ibarra"];

    private const string LaborType = "Labor trafficking investigations (advanced, 4 hours)";
    private const string TraumaType = "Trauma-informed care for victim advocates";

    /// <summary>The completions, counted back from <paramref name="now"/>.</summary>
    public static ImmutableArray<(TrainingCompletion Completion, string Name)> Completions(DateTimeOffset now)
    {
        var random = new Random(35);
        var list = new List<(TrainingCompletion, string)>();
        var used = new HashSet<string>(StringComparer.Ordinal) { OfficerCertificate, LeadCertificate };

        void Add(string organizationId, string county, string personEmail, string name, string type, string title, decimal hours, int daysAgo, string? code = null)
        {
            code ??= Code(random, used);
            var on = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-daysAgo).AddHours(17);
            var eventId = $"demo-{(type == Prop35.TrainingType ? "prop-35" : type == LaborType ? "labor-investigations" : "trauma-informed-care")}-{county}-{on:yyyy-MM}";
            list.Add((new TrainingCompletion(code, eventId, title, type, hours, organizationId, on, TrainingPeople.KeyOf(personEmail), null), name));
        }

        foreach (var agency in DemoNetworkData.Organizations.Where(o => o.Profile.Kind is OrganizationKind.LawEnforcement or OrganizationKind.Prosecution))
        {
            if (Untrained.Contains(agency.Key))
            {
                continue;
            }

            var county = agency.Profile.Counties.FirstOrDefault() ?? "06000";
            var countyName = California.NameOf(county);
            var officers = agency.Profile.Kind == OrganizationKind.Prosecution ? 2 + random.Next(5) : 3 + random.Next(12);
            for (var i = 0; i < officers; i++)
            {
                var name = $"{(agency.Profile.Kind == OrganizationKind.Prosecution ? "DDA" : "Ofc.")} {Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}";
                var email = $"person{i}@{agency.Key}.example.org";
                Add(agency.Key, county, email, name, Prop35.TrainingType, $"Proposition 35 human trafficking training ({countyName} session)", 2, 30 + random.Next(670));
                if (random.Next(4) == 0)
                {
                    Add(agency.Key, county, email, name, LaborType, $"Labor trafficking investigations ({countyName})", 4, 10 + random.Next(400));
                }
            }
        }

        foreach (var key in Advocates)
        {
            var organization = DemoNetworkData.FindOrganization(key)!;
            var county = organization.Profile.Counties.FirstOrDefault() ?? "06000";
            for (var i = 0; i < 2 + random.Next(6); i++)
            {
                Add(key, county, $"advocate{i}@{key}.example.org", $"{Given[random.Next(Given.Length)]} {Family[random.Next(Family.Length)]}",
                    TraumaType, $"Trauma-informed care for victim advocates ({California.NameOf(county)})", 3, 20 + random.Next(500));
            }
        }

        // The demo sign-ins' own past trainings (their transcripts are not empty), under their addresses.
        Add("harbor-point-police-department", "06073", $"officer@{DemoNetworkData.UserEmailDomain}", "Det. Ray Alcantar",
            Prop35.TrainingType, "Proposition 35 human trafficking training (San Diego session)", 2, 200, OfficerCertificate);
        Add("sierra-mirador-police-department", "06019", $"taskforce.lead@{DemoNetworkData.UserEmailDomain}", "Sgt. Priya Sandhu",
            Prop35.TrainingType, "Proposition 35 human trafficking training (Fresno session)", 2, 420, LeadCertificate);
        Add(FresnoShelter, "06019", $"shelter.staff@{DemoNetworkData.UserEmailDomain}", "Marisol Vega",
            TraumaType, "Trauma-informed care for victim advocates (Fresno)", 3, 90);
        return [.. list];
    }

    /// <summary>Issues the certificates that are missing and adds the completions to the training records unless they were added before; 1 when added.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, DateTimeOffset now)
    {
        var records = grains.GetGrain<ITrainingRecordsGrain>(GrainKeys.TrainingRecords);
        if (await records.GetCompletion(OfficerCertificate) is not null)
        {
            return 0;
        }

        var completions = Completions(now);
        foreach (var (c, name) in completions)
        {
            var certificate = grains.GetGrain<ICertificateGrain>(c.CertificateCode);
            if (await certificate.Get() is null)
            {
                await certificate.Issue(new Certificate(c.CertificateCode, c.EventId, c.EventTitle, c.TrainingType, c.CreditHours, name, c.OrganizationId, c.CompletedOn, c.CompletedOn));
            }
        }

        return await records.SeedCompletions([.. completions.Select(c => c.Completion)]) ? 1 : 0;
    }

    private static string Code(Random random, HashSet<string> used)
    {
        const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        while (true)
        {
            var chars = new char[8];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[random.Next(Alphabet.Length)];
            }

            var code = $"CC-{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
            if (used.Add(code))
            {
                return code;
            }
        }
    }
}
