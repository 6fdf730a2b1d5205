using System.Text;

namespace Hub.Cli.Reports;

/// <summary>
/// Where a report's files go: the folder is created when missing and files in it are replaced; pages are UTF-8
/// without a byte-order mark (the page declares its charset itself).
/// </summary>
internal static class ReportFolder
{
    public static readonly Encoding PageEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Creates <paramref name="directory"/> when missing and returns its full path.</summary>
    public static string Create(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return Directory.CreateDirectory(directory).FullName;
    }
}
