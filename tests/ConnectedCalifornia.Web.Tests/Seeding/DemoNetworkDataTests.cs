using System.Text.RegularExpressions;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Seeding;

namespace ConnectedCalifornia.Web.Tests.Seeding;

public sealed partial class DemoNetworkDataTests
{
    private static readonly HashSet<string> OrganizationKeys =
        DemoNetworkData.Organizations.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Has_at_least_sixty_organizations()
    {
        Assert.True(DemoNetworkData.Organizations.Count >= 60, $"only {DemoNetworkData.Organizations.Count} organizations");
    }

    [Fact]
    public void Organizations_cover_at_least_twenty_counties()
    {
        var counties = DemoNetworkData.Organizations.SelectMany(o => o.Profile.Counties).Distinct().Count();
        Assert.True(counties >= 20, $"only {counties} counties");
    }

    [Fact]
    public void Keys_are_valid_and_unique()
    {
        var keys = DemoNetworkData.Organizations.Select(o => o.Key)
            .Concat(DemoNetworkData.TaskForces.Select(t => t.Key))
            .Concat(DemoNetworkData.Initiatives.Select(i => i.Key))
            .ToList();
        Assert.All(keys, key => Assert.True(Identifiers.IsValidKey(key), $"invalid key '{key}'"));
        Assert.Equal(DemoNetworkData.Organizations.Count, OrganizationKeys.Count);
        Assert.Equal(DemoNetworkData.TaskForces.Count, DemoNetworkData.TaskForces.Select(t => t.Key).Distinct().Count());
        Assert.Equal(DemoNetworkData.Initiatives.Count, DemoNetworkData.Initiatives.Select(i => i.Key).Distinct().Count());
    }

    [Fact]
    public void Every_code_exists_in_the_taxonomy()
    {
        Assert.All(DemoNetworkData.Organizations, o =>
        {
            Assert.NotEmpty(o.Profile.Services);
            Assert.All(o.Profile.Services, c => Assert.True(Taxonomy.IsService(c), $"{o.Key}: service '{c}'"));
            Assert.All(o.Profile.Populations, c => Assert.True(Taxonomy.IsPopulation(c), $"{o.Key}: population '{c}'"));
            Assert.All(o.Profile.Languages, c => Assert.True(Taxonomy.IsLanguage(c), $"{o.Key}: language '{c}'"));
        });
    }

    [Fact]
    public void Every_county_is_a_california_county()
    {
        var counties = DemoNetworkData.Organizations.SelectMany(o => o.Profile.Counties)
            .Concat(DemoNetworkData.TaskForces.SelectMany(t => t.Profile.Counties))
            .Concat(DemoNetworkData.Initiatives.SelectMany(i => i.Profile.Counties));
        Assert.All(counties, c => Assert.True(California.IsCounty(c), $"county '{c}'"));
        Assert.All(DemoNetworkData.Organizations, o => Assert.InRange(o.Profile.Counties.Length, 1, 4));
    }

    [Fact]
    public void Every_referenced_organization_exists()
    {
        var referenced = DemoNetworkData.TaskForces.SelectMany(t => t.Organizations.Select(o => o.OrganizationId))
            .Concat(DemoNetworkData.Initiatives.SelectMany(i => i.Organizations))
            .Concat(DemoNetworkData.Users.SelectMany(u => u.Organizations.Select(o => o.OrganizationKey)));
        Assert.All(referenced, key => Assert.Contains(key, OrganizationKeys));

        var taskForces = DemoNetworkData.TaskForces.Select(t => t.Key).ToHashSet();
        Assert.All(DemoNetworkData.Users.SelectMany(u => u.TaskForces), t => Assert.Contains(t.TaskForceKey, taskForces));
    }

