using ConnectedCalifornia.Web.Seeding;
using static ConnectedCalifornia.Web.Tests.Authorization.MatrixRole;

namespace ConnectedCalifornia.Web.Tests.Authorization;

// The directory's library rows (issue 3). Properties, like the other partial files.
public static partial class AuthorizationMatrix
{
    /// <summary>A published seeded entry (Proposition 35) and the seeded draft (SB 114, waiting for a curator).</summary>
    private const string LibraryEntry = DemoLibraryData.Proposition35;
    private const string LibraryDraft = DemoLibraryData.DraftEntry;

    // An empty title and a malformed bill number: an allowed curator gets a validation problem and nothing changes.
    private const string InvalidLibraryEntry = """{"kind":"Legislation","title":"","summary":"x","language":"en","legislation":{"billNumber":"HB-12x"}}""";

    private static MatrixRole[] LibraryCurators => [Curator, SystemAdmin];

    private static MatrixRow[] LibraryEndpoints =>
    [
        new("GET /api/library/", "/api/library?kind=Legislation&q=proposition", Everyone),
        new("GET /api/library/{entryId}", $"/api/library/{LibraryEntry}", Everyone),

        // The draft's history and commands: curators only; the bodies are invalid, so nothing changes.
        new("GET /api/library/{entryId}/history", $"/api/library/{LibraryDraft}/history", LibraryCurators),
        new("POST /api/library/", "/api/library/", LibraryCurators, InvalidLibraryEntry),
        new("PUT /api/library/{entryId}", $"/api/library/{LibraryDraft}", LibraryCurators, InvalidLibraryEntry),

        // No "published" value: refused with a problem, nothing changes.
        new("PUT /api/library/{entryId}/publication", $"/api/library/{LibraryDraft}/publication", LibraryCurators, "{}"),
    ];

    private static MatrixRow[] LibraryPages =>
    [
        new("/library", "/library", Everyone),
        new("/library/{entryId}", $"/library/{LibraryEntry}", Everyone),
        new("/library/manage", "/library/manage", LibraryCurators),
        new("/library/new", "/library/new", LibraryCurators),
        new("/library/{entryId}/edit", $"/library/{LibraryDraft}/edit", LibraryCurators),
    ];

    private static MatrixRow[] LibraryHubMethods =>
    [
        new("hub Join(library:public)", "library:public", Everyone),
        new("hub Join(library:curators)", "library:curators", LibraryCurators),
    ];
}
