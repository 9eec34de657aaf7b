using System.Data.Common;

namespace ConnectedCalifornia.Hosting;

/// <summary>The provider-neutral command plumbing of the ADO.NET stores (<c>using static</c>): a command on a connection, a named parameter.</summary>
internal static class DbCommands
{
    /// <summary>A command with this text, in <paramref name="transaction"/> when one is given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }

    /// <summary>Adds the parameter <paramref name="name"/> (null is sent as SQL NULL).</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