    [Fact]
    public void Every_task_force_has_a_lead_agency_prosecution_victim_services_and_child_welfare()
    {
        Assert.All(DemoNetworkData.TaskForces, t =>
        {
            var roles = t.Organizations.Select(o => o.Role).ToHashSet();
            Assert.Contains(TaskForceOrganizationRole.LeadAgency, roles);
            Assert.Contains(TaskForceOrganizationRole.Prosecution, roles);
            Assert.Contains(TaskForceOrganizationRole.VictimServices, roles);
            Assert.Contains(TaskForceOrganizationRole.ChildWelfare, roles);
        });
    }

    [Fact]
    public void Every_role_has_a_demo_user()
    {
        var users = DemoNetworkData.Users;
        Assert.Contains(users, u => u.Organizations.Any(o => o.Role == OrganizationRole.Staff));
        Assert.Contains(users, u => u.Organizations.Any(o => o.Role == OrganizationRole.Admin));
        Assert.Contains(users, u => u.TaskForces.Any(t => t.Role == TaskForceRole.Lead));
        Assert.Contains(users, u => u.TaskForces.Any(t => t.Role == TaskForceRole.Member));
        Assert.Contains(users, u => u.IsCurator);
        Assert.Contains(users, u => u.IsSystemAdmin);
        Assert.All(users, u => Assert.EndsWith("@" + DemoNetworkData.UserEmailDomain, u.Email, StringComparison.Ordinal));
        Assert.Equal(users.Count, users.Select(u => u.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("Demo-Network-2026!", DemoNetworkData.DemoPassword);
    }

    [Fact]
    public void Phones_are_fictional_555_01xx_numbers()
    {
        var phones = DemoNetworkData.Organizations.SelectMany(o => o.Profile.Contacts)
            .Where(c => c.Kind is ContactKind.Phone or ContactKind.Hotline);
        Assert.All(phones, c => Assert.Matches(FictionalPhone(), c.Value));
    }

    [Fact]
    public void Emails_and_websites_use_example_domains()
    {
        Assert.All(DemoNetworkData.Organizations, o =>
        {
            Assert.NotNull(o.Profile.Website);
            Assert.True(IsExampleHost(new Uri(o.Profile.Website!).Host), $"{o.Key}: website {o.Profile.Website}");
            foreach (var c in o.Profile.Contacts.Where(c => c.Kind is ContactKind.Email))
            {
                Assert.True(IsExampleHost(c.Value[(c.Value.IndexOf('@') + 1)..]), $"{o.Key}: email {c.Value}");
            }

            foreach (var c in o.Profile.Contacts.Where(c => c.Kind is ContactKind.Website))
            {
                Assert.True(IsExampleHost(new Uri(c.Value).Host), $"{o.Key}: website contact {c.Value}");
            }
        });
    }

    [Fact]
    public void Every_organization_has_a_public_phone_and_shelter_addresses_are_confidential()
    {
        Assert.All(DemoNetworkData.Organizations, o =>
        {
            Assert.Contains(o.Profile.Contacts, c => c.Kind == ContactKind.Phone && c.Visibility == Visibility.Public);
            if (o.Profile.Services.Contains("shelter-housing"))
            {
                var addresses = o.Profile.Contacts.Where(c => c.Kind == ContactKind.Address).ToList();
                Assert.NotEmpty(addresses);
                Assert.All(addresses, a => Assert.Equal(Visibility.Organization, a.Visibility));
            }
        });
    }

    [Fact]
    public void A_spanish_speaking_shelter_for_minors_exists_in_fresno()
    {
        Assert.Contains(DemoNetworkData.Organizations, o =>
            o.Profile.Services.Contains("shelter-housing")
            && o.Profile.Populations.Contains("minors-csec")
            && o.Profile.Languages.Contains("es")
            && o.Profile.Counties.Contains("06019")
            && o.Profile.AcceptingReferrals);
    }

    private static bool IsExampleHost(string host) =>
        host is "example.org" or "example.com"
        || host.EndsWith(".example.org", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".example.com", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\(\d{3}\) 555-01\d{2}$")]
    private static partial Regex FictionalPhone();
}
