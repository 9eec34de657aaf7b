using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.Library;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Components.Layout;
using ConnectedCalifornia.Web.Components.Pages.Directory;
using ConnectedCalifornia.Web.Components.Pages.Initiatives;
using ConnectedCalifornia.Web.Components.Pages.Library;
using ConnectedCalifornia.Web.Components.Pages.TaskForces;
using ConnectedCalifornia.Web.Initiatives;
using ConnectedCalifornia.Web.Library;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The rest of the signed-in network (issue 18): task forces, initiatives, the library, the system admin's people page,
/// the error and not-found pages, the everyday account pages (profile, e-mail, password, two-factor sign-in), and the
/// curators' desks (curation, applications and claims, re-verification,
/// taxonomy, the HSDS import, an organization's manage page, training completions). Held to the same rules as the
/// night path: every text has its Spanish, no English written outside a localizer, and the words composed in code
/// (task-force roles, library kinds and bill statuses, goal measures, verified fields) are said in Spanish.
/// </summary>
public sealed partial class LocalizationResourceTests
{
    /// <summary>A property, not a field: <see cref="CoveredPages"/> in the other part of this class reads it while it is initialized.</summary>
    private static string[] NetworkPages =>
    [
        "Components/Pages/TaskForces/TaskForces.razor",
        "Components/Pages/TaskForces/TaskForcePage.razor",
        "Components/Pages/TaskForces/TaskForceCreate.razor",
        "Components/Pages/TaskForces/TaskForceEdit.razor",
        "Components/Pages/TaskForces/TaskForceCountiesField.razor",
        "Components/Pages/TaskForces/TaskForceNotices.razor",
        "Components/Pages/TaskForces/TaskForcePeoplePanel.razor",
        "Components/Pages/TaskForces/TaskForceInvitationsPanel.razor",
        "Components/Pages/TaskForces/OrganizationTaskForcesPanel.razor",
        "Components/Pages/TaskForces/MyInvitations.razor",
        "Components/Pages/Initiatives/Initiatives.razor",
        "Components/Pages/Initiatives/InitiativePage.razor",
        "Components/Pages/Initiatives/InitiativeCreate.razor",
        "Components/Pages/Initiatives/InitiativeManage.razor",
        "Components/Pages/Initiatives/InitiativeProfileFields.razor",
        "Components/Pages/Library/LibrarySearch.razor",
        "Components/Pages/Library/LibraryEntryPage.razor",
        "Components/Pages/Library/ManageLibrary.razor",
        "Components/Pages/Library/LibraryEditor.razor",
        "Components/Pages/Library/NewLibraryEntry.razor",
        "Components/Pages/Library/EditLibraryEntry.razor",
        "Components/Pages/Admin/PeopleAdmin.razor",
        "Components/Pages/Error.razor",
        "Components/Pages/NotFound.razor",
        "Components/Pages/Directory/ManageOrganization.razor",
        "Components/Pages/Directory/CurationDesk.razor",
        "Components/Pages/Directory/ChangeRequestDiff.razor",
        "Components/Pages/Directory/OrganizationChangeReview.razor",
        "Components/Pages/Directory/MyMemberInvitations.razor",
        "Components/Pages/Directory/TaxonomyAdmin.razor",
        "Components/Pages/Directory/HsdsImport.razor",
        "Components/Pages/Directory/HsdsReasonTable.razor",
        "Components/Pages/Joining/CurationApplications.razor",
        "Components/Pages/Joining/CurationReverification.razor",
        "Components/Pages/Calendars/CompletionsPage.razor",
        "Components/Pages/Calendars/TaskForceCalendar.razor",
        "Components/Pages/Calendars/InitiativeCalendar.razor",
        "Components/Account/Shared/ManageLayout.razor",
        "Components/Account/Shared/ManageNavMenu.razor",
        "Components/Account/Shared/TwoFactorRequiredNotice.razor",
        "Components/Account/Pages/Manage/Index.razor",
        "Components/Account/Pages/Manage/Email.razor",
        "Components/Account/Pages/Manage/ChangePassword.razor",
        "Components/Account/Pages/Manage/TwoFactorAuthentication.razor",
    ];

    [Fact]
    public void PseudoLocale_the_task_force_initiative_library_and_curation_pages_write_no_english_outside_their_localizers()
    {
        var literal = EnglishOutsideLocalizers(NetworkPages);
        Assert.True(literal.Count == 0, "English outside the localizers:\n" + string.Join("\n", literal));
    }

    [Fact]
    public void Localization_words_the_network_pages_compose_in_code_are_said_in_spanish()
    {
        using var spanish = TestCulture.Use("es");
        var taskForces = TestCulture.Localizer<TaskForcesText>();
        var library = TestCulture.Localizer<LibraryPagesText>();
        var initiatives = TestCulture.Localizer<InitiativesText>();
        var directory = TestCulture.Localizer<DirectoryText>();
        var shell = TestCulture.Localizer<ShellText>();
        var missing = new List<string>();

        // Every role of an organization or a person in a task force.
        var roles = Enum.GetValues<TaskForceOrganizationRole>().Select(TaskForceRoleWords.Of)
            .Concat(Enum.GetValues<TaskForceRole>().Select(TaskForceRoleWords.Of));
        missing.AddRange(roles.Where(w => taskForces[w].ResourceNotFound).Select(w => $"TaskForcesText: \"{w}\""));

        // Every kind of library entry and bill status, and the word for a fact nobody recorded.
        var libraryWords = Enum.GetValues<LibraryKind>().Select(k => LibraryFormats.Label(k))
            .Concat(Enum.GetValues<LegislationStatus>().Select(s => LibraryFormats.Label(s)))
            .Append(LibraryText.NotRecorded);
        missing.AddRange(libraryWords.Where(w => library[w].ResourceNotFound).Select(w => $"LibraryPagesText: \"{w}\""));

        // Every goal measure; every verified field a curator decides on; every kind of organization and weekday of the manage page.
        missing.AddRange(Enum.GetValues<GoalMeasure>().Select(InitiativeText.Measure).Where(w => initiatives[w].ResourceNotFound).Select(w => $"InitiativesText: \"{w}\""));
        var directoryWords = VerifiedFields.All.Select(VerifiedFields.Label)
            .Concat(Enum.GetValues<OrganizationKind>().Select(k => Organizations.Humanize(k.ToString())))
            .Concat(Enum.GetValues<DayOfWeek>().Select(d => d.ToString()))
            .Concat(Enum.GetValues<VerificationStatus>().Select(s => s.ToString()));
        missing.AddRange(directoryWords.Where(w => directory[w].ResourceNotFound).Select(w => $"DirectoryText: \"{w}\""));
        Assert.True(missing.Count == 0, "No Spanish for:\n" + string.Join("\n", missing));

        // A bill's line and the confirmation dialog's way back, as a Spanish reader sees them.
        Assert.Equal("AB 2105 · sesión 2017–2018 · Promulgada · de Sen. Ejemplo",
            LibraryText.BillLine(new LegislationDetails("AB 2105", "Sen. Ejemplo", "2017–2018", LegislationStatus.Chaptered, null), library));
        Assert.Equal("4 de marzo de 2025", LibraryText.Date(new DateOnly(2025, 3, 4), library));
        Assert.Equal("Sin registrar", LibraryText.Date(null, library));
        Assert.Equal("Dejarlo como está", shell["Keep as it is"]);
        Assert.Equal("Condado de Fresno", taskForces["{0} County", "Fresno"]);
    }
}
