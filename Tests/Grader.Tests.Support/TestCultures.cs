namespace Grader.Tests.Support;

/// <summary>Cultures for the invariance tests.</summary>
public static class TestCultures
{
    /// <summary>
    /// Real de-DE when the runtime has it; the repository builds with InvariantGlobalization, where it does not exist,
    /// so fall back to a culture with de-DE number conventions (comma decimals, dot grouping, ';' list separator).
    /// </summary>
    public static CultureInfo German()
    {
        try
        {
            var de = new CultureInfo("de-DE");
            if (de.NumberFormat.NumberDecimalSeparator == ",")
            {
                return de;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        c.TextInfo.ListSeparator = ";";
        return c;
    }

    /// <summary>Runs <paramref name="action"/> with <see cref="German"/> as the current culture.</summary>
    public static T InGerman<T>(Func<T> action)
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            var german = German();
            CultureInfo.CurrentCulture = german;
            CultureInfo.CurrentUICulture = german;
            if ((1.5).ToString(CultureInfo.CurrentCulture) != "1,5")
            {
                throw new InvalidOperationException("the test culture must use comma decimals");
            }

            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
