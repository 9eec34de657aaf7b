namespace ConnectedCalifornia.Web.Tests.Authorization;

// Languages: anyone may choose the language of their own browser (the form carries an antiforgery token;
// LocalizationTests checks what it stores and where it returns).
public static partial class AuthorizationMatrix
{
    private static MatrixRow[] LocalizationEndpoints =>
    [
        new("POST /culture", "/culture", Everyone),
    ];
}
