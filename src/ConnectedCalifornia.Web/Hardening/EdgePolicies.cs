namespace ConnectedCalifornia.Web.Hardening;

/// <summary>Names of the rate-limit policies features put on their endpoints (<c>.RequireRateLimiting(...)</c>).</summary>
public static class EdgePolicies
{
    /// <summary>Forms anyone may send without an account: event registration, join applications, listing claims.</summary>
    public const string PublicForms = "public-forms";

    /// <summary>The HSDS export and import: the whole directory in one request.</summary>
    public const string Hsds = "hsds";
}
